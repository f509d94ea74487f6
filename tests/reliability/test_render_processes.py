"""Render processes never outlive the web worker that started them (issue 13, item 2), against gunicorn started as
the README says: a lobbyist previews a position paper with a 16,000-row table, the gunicorn worker is SIGKILLed in
the middle of the render, and within a few seconds no process the worker started is left running."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask_migrate import upgrade

from crm.auth.services import create_user
from crm.extensions import db
from tests.conftest import PASSWORD, make_test_app
from tests.processes import ROOT, Process, children, descendants, free_port, read_process, serving_command

EMAIL = "lobbyist@render.test"
HIDDEN = re.compile(r'name="(csrf_token|form_token)"[^>]*value="([^"]+)"')
HUGE_TABLE = "## Alle gemeenten\n\n| x |\n|---|\n" + "| x |\n" * 16_000
GONE_WITHIN = 5  # seconds


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path
    started: list[Process] = field(default_factory=list)  # processes the test saw started, stopped afterwards

    def workers(self) -> list[Process]:
        return [p for p in children(self.process.pid) if "gunicorn" in p.command]


def wait_for(condition, seconds: float, what: str):
    """Poll until `condition()` is truthy, at most `seconds`; returns its value (bounded, never an assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s: {what}")


def environment(database_url: str, instance: Path, **settings: str) -> dict[str, str]:
    return {**os.environ, "BONDGENOOT_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance), "SESSION_COOKIE_SECURE": "false",
            "HSTS": "false", "LOG_LEVEL": "WARNING", **settings}  # fmt: skip


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    """gunicorn as the README starts it (one worker, on loopback), on a scratch SQLite database with a lobbyist."""
    url = f"sqlite:///{tmp_path / 'render.db'}"
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        create_user(email=EMAIL, name="Lotte Lobby", role="lobbyist", password=PASSWORD)
        db.session.commit()
        db.engine.dispose()
    port = free_port()
    log = tmp_path / "gunicorn.log"
    # A preview limit long enough to kill the worker mid-render, and still fitting the README's --timeout.
    env = environment(url, tmp_path, DOCUMENT_PREVIEW_SECONDS="45")
    with log.open("wb") as errors:
        process = subprocess.Popen(serving_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603
    served = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_for(lambda: answers(served.base + "/login") or process.poll() is not None, 60, "gunicorn answers")
        assert process.poll() is None, log.read_text(errors="replace")[-2000:]
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        for leftover in served.started:  # whatever the outcome, nothing of this test keeps running
            if leftover.running:
                os.kill(leftover.pid, signal.SIGKILL)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http on loopback
            return response.status == 200
    except OSError:
        return False


def signed_in(base: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = {**hidden_fields(opener, base + "/login"), "email": EMAIL, "password": PASSWORD}
    with opener.open(base + "/login", data=urllib.parse.urlencode(form).encode(), timeout=30) as response:
        assert urllib.parse.urlsplit(response.url).path != "/login", "signing in failed"
    return opener


def hidden_fields(opener, url: str) -> dict[str, str]:
    with opener.open(url, timeout=30) as response:
        return dict(HIDDEN.findall(response.read().decode()))


def start_preview(opener, base: str) -> threading.Thread:
    """POST the preview in a thread of its own: it never gets an answer, its worker is killed."""
    url = base + "/documents/new/builtin:position_paper"
    form = {**hidden_fields(opener, url), "title": "Notitie", "dossier_id": "0", "tagged": "y", "f_title": "Notitie",
            "f_summary": "Kort.", "f_sections": HUGE_TABLE, "action": "preview"}  # fmt: skip

    def post() -> None:
        try:
            with opener.open(url, data=urllib.parse.urlencode(form).encode(), timeout=120) as response:
                response.read()
        except OSError:
            pass  # the connection is cut when the worker is killed

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread


def rendering(worker: Process) -> Process | None:
    """The worker's render process, once it has been busy for a while (the render is under way)."""
    for child in children(worker.pid):
        if "multiprocessing.spawn" in child.command and child.cpu_seconds >= 2:
            return child
    return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_render_processes_die_with_the_gunicorn_worker_killed_mid_render(server):
    (worker,) = wait_for(server.workers, 30, "one gunicorn worker")
    opener = signed_in(server.base)
    request = start_preview(opener, server.base)
    busy = wait_for(lambda: rendering(worker), 60, "a render process busy with the preview")
    started = descendants(worker.pid)  # the render workers and multiprocessing's resource tracker
    server.started += started
    assert busy.pid in {p.pid for p in started}

    os.kill(worker.pid, signal.SIGKILL)
    began = time.monotonic()
    try:
        wait_for(lambda: not any(p.running for p in started), GONE_WITHIN, "the render processes are gone")
    except AssertionError:
        left = [(p.pid, p.command[:80], read_process(p.pid)) for p in started if p.running]
        raise AssertionError(f"still running {GONE_WITHIN} s after the worker was killed: {left}") from None
    assert time.monotonic() - began < GONE_WITHIN
    request.join(timeout=30)
    # gunicorn replaced the worker, and the site keeps serving.
    wait_for(lambda: answers(server.base + "/login"), 60, "the site serves again")


def test_gunicorn_refuses_to_start_when_a_render_could_outlast_its_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'refused.db'}"
    command = serving_command(free_port(), timeout="25")  # the default request limit (20 s) + 10 s does not fit
    finished = subprocess.run(command, cwd=ROOT, env=environment(url, tmp_path), capture_output=True, text=True,  # noqa: S603
                              timeout=60, check=False)  # fmt: skip
    assert finished.returncode != 0
    assert "DOCUMENT_REQUEST_SECONDS=20 must be at least 10 seconds below the worker timeout" in finished.stderr

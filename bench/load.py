"""The dashboard under a bounded load (issue 6): gunicorn with 2 workers on loopback, serving the large dataset, and a
few simulated directors who each sign in and then open the dashboard again and again (this month, this quarter, this
year, one coalition) for a fixed time or number of requests, whichever ends first.

Reports the latency percentiles (p50, p95, p99, in ms), the throughput and the failed requests. Only loopback is
used; the server is stopped afterwards whatever happens.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.build import BuiltDataset
from bench.generate import DIRECTOR_EMAIL

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DASHBOARD_URLS = ("/dashboard/", "/dashboard/?period=quarter", "/dashboard/?period=year", "/dashboard/?coalition=1")
P95_BUDGET_MS = 3000  # generous: a shared 2-core machine; the point is to notice a dashboard that falls over


@dataclass
class LoadPlan:
    seconds: float
    clients: int
    max_requests: int


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(database_url: str, port: int, instance: str, errors, **extra_env: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "BONDGENOOT_ENV": "development",
        "INSTANCE_PATH": instance,
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
               "--no-control-socket", "--log-level", "warning", "wsgi:app"]  # fmt: skip
    # Our own fixed command line; the server's log goes to a file, which a full pipe could otherwise block on.
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603


def wait_until_serving(base: str, server: subprocess.Popen, errors: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {errors.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/login", timeout=5) as response:  # noqa: S310 - http on loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def signed_in_opener(base: str, email: str, password: str, jar: http.cookiejar.CookieJar | None = None):
    """A urllib opener signed in through the login form (its session cookie in `jar`, a new jar by default)."""
    jar = http.cookiejar.CookieJar() if jar is None else jar  # (an empty jar is falsy)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=30) as response:
        token = CSRF.search(response.read().decode()).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    with opener.open(base + "/login", data=form, timeout=30) as response:
        if urllib.parse.urlsplit(response.url).path == "/login":  # directors land on the dashboard, others on /
            raise RuntimeError(f"signing in as {email} failed: the login page came back")
    return opener


def client(base: str, opener, deadline: float, budget: list[int], tally: Tally, offset: int) -> None:
    number = offset
    while time.monotonic() < deadline:
        with tally.lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        url = base + DASHBOARD_URLS[number % len(DASHBOARD_URLS)]
        number += 1
        started = time.perf_counter()
        try:
            with opener.open(url, timeout=60) as response:
                body = response.read()
                ok = response.status == 200 and b"<h1>" in body
                problem = None if ok else f"{url}: HTTP {response.status}"
        except OSError as error:  # HTTPError (4xx/5xx), timeouts, refused connections
            problem = f"{url}: {error}"
        elapsed = (time.perf_counter() - started) * 1000
        with tally.lock:
            tally.latencies_ms.append(elapsed)
            if problem:
                tally.errors.append(problem)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class Served:
    base: str
    error_log: Path

    def server_errors(self) -> list[str]:
        """Lines gunicorn (or the app through it) logged at ERROR: tracebacks of 500s, "database is locked"."""
        return [line for line in self.error_log.read_text(errors="replace").splitlines() if "ERROR" in line]


@contextmanager
def gunicorn_serving(database_url: str) -> Iterator[Served]:
    """gunicorn with 2 workers on 127.0.0.1 and a free port, serving `database_url`; stopped whatever happens."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bondgenoot-load-") as instance:
        error_log = Path(instance) / "gunicorn.log"
        with error_log.open("wb") as errors:
            server = start_gunicorn(database_url, port, instance, errors)
        try:
            wait_until_serving(base, server, error_log)
            yield Served(base, error_log)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def measure_dashboard_load(dataset: BuiltDataset, plan: LoadPlan) -> tuple[list[dict], list[str], dict]:
    with gunicorn_serving(dataset.database_url) as served:
        base = served.base
        openers = [signed_in_opener(base, DIRECTOR_EMAIL, dataset.registry.password) for _ in range(plan.clients)]
        for opener in openers:  # one warm-up request each, so both workers have loaded everything once
            opener.open(base + "/dashboard/", timeout=60).read()
        tally, budget = Tally(), [plan.max_requests]
        started = time.monotonic()
        deadline = started + plan.seconds
        threads = [threading.Thread(target=client, args=(base, opener, deadline, budget, tally, i))
                   for i, opener in enumerate(openers)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server_errors = served.server_errors()
    latencies = tally.latencies_ms
    details = {
        "server": "gunicorn, 2 workers, 127.0.0.1",
        "dataset": dataset.name,
        "clients": plan.clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "throughput_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "errors": len(tally.errors),
    }
    log(f"load.dashboard: {details}")
    results = [
        {"name": "load.dashboard.p50_ms", "value": details["p50_ms"] or 0, "budget": P95_BUDGET_MS, "unit": "ms"},
        {"name": "load.dashboard.p95_ms", "value": details["p95_ms"] or 0, "budget": P95_BUDGET_MS, "unit": "ms"},
        {"name": "load.dashboard.errors", "value": details["errors"], "budget": 0, "unit": "requests"},
    ]
    problems = [f"load.dashboard: {error}" for error in (tally.errors + server_errors)[:10]]
    if not latencies:
        problems.append("load.dashboard: no request was answered")
    return results, problems, details

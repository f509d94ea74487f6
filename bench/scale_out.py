"""Scale-out (issue 15): two gunicorn servers (2 workers each) and two task workers on PostgreSQL + Redis, as the
README's deployment runs them on several machines (here: on loopback, each with its own port):

1. the login limit across both servers: twice the limit of failed sign-ins from one address, alternating between
   the servers; shared through Redis, no more than the limit are accepted;
2. the mixed load of bench/load_mixed.py (lobbyists reading and writing, directors reading) spread over both
   servers for 60 s (quick: 10 s), and during it a lobbyist starts mail merges (4 to 342 municipalities; quick: 2 to
   40) through the merge page on either server; the task workers make them.

Reported: throughput, p50/p95/p99, errors (answers other than 2xx/3xx, timeouts, ERROR lines of the servers and the
workers), lost writes, merges completed (each exactly once: done in one attempt, every letter in the PDF, one letter
contact per recipient), whether the login limit held, and the peak memory of the web processes and of the workers.
Needs PostgreSQL (BENCH_DATABASE_URL) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379); without them it is
reported as skipped.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import secrets
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from sqlalchemy import create_engine, text

from bench.build import BuiltDataset
from bench.form_page import post_form_fields
from bench.generate import DIRECTOR_EMAIL, LOBBYIST_EMAIL
from bench.load import CSRF, free_port, log, start_gunicorn, wait_until_serving
from bench.load_mixed import (
    SECOND_LOBBYIST_EMAIL,
    TIMEOUT_S,
    Outcome,
    User,
    _count_lost,
    _spread,
    _targets,
)
from bench.workers import children, peak_rss_mb, task_worker, wait_until, worker_env

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
TASKS_DB, LIMITS_DB = 13, 14
MERGE_FORM = "/documents/merge/new/builtin:municipal_call"
P95_BUDGET_MS = 3000


@dataclass(frozen=True)
class ScaleOutPlan:
    seconds: float
    lobbyists: int
    directors: int
    max_requests: int
    merges: int
    recipients: int
    login_limit: int = 30


def _redis():
    import redis

    return redis.Redis.from_url(f"{REDIS_URL}/{LIMITS_DB}", socket_connect_timeout=2)


def _why_not(dataset: BuiltDataset) -> str | None:
    if not dataset.database_url.startswith("postgresql"):
        return "needs PostgreSQL: set BENCH_DATABASE_URL"
    try:
        _redis().ping()
    except Exception as error:  # redis.ConnectionError and the like
        return f"needs Redis at {REDIS_URL}: {error}"
    return None


def _province(database_url: str, municipalities: int, run: str) -> int:
    """A province with this many municipalities (the merges' recipients), added to the dataset through the models."""
    import config
    from crm import create_app
    from crm.audit.context import auditing_disabled
    from crm.extensions import db
    from crm.partners.models import Organisation

    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context(), auditing_disabled():
        province = Organisation(name=f"Provincie {run}", kind="province")
        db.session.add(province)
        db.session.flush()
        db.session.add_all(Organisation(name=f"Gemeente {run} {i:03d}", kind="municipality", province_id=province.id,
                                        address="Markt 1", postal_code="1234 AB", city=f"Plaats {i:03d}")
                           for i in range(municipalities))  # fmt: skip
        db.session.commit()
        province_id = province.id
        db.engine.dispose()
    return province_id


def _opener(base: str, email: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=30) as response:
        token = CSRF.search(response.read().decode()).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    opener.open(base + "/login", data=form, timeout=30).read()
    return opener, jar


def _login_limit_check(bases: list[str], limit: int) -> dict:
    """Twice the limit of failed sign-ins from this address, alternating between the servers."""
    pages = []
    for base in bases:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(base + "/login", timeout=30) as response:
            pages.append((base, opener, CSRF.search(response.read().decode()).group(1)))
    accepted, refused, other = 0, 0, 0
    for attempt in range(2 * limit):
        base, opener, token = pages[attempt % len(pages)]
        form = urllib.parse.urlencode({"email": "niemand@bench.example", "password": "fout-wachtwoord-123",
                                       "csrf_token": token}).encode()  # fmt: skip
        try:
            opener.open(base + "/login", data=form, timeout=30).read()
            accepted += 1
        except urllib.error.HTTPError as error:
            if error.code == 429:
                refused += 1
            elif error.code == 422:  # the form shown again with "wrong password": counted by the limit
                accepted += 1
            else:
                other += 1
            error.close()
    return {"limit_per_minute": limit, "attempts": 2 * limit, "accepted": accepted, "refused_429": refused,
            "other": other, "held": accepted <= limit and refused > 0}  # fmt: skip


def _clear_limits() -> None:
    client = _redis()
    for key in client.scan_iter("LIMITS*"):
        client.delete(key)


def _merge_starter(bases: list[str], email: str, password: str, plan: ScaleOutPlan, province: int, run: str,
                   started_at: float, outcome: Outcome, jobs: list[int]) -> None:  # fmt: skip
    """A lobbyist starting the merges through the page, spread over the load, on either server."""
    openers = [(base, _opener(base, email, password)[0]) for base in bases]
    for number in range(plan.merges):
        at = started_at + plan.seconds * (number + 0.5) / (plan.merges + 1)
        time.sleep(max(0.0, at - time.monotonic()))
        base, opener = openers[number % len(openers)]
        try:
            with opener.open(f"{base}{MERGE_FORM}?recipients=province:{province}", timeout=TIMEOUT_S) as response:
                fields = dict(post_form_fields(response.read().decode(), "form_token"))
            fields.update({"title": f"Oproep {run} {number + 1}", "f_subject": "Cultuureducatie in uw gemeente",
                           "f_body": "Wij vragen uw college **cultuureducatie** te steunen in {gemeente}.",
                           "recipients": f"province:{province}", "output": "pdf", "log_contacts": "y"})  # fmt: skip
            poster = urllib.request.build_opener(*[h for h in opener.handlers if isinstance(
                h, urllib.request.HTTPCookieProcessor)], _NoRedirect())  # fmt: skip
            poster.open(f"{base}{MERGE_FORM}", data=urllib.parse.urlencode(fields).encode(), timeout=TIMEOUT_S)
            outcome.errors.append(f"merge {number + 1}: the form came back instead of the merge's page")
        except urllib.error.HTTPError as answer:
            location = answer.headers.get("Location", "")
            found = re.search(r"/documents/merge/(\d+)$", location)
            if answer.code in (302, 303) and found:
                jobs.append(int(found.group(1)))
            else:
                with outcome.lock:
                    outcome.errors.append(f"merge {number + 1}: HTTP {answer.code} {location}")
            answer.close()
        except OSError as error:
            with outcome.lock:
                outcome.errors.append(f"merge {number + 1}: {error}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _merge_outcome(database_url: str, jobs: list[int], run: str, recipients: int) -> list[dict]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            query = text(
                "SELECT id, status, attempts, done, total, error, result, started_at, finished_at, arguments "
                "FROM jobs WHERE id = ANY(:ids) ORDER BY id"
            )
            rows = conn.execute(query, {"ids": jobs}).all()
            outcome = []
            for row in rows:
                title = row.arguments["title"]
                contacts = conn.scalar(text("SELECT count(*) FROM interactions WHERE subject = :s"),
                                       {"s": f"Brief: {title}"})  # fmt: skip
                pages = len(pikepdf.open(io.BytesIO(row.result)).pages) if row.result else 0
                seconds = (row.finished_at - row.started_at).total_seconds() if row.finished_at else None
                outcome.append({"job": row.id, "status": row.status, "attempts": row.attempts, "letters": row.done,
                                "contacts_logged": contacts, "pages": pages, "seconds": seconds, "error": row.error,
                                "exactly_once": row.status == "done" and row.attempts == 1 and row.done == recipients
                                and contacts == recipients and pages >= recipients})  # fmt: skip
            return outcome
    finally:
        engine.dispose()


def _web_peaks(servers: list[subprocess.Popen]) -> list[int]:
    """VmHWM of every gunicorn worker (the processes that serve requests)."""
    return [mb for server in servers for pid in children(server.pid) if (mb := peak_rss_mb(pid)) is not None]


def _rss(servers: list[subprocess.Popen]) -> list[int]:
    values = []
    for server in servers:
        for pid in children(server.pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        values.append(round(int(line.split()[1]) / 1024))
            except OSError:
                continue
    return values


def measure_scale_out(dataset: BuiltDataset, plan: ScaleOutPlan) -> tuple[list[dict], list[str], dict]:
    reason = _why_not(dataset)
    if reason:
        log(f"scale_out: skipped ({reason})")
        return [], [], {"skipped": reason}
    run = f"Schaal {secrets.token_hex(3)}"
    database_url = dataset.database_url
    province = _province(database_url, plan.recipients, run)
    targets = _targets(database_url)
    password = dataset.registry.password
    secret = secrets.token_hex(32)
    queue = {"TASKS_URL": f"{REDIS_URL}/{TASKS_DB}", "TASKS_NAME": f"bench-{run.split()[-1]}"}
    shared = {**queue, "SECRET_KEY": secret, "RATELIMIT_STORAGE_URI": f"{REDIS_URL}/{LIMITS_DB}",
              "LOGIN_RATE_LIMIT": f"{plan.login_limit} per minute"}  # fmt: skip
    _clear_limits()
    outcome = Outcome(remaining=plan.max_requests)
    jobs: list[int] = []
    with tempfile.TemporaryDirectory(prefix="bondgenoot-scale-") as folder, ExitStack() as stack:
        servers, logs, bases = [], [], []
        for number in range(2):
            port, error_log = free_port(), Path(folder) / f"gunicorn-{number + 1}.log"
            with error_log.open("wb") as errors:
                server = start_gunicorn(database_url, port, folder, errors, **shared)
            stack.callback(_stop, server)
            servers.append(server)
            logs.append(error_log)
            bases.append(f"http://127.0.0.1:{port}")
        workers = []
        for number in range(2):
            env = worker_env(database_url, queue["TASKS_URL"], queue["TASKS_NAME"], folder, secret)
            workers.append(stack.enter_context(task_worker(env, Path(folder) / f"worker-{number + 1}.log")))
        for base, server, error_log in zip(bases, servers, logs, strict=True):
            wait_until_serving(base, server, error_log)

        limits = _login_limit_check(bases, plan.login_limit)
        log(f"scale_out: login limit across both servers: {limits}")
        _clear_limits()  # the load's users sign in next

        lobbyists = [(LOBBYIST_EMAIL, SECOND_LOBBYIST_EMAIL)[i % 2] for i in range(plan.lobbyists)]
        users = [(User(bases[i % 2], email, password, f"lobby{i + 1}", run, i, outcome, targets), False)
                 for i, email in enumerate(lobbyists)]  # fmt: skip
        users += [(User(bases[(i + 1) % 2], DIRECTOR_EMAIL, password, f"dir{i + 1}", run, 100 + i, outcome, targets),
                   True) for i in range(plan.directors)]  # fmt: skip
        for user, director in users:  # a warm-up request each
            user.opener.open(user.base + ("/dashboard/" if director else "/"), timeout=TIMEOUT_S).read()
        web_before = _rss(servers)
        started = time.monotonic()
        threads = [threading.Thread(target=user.work, args=(started + plan.seconds, director), name=user.name)
                   for user, director in users]  # fmt: skip
        threads.append(threading.Thread(target=_merge_starter, name="merges", args=(
            bases, LOBBYIST_EMAIL, password, plan, province, run, started, outcome, jobs)))  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        merges_done = wait_until(lambda: _all_finished(database_url, jobs), timeout=1200, interval=1)
        merge_wait = time.monotonic() - started - elapsed
        web_peak = _web_peaks(servers)
        worker_peak = [w.peak_rss_mb() for w in workers]
        server_errors = [line for path in logs for line in path.read_text(errors="replace").splitlines()
                         if "ERROR" in line]  # fmt: skip
        worker_errors = [line for w in workers for line in w.errors()]
    lost, unanswered, counted = _count_lost(database_url, run, outcome)
    merges = _merge_outcome(database_url, jobs, run, plan.recipients)
    completed = sum(1 for m in merges if m["exactly_once"])
    everything = outcome.reads_ms + outcome.writes_ms
    errors = len(outcome.errors) + len(server_errors) + len(worker_errors)
    details = {
        "servers": "2 × gunicorn (2 workers each), 127.0.0.1; 2 × flask crm worker (1 job at a time each)",
        "database": "postgresql",
        "tasks": "redis",
        "rate_limits": "redis",
        "dataset": dataset.name,
        "users": {"lobbyists": plan.lobbyists, "directors": plan.directors},
        "seconds": round(elapsed, 1),
        "throughput_per_s": round(len(everything) / elapsed, 1) if elapsed else 0,
        **_spread(everything),
        "reads": _spread(outcome.reads_ms),
        "writes": _spread(outcome.writes_ms),
        **counted,
        "lost_writes": lost,
        "written_without_success_answer": unanswered,
        "errors": errors,
        "merges": {
            "asked": plan.merges,
            "recipients": plan.recipients,
            "completed_exactly_once": completed,
            "all_finished": bool(merges_done),
            "seconds_after_the_load": round(merge_wait, 1),
            "jobs": merges,
        },
        "login_limit": limits,
        "peak_memory_mb": {
            "web_processes_before_load": web_before,
            "web_processes_peak": web_peak,
            "task_workers_peak": worker_peak,
        },
    }
    log(f"scale_out: {details}")
    results = [
        {"name": "scale_out.errors", "value": errors, "budget": 0, "unit": "requests"},
        {"name": "scale_out.lost_writes", "value": lost, "budget": 0, "unit": "writes"},
        {"name": "scale_out.p50_ms", "value": details.get("p50_ms", 0), "budget": None, "unit": "ms"},
        {"name": "scale_out.p95_ms", "value": details.get("p95_ms", 0), "budget": P95_BUDGET_MS, "unit": "ms"},
        {"name": "scale_out.p99_ms", "value": details.get("p99_ms", 0), "budget": None, "unit": "ms"},
        {"name": "scale_out.throughput_per_s", "value": details["throughput_per_s"], "budget": None,
         "unit": "requests/s"},
        {"name": "scale_out.merges_missing", "value": plan.merges - completed, "budget": 0, "unit": "merges"},
        {"name": "scale_out.login_limit_accepted", "value": limits["accepted"], "budget": plan.login_limit,
         "unit": "sign-ins"},
        {"name": "scale_out.web_peak_rss_mb", "value": max(web_peak, default=0), "budget": None, "unit": "MB"},
    ]  # fmt: skip
    problems = [f"scale_out: {error}" for error in (outcome.errors + server_errors + worker_errors)[:10]]
    if not limits["held"]:
        problems.append(f"scale_out: the login limit did not hold across the servers: {limits}")
    if completed != plan.merges:
        problems.append(f"scale_out: {completed} of {plan.merges} merges completed exactly once: {merges}")
    return results, problems, details


def _all_finished(database_url: str, jobs: list[int]) -> bool:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            waiting = conn.scalar(text("SELECT count(*) FROM jobs WHERE id = ANY(:ids) AND status NOT IN "
                                       "('done', 'failed')"), {"ids": jobs})  # fmt: skip
    finally:
        engine.dispose()
    return waiting == 0


def _stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()

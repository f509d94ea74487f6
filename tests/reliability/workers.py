"""Real task workers for the reliability tests: `flask crm worker` in a process of its own, on the committed scratch
database and a scratch task storage (a temporary SQLite file, a Redis database under a name of its own, or the
scratch PostgreSQL database), stopped — or killed — by the test.

Redis is skipped with a loud message when it does not answer locally, unless REQUIRE_REDIS=1 (CI sets it, and
starts Redis), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import ROOT, TESTING_SECRET_KEY

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@dataclass(frozen=True)
class Storage:
    name: str  # "sqlite", "redis" or "postgresql"
    url: str
    queue_name: str


def redis_answers(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def require_redis() -> None:
    if redis_answers():
        return
    message = f"Redis does not answer at {REDIS_URL}: the tests of the Redis task storage were SKIPPED"
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"{message}, and REQUIRE_REDIS=1 forbids skipping them", pytrace=False)
    print(f"\n*** {message} ***", file=sys.stderr)
    pytest.skip(message)


def sqlite_storage(folder: Path) -> Storage:
    return Storage("sqlite", f"sqlite:///{folder / 'tasks.db'}", f"test-{uuid.uuid4().hex[:8]}")


def redis_storage() -> Storage:
    require_redis()
    return Storage("redis", REDIS_URL, f"test-{uuid.uuid4().hex[:12]}")  # a queue of its own on the shared Redis


def app_settings(storage: Storage, **extra) -> dict:
    """Overrides for the test's own app: queue into the real storage instead of running tasks in place."""
    return {"TASKS_IMMEDIATE": False, "TASKS_URL": storage.url, "TASKS_NAME": storage.queue_name, **extra}


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL the worker and its render processes, as when its machine or container dies."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def worker(database_url: str, storage: Storage, folder: Path, *, threads: int = 1, **settings) -> Iterator[Worker]:
    """`flask crm worker` as production starts it, in a process group of its own; stopped afterwards."""
    env = {
        **os.environ,
        "BONDGENOOT_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": TESTING_SECRET_KEY,  # the same key as the test's app: sealed links open
        "INSTANCE_PATH": str(folder),
        "TASKS_URL": storage.url,
        "TASKS_NAME": storage.queue_name,
        "JOB_LEASE_SECONDS": "3",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "SCHEDULE_BACKUP": "off",
        "SCHEDULE_FORM_TOKEN_CLEANUP": "off",
        "PASSWORD_TIME_COST": "1",
        "LOG_LEVEL": "INFO",
        **{key: str(value) for key, value in settings.items()},
    }
    env.pop("TEST_DATABASE_URL", None)
    log = folder / f"worker-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as output:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "crm", "worker", "--workers", str(threads)]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,  # noqa: S603
                                   start_new_session=True)  # fmt: skip
    running = Worker(process, log)
    try:
        yield running
    finally:
        running.stop()


def wait_for(condition: Callable[[], object], what: str, timeout: float = 240, workers: tuple = ()) -> object:
    """Poll `condition` until it returns something true (a deadline, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for running in workers:
            if running.process.poll() is not None:
                pytest.fail(f"the worker stopped while waiting for {what}:\n{running.output()}")
        time.sleep(0.2)
    logs = "\n".join(running.output() for running in workers)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{logs}")

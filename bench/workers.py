"""Task workers for the benchmarks: `flask crm worker` processes started as the README's deployment starts them,
stopped afterwards whatever happens, and the memory of processes read from /proc."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RunningWorker:
    process: subprocess.Popen
    log: Path

    def errors(self) -> list[str]:
        """Lines the worker logged at ERROR (a job that raised, a storage that failed)."""
        return [line for line in self.log.read_text(errors="replace").splitlines() if line.startswith("ERROR")]

    def peak_rss_mb(self) -> int | None:
        return peak_rss_mb(self.process.pid)


def worker_env(database_url: str, tasks_url: str, tasks_name: str, instance: str, secret: str, **extra) -> dict:
    return {
        **os.environ,
        "BONDGENOOT_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret,
        "INSTANCE_PATH": instance,
        "TASKS_URL": tasks_url,
        "TASKS_NAME": tasks_name,
        "SCHEDULE_BACKUP": "off",
        "SCHEDULE_FORM_TOKEN_CLEANUP": "off",
        "LOG_LEVEL": "WARNING",
        **{key: str(value) for key, value in extra.items()},
    }


@contextmanager
def task_worker(env: dict, log: Path, threads: int = 1) -> Iterator[RunningWorker]:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "crm", "worker", "--workers", str(threads)]
    with log.open("wb") as output:
        # Our own fixed command line; in a session of its own so it and its render processes stop together.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,  # noqa: S603
                                   start_new_session=True)  # fmt: skip
    try:
        yield RunningWorker(process, log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


def new_secret() -> str:
    return secrets.token_hex(32)


def peak_rss_mb(pid: int) -> int | None:
    """VmHWM (the peak resident set) of one process, in MB; None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def wait_until(condition, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None

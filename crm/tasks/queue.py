"""The task queue of one app: a Huey instance built from the app's configuration in `create_app`.

Nothing is read from the environment at import time and nothing connects while the app is made: the storage is
created without touching it (the SQLite file's tables, PostgreSQL's, are made on first use), so the web pages work
while the queue is down; queueing then fails with QueueUnavailable, which the pages turn into a clear message.

Huey carries one task of ours, `run_job(job_id)`: the job row says what to do. Scheduled work adds one periodic
task per switched-on schedule (crm/tasks/schedule.py).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey
from sqlalchemy.engine import make_url

from crm.tasks import schedule, services_runner
from crm.tasks.current import QueueUnavailable
from crm.tasks.current import task_queue as task_queue  # where the pages and commands import it from

RUN_JOB = "bondgenoot.run_job"


def storage_description(url: str, instance_path: str) -> str:
    if not url:
        return f"sqlite:{Path(instance_path) / 'tasks.db'}"
    return make_url(url).render_as_string(hide_password=True) if "://" in url else url


def build_huey(config: dict[str, Any], instance_path: str) -> Huey:
    """The Huey instance for this configuration. Results are not stored: the job rows hold what matters."""
    name, url = config["TASKS_NAME"], config["TASKS_URL"].strip()
    if config["TASKS_IMMEDIATE"]:
        return MemoryHuey(name, immediate=True, results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        if "socket_connect_timeout" not in url:  # a Redis that is away answers "unreachable" in seconds, not minutes
            url += ("&" if "?" in url else "?") + "socket_connect_timeout=5"
        return RedisHuey(name, url=url, results=False)
    if url.startswith(("postgresql", "postgres://")):
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        return PostgresHuey(name, dsn=dsn, results=False, create_tables=False, connect_timeout=5)
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
    elif not url:
        path = str(Path(instance_path) / "tasks.db")
    else:
        raise RuntimeError(f"TASKS_URL must be empty (SQLite in the instance folder), redis://…, postgresql://… or "
                           f"sqlite:///PATH, not {url!r}")  # fmt: skip
    return SqliteHuey(name, filename=path, results=False, create_tables=False, timeout=10)


class TaskQueue:
    """The app's Huey and the task that runs a job by its id."""

    def __init__(self, app: Flask, huey: Huey):
        self.app = app
        self.huey = huey
        self.description = storage_description(app.config["TASKS_URL"].strip(), app.instance_path)
        self._ready = False
        self._ready_lock = threading.Lock()

        def run_job(job_id: int) -> None:
            services_runner.run_job(app, job_id)

        self.run_job = huey.task(name=RUN_JOB)(run_job)

    @property
    def immediate(self) -> bool:
        return self.huey.immediate

    def ensure_ready(self) -> None:
        """Make the storage's tables once (SQLite, PostgreSQL) and check it answers; QueueUnavailable if not."""
        storage = self.huey.storage
        try:
            if not self._ready and hasattr(storage, "initialize_schema"):
                with self._ready_lock:
                    if not self._ready:
                        storage.initialize_schema()
                        self._ready = True
            self.ping()
        except QueueUnavailable:
            raise
        except Exception as error:  # redis, sqlite3 and psycopg errors alike: the storage did not answer
            raise QueueUnavailable(str(error)) from error

    def ping(self) -> None:
        storage = self.huey.storage
        if hasattr(storage, "conn") and hasattr(storage.conn, "ping"):  # Redis
            storage.conn.ping()
        elif hasattr(storage, "sql"):  # SQLite, PostgreSQL
            storage.sql("select 1", results=True)

    def reachable(self) -> bool:
        try:
            self.ensure_ready()
        except QueueUnavailable:
            return False
        return True

    def enqueue(self, job_id: int, delay: float | None = None) -> None:
        """Deliver the job to a worker (after `delay` seconds). QueueUnavailable when the storage is down."""
        if self.immediate:
            if delay is None:  # a retry in immediate mode waits for nobody: the caller tries again by hand
                self.run_job(job_id)
            return
        self.ensure_ready()
        try:
            if delay:
                self.run_job.schedule((job_id,), delay=delay)
            else:
                self.run_job(job_id)
        except Exception as error:
            raise QueueUnavailable(str(error)) from error

    def pending(self) -> int | None:
        try:
            return self.huey.pending_count()
        except Exception:
            return None


def init_app(app: Flask) -> None:
    queue = TaskQueue(app, build_huey(app.config, app.instance_path))
    schedule.register(queue)
    app.extensions["tasks"] = queue

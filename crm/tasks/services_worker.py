"""`flask crm worker`: a Huey consumer (N worker threads and the scheduler) with this worker's heartbeat.

The heartbeat is a row per worker process, renewed every WORKER_HEARTBEAT_SECONDS from a thread of its own (not a
task: a long mail merge on every worker thread must not make the worker look dead). /readyz, the jobs page and
`flask crm worker --check` read it. Jobs run in threads; a mail merge renders in this process's own render worker
processes (crm/rendering/render.py), never in the web process. On start the worker sweeps once: jobs a crashed
worker left behind are picked up again without waiting for the next scheduled sweep.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from flask import Flask
from sqlalchemy import delete, func, select, update

from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.models import WorkerHeartbeat
from crm.tasks.queue import task_queue
from crm.tasks.services_runner import worker_id

log = logging.getLogger(__name__)


def beat(threads: int) -> None:
    """Record that this worker process is alive (insert or renew its row)."""
    me, now = worker_id(), utcnow()
    renewed = db.session.execute(
        update(WorkerHeartbeat).where(WorkerHeartbeat.worker_id == me).values(seen_at=now, threads=threads)
    ).rowcount
    if not renewed:
        db.session.add(WorkerHeartbeat(worker_id=me, hostname=socket.gethostname()[:100], pid=os.getpid(),
                                       threads=threads, started_at=now, seen_at=now))  # fmt: skip
    db.session.commit()


def forget() -> None:
    db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.worker_id == worker_id()))
    db.session.commit()


def fresh_workers(seconds: int) -> int:
    """How many workers were seen in the last `seconds`."""
    since = utcnow() - timedelta(seconds=seconds)
    return db.session.scalar(select(func.count()).select_from(WorkerHeartbeat).where(WorkerHeartbeat.seen_at >= since))


def last_heartbeat():
    return db.session.scalar(select(func.max(WorkerHeartbeat.seen_at)))


class Heartbeat:
    def __init__(self, app: Flask, threads: int):
        self.app, self.threads = app, threads
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="worker-heartbeat", daemon=True)

    def _beat(self) -> None:
        with self.app.app_context():
            while True:
                try:
                    beat(self.threads)
                except Exception:
                    log.warning("could not record the worker's heartbeat", exc_info=True)
                    db.session.rollback()
                finally:
                    db.session.remove()
                if self.stop.wait(self.app.config["WORKER_HEARTBEAT_SECONDS"]):
                    return

    def start(self) -> None:
        self.thread.start()

    def end(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        with self.app.app_context():
            try:
                forget()
            finally:
                db.session.remove()


def run_worker(app: Flask, threads: int) -> None:
    """Run until stopped (Ctrl+C or SIGTERM); jobs a stop interrupts are picked up again through their lease."""
    from crm.tasks.schedule import run_sweeper

    with app.app_context():
        queue = task_queue()
        queue.ensure_ready()  # the SQLite file's or PostgreSQL's queue tables exist before the consumer polls
    heartbeat = Heartbeat(app, threads)
    heartbeat.start()
    run_sweeper(app)
    consumer = queue.huey.create_consumer(workers=threads, worker_type="thread", periodic=True,
                                          check_worker_health=True, initial_delay=0.1, max_delay=1.0)  # fmt: skip
    log.info("worker %s: %s thread(s), tasks in %s", worker_id(), threads, queue.description)
    try:
        consumer.run()
    finally:
        heartbeat.end()

"""The app's task queue as the code that queues work sees it: `task_queue()` and the error when its storage is down.

Below queue.py (which builds the queue and runs jobs through services_runner.py), so the runner, the services and the
sweeper can queue a job without importing what runs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from crm.tasks.queue import TaskQueue


class QueueUnavailable(Exception):
    """The task storage (Redis, the SQLite file, PostgreSQL) cannot be reached; nothing was queued."""


def task_queue() -> TaskQueue:
    return current_app.extensions["tasks"]

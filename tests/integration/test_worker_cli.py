"""`flask crm worker --check` for a monitoring check, and the worker refusing to run where tasks run in place."""

from __future__ import annotations

from datetime import timedelta

from crm.common.time import utcnow
from tests.factories_tasks import WorkerHeartbeatFactory


def test_the_check_fails_without_a_fresh_heartbeat_and_passes_with_one(app, db):
    runner = app.test_cli_runner()
    never = runner.invoke(args=["crm", "worker", "--check"])
    assert never.exit_code == 1 and "No worker seen in the last 60 s (last heartbeat: never)" in never.output

    WorkerHeartbeatFactory(seen_at=utcnow() - timedelta(minutes=3))
    stale = runner.invoke(args=["crm", "worker", "--check"])
    assert stale.exit_code == 1 and "last heartbeat: 20" in stale.output

    WorkerHeartbeatFactory()
    alive = runner.invoke(args=["crm", "worker", "--check"])
    assert alive.exit_code == 0 and "1 worker(s) alive" in alive.output


def test_a_worker_will_not_start_where_tasks_run_in_place(app, db):
    result = app.test_cli_runner().invoke(args=["crm", "worker"])
    assert result.exit_code == 1 and "TASKS_IMMEDIATE is on" in result.output

"""`flask crm worker [--workers N] [--check]` and `flask crm jobs` (a look at the queue from the shell)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", "threads", type=click.IntRange(1, 64), default=None,
              help="Jobs this worker runs at once (default: WORKER_THREADS).")  # fmt: skip
@click.option("--check", is_flag=True, help="Only check: exit 1 when no worker's heartbeat is fresh.")
@with_appcontext
def worker_command(threads: int | None, check: bool) -> None:
    """Run a task worker: the queue's consumer with its scheduler (backups, clean-ups, the sweeper)."""
    from crm.tasks.queue import QueueUnavailable, task_queue
    from crm.tasks.services_worker import fresh_workers, last_heartbeat, run_worker

    app = current_app._get_current_object()
    if check:
        seconds = app.config["WORKER_FRESH_SECONDS"]
        alive = fresh_workers(seconds)
        if not alive:
            seen = last_heartbeat()
            when = f"{seen.isoformat(timespec='seconds')} UTC" if seen else "never"
            raise click.ClickException(f"No worker seen in the last {seconds} s (last heartbeat: {when}).")
        click.echo(f"{alive} worker(s) alive; tasks in {task_queue().description}.")
        return
    if app.config["TASKS_IMMEDIATE"]:
        raise click.ClickException("TASKS_IMMEDIATE is on: tasks run where they are queued; there is nothing to do.")
    try:
        run_worker(app, threads or app.config["WORKER_THREADS"])
    except QueueUnavailable as error:
        raise click.ClickException(
            f"The task storage cannot be reached ({task_queue().description}): {error}"
        ) from None


def run_here(job_id: int) -> None:
    """Run a queued job in this process (the CLI's --here), as a worker would."""
    from crm.tasks.services_runner import run_job

    run_job(current_app._get_current_object(), job_id)


def follow_job(job_id: int, poll_seconds: float = 1.0):
    """Wait for a job to finish, showing its progress; the finished job, or ClickException when it failed."""
    import time

    from crm.extensions import db
    from crm.tasks.models import Job, JobStatus
    from crm.tasks.services_worker import fresh_workers

    shown, warned = None, False
    while True:
        db.session.rollback()  # a fresh look at the row each time
        job = db.session.get(Job, job_id, populate_existing=True)
        if job.status == JobStatus.DONE:
            return job
        if job.status == JobStatus.FAILED:
            raise click.ClickException(f"The job failed: {job.error}")
        if (job.done, job.total) != shown:
            shown = (job.done, job.total)
            click.echo(f"  {job.status}: {job.done} of {job.total}")
        if (
            not warned
            and job.status == JobStatus.QUEUED
            and not fresh_workers(current_app.config["WORKER_FRESH_SECONDS"])
        ):
            click.echo("  No task worker is running: start one with `flask crm worker` (or use --here).")
            warned = True
        time.sleep(poll_seconds)

"""Scheduled work: a cron expression per kind in the configuration (in TIMEZONE), each one switched off by "off".

Every worker runs Huey's scheduler, so with two workers each enqueues the periodic task at its minute. A scheduled
run therefore makes one job row per kind and minute (a unique key: the second worker finds it made) and runs it
under the kind's lock; the sweeper keeps no row, it only takes its lock.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from huey import crontab
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks import services_locks
from crm.tasks.models import Job
from crm.tasks.registry import KINDS
from crm.tasks.services import new_job
from crm.tasks.services_runner import run_job, worker_id
from crm.tasks.sweeper import sweep

log = logging.getLogger(__name__)
OFF = {"", "off", "none", "false", "0", "no"}
SWEEPER_SETTING = "SCHEDULE_SWEEPER"


def cron(expression: str, setting: str):
    """A test of a (naive UTC) time against a five-field cron expression; ValueError names the setting."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"{setting} must be five cron fields (minute hour day month weekday) or 'off', "
                         f"not {expression!r}")  # fmt: skip
    try:
        return crontab(*fields, strict=True)
    except ValueError as error:
        raise ValueError(f"{setting}: {error} in {expression!r}") from None


def is_on(expression: str | None) -> bool:
    return (expression or "").strip().lower() not in OFF


def in_zone(test, zone: str):
    """Huey hands its periodic tasks UTC; our cron expressions mean the organisation's local time."""
    tz = ZoneInfo(zone)

    def validate(moment: datetime) -> bool:
        return test(moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None))

    return validate


def register(queue) -> None:
    """One periodic task per switched-on schedule (the sweeper and every kind with a schedule setting)."""
    app: Flask = queue.app
    zone = app.config["BABEL_DEFAULT_TIMEZONE"]
    schedules = {SWEEPER_SETTING: "sweeper"}
    schedules.update({kind.schedule_setting: kind.name for kind in KINDS.values() if kind.schedule_setting})
    for setting, name in schedules.items():
        expression = app.config.get(setting, "off")
        if not is_on(expression):
            continue
        try:
            test = in_zone(cron(expression.strip(), setting), zone)
        except ValueError as error:
            raise RuntimeError(str(error)) from None
        if name == "sweeper":
            queue.huey.periodic_task(test, name="bondgenoot.schedule.sweeper")(lambda: run_sweeper(app))
        else:
            queue.huey.periodic_task(test, name=f"bondgenoot.schedule.{name}")(_scheduled(app, name))


def _scheduled(app: Flask, kind: str):
    def run() -> None:
        job_id = make_scheduled_job(app, kind, utcnow())
        if job_id is not None:
            run_job(app, job_id)

    return run


def make_scheduled_job(app: Flask, kind: str, moment: datetime) -> int | None:
    """The job of this kind for this minute, made once whichever worker comes first; None for the others."""
    key = f"{kind}@{moment:%Y-%m-%dT%H:%M}"
    with app.app_context():
        try:
            if db.session.scalar(select(Job.id).where(Job.dedupe_key == key)) is not None:
                return None
            job = new_job(kind, owner=None)
            job.dedupe_key = key
            db.session.commit()
            return job.id
        except IntegrityError:
            db.session.rollback()
            return None
        finally:
            db.session.remove()


def run_sweeper(app: Flask) -> dict[str, int] | None:
    """The sweep, under its lock (one at a time across all workers)."""
    holder = f"sweeper:{worker_id()}"
    with app.app_context():
        try:
            if not services_locks.acquire("sweeper", holder, app.config["JOB_LEASE_SECONDS"]):
                db.session.rollback()
                return None
            db.session.commit()
            try:
                return sweep()
            finally:
                services_locks.release("sweeper", holder)
        except Exception:
            log.exception("sweeper failed")
            db.session.rollback()
            return None
        finally:
            db.session.remove()

"""Scheduled maintenance as jobs: the nightly backup (SCHEDULE_BACKUP into BACKUP_DIR, keeping the newest
BACKUP_KEEP) and the hourly clean-up of used one-time form tokens (SCHEDULE_FORM_TOKEN_CLEANUP). Each runs under its
kind's lock, so never twice at once, whatever the number of workers and machines."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from crm.common import form_tokens
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.maintenance.backup import BackupError, backup
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.services_runner import Run

BACKUP_PREFIX = "bondgenoot-"


def backup_name(url, moment) -> str:
    suffix = ".sqlite" if url.get_backend_name() == "sqlite" else ".dump"
    return f"{BACKUP_PREFIX}{moment:%Y%m%d-%H%M%S}{suffix}"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (by their name, which is their time); returns those deleted."""
    ours = sorted(p for p in folder.glob(f"{BACKUP_PREFIX}*") if p.suffix in (".sqlite", ".dump"))
    old = ours[: max(len(ours) - max(keep, 1), 0)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


@job_kind("backup", label=_l("Backup"), exclusive=True, schedule="SCHEDULE_BACKUP")
def run_backup(job: Job, run: Run) -> None:
    folder = Path(current_app.config["BACKUP_DIR"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ServiceError(_l("The backup folder cannot be made: %(error)s", error=str(error))) from None
    url = db.engine.url
    db.session.commit()  # nothing of ours stays open while the copy is made
    try:
        info = backup(url, folder / backup_name(url, utcnow()))
    except BackupError as error:
        raise ServiceError(str(error)) from None
    deleted = prune(folder, current_app.config["BACKUP_KEEP"])
    job.result_ref = f"backup:{info.path.name}"[:100]
    job.result_filename = info.path.name
    job.arguments = {**job.arguments, "size": info.size, "revision": info.revision, "pruned": [p.name for p in deleted]}
    run.progress(1, 1)


@job_kind("form_token_cleanup", label=_l("Clean-up of used form tokens and old export files"), exclusive=True,
          schedule="SCHEDULE_FORM_TOKEN_CLEANUP")  # fmt: skip
def run_form_token_cleanup(job: Job, run: Run) -> None:
    deleted = form_tokens.purge_expired()
    erased = erase_old_exports()
    job.arguments = {**job.arguments, "deleted": deleted, "exports_erased": erased}
    run.progress(1, 1)


def erase_old_exports(now=None) -> int:
    """Access exports made by a worker wait a day for their download, then their PDF is erased (personal data)."""
    from crm.privacy.tasks import KIND

    cutoff = (now or utcnow()) - timedelta(seconds=current_app.config["EXPORT_KEEP_SECONDS"])
    result = db.session.execute(
        update(Job)
        .where(Job.kind == KIND, Job.result_ref == "file", Job.finished_at < cutoff)
        .values(result=None, result_ref="erased", result_filename=None)
    )
    return result.rowcount or 0

"""The Tweede Kamer sync as a job: scheduled by `PARLIAMENT_SYNC_CRON` (hourly in production, off in development)
and queued by the "Sync now" button. The kind is exclusive (one at a time across all workers), and the sync keeps
its own lock as well, so a run started from the command line at the same time makes the job end with nothing to do.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.extensions import db
from crm.notifications.services import start_queued_mail
from crm.parliament.models_sync import RunStatus
from crm.parliament.sync import SyncBusy, sync
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.services import new_job
from crm.tasks.services_runner import Run
from crm.watch.matching import announce_new_matches, match_changes

KIND = "parliament_sync"


def queue_sync(*, owner: User | None, full: bool = False) -> Job:
    """A sync job waiting to be started (flushed; start it after the commit)."""
    return new_job(KIND, owner=owner, arguments={"full": bool(full)})


def _match_watched_dossiers() -> None:
    """The dossiers' watch rules against what the sync brought (crm/watch): match, announce, commit, then queue the
    e-mails of followers who chose "immediately by e-mail"."""
    match_changes()
    announce_new_matches()
    db.session.commit()
    start_queued_mail()


@job_kind(KIND, label=_l("Tweede Kamer sync"), exclusive=True, schedule="PARLIAMENT_SYNC_CRON")
def run_parliament_sync(job: Job, run: Run) -> None:
    try:
        result = sync(full=bool(job.arguments.get("full")), trigger="job")
    except SyncBusy:
        job.result_ref = "parliament_sync:busy"  # another run (the CLI, or one started earlier) covers it
        run.progress(1, 1)
        return
    job.result_ref = f"parliament_sync_run:{result.id}"
    _match_watched_dossiers()  # what the run committed, also when it failed half-way
    if result.status == RunStatus.FAILED.value:
        raise ServiceError(_l("The Tweede Kamer sync failed: %(error)s", error=result.error or ""))
    run.progress(1, 1)

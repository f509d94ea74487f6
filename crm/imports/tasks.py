"""The import job: runs an import's rows on a worker, with progress; resumable after a worker died."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.extensions import db
from crm.imports.models import Import, ImportStatus
from crm.imports.running import execute
from crm.imports.services import JOB_KIND
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.services_runner import Run


@job_kind(JOB_KIND, label=_l("Spreadsheet import"))
def run_import(job: Job, run: Run) -> None:
    imp = db.session.get(Import, job.arguments.get("import_id"))
    if imp is None:
        raise ServiceError(_l("This import no longer exists."))
    if imp.status != ImportStatus.QUEUED:
        return  # done by an earlier run
    run.progress(imp.rows_done, imp.rows_total)
    execute(imp, progress=lambda done: run.progress(done, imp.rows_total))
    job.result_ref = f"import:{imp.id}"
    run.progress(imp.rows_total, imp.rows_total)

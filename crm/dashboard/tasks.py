"""A large lobby transparency report's PDF is made by a task worker (more than REPORT_QUEUE_ROWS rows): the request
queues it and the user follows it on the job's page, which links to the kept document when it is made."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.time import today
from crm.dashboard import reports
from crm.documents import services as document_services
from crm.rendering.render import RenderOptions
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.services import new_job
from crm.tasks.services_runner import Run

KIND = "transparency_pdf"
TEMPLATE = "builtin:transparency_report"


def queue_transparency_pdf(span: dict, *, title: str, author: User) -> Job:
    """The job that makes the report's PDF for this period and filters (flushed; start it after the commit)."""
    return new_job(KIND, owner=author, arguments={"span": span, "title": title}, total=1)


@job_kind(KIND, label=_l("Lobby transparency report (PDF)"))
def make_transparency_pdf(job: Job, run: Run) -> None:
    if job.result_ref:  # made by an earlier run that stopped before it was marked done
        return
    span, title = job.arguments["span"], job.arguments["title"]
    period, problem = reports.report_period(span, today())
    if problem:
        raise ServiceError(reports.period_problem(problem))
    coalition_id, dossier_id = span.get("coalition"), span.get("dossier")
    report = reports.transparency_report(period, coalition_id, dossier_id,
                                         zone=current_app.config["BABEL_DEFAULT_TIMEZONE"])  # fmt: skip
    provenance = {"report": "transparency", "from": span.get("from"), "until": span.get("until"),
                  "coalition_id": coalition_id, "dossier_id": dossier_id}  # fmt: skip
    document = document_services.generate_from_values(
        document_services.choose(TEMPLATE), reports.transparency_values(report), title=title, author=job.owner,
        options=RenderOptions(tagged=True), dossier_id=dossier_id, provenance=provenance,
    )  # fmt: skip
    job.result_ref, job.result_filename = f"generateddocument:{document.id}", document.filename
    run.progress(1, 1)


QUEUED_MESSAGE = _l("The report has %(rows)s rows: its PDF is made in the background.")

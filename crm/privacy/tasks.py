"""A large access export's PDF (more than REPORT_QUEUE_ROWS rows about the person) is made by a task worker. Like the
one made in the request it is not kept as a document: it waits on the job for its download, for a day at most
(the hourly clean-up erases it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.time import today
from crm.extensions import db
from crm.partners.models import Person
from crm.privacy import queries, queries_access, services
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.services import new_job
from crm.tasks.services_runner import Run

KIND = "access_pdf"


def export_rows(export: queries_access.AccessExport) -> int:
    return sum(len(table.rows) for table in export.tables)


def queue_access_pdf(person: Person, *, author: User) -> Job:
    return new_job(KIND, owner=author, arguments={"person_id": person.id, "author_name": author.name}, total=1)


@job_kind(KIND, label=_l("Access export (PDF)"))
def make_access_pdf(job: Job, run: Run) -> None:
    if job.result_ref:
        return
    person = db.session.get(Person, job.arguments["person_id"])
    record = queries.privacy_of(person.id) if person else None
    if person is None or (record is not None and record.is_erased):
        raise ServiceError(_l("This person has been anonymised: there is nothing about them to export."))
    export = queries_access.access_export(person, record)
    job.result = services.access_pdf(export, author_name=job.arguments.get("author_name", ""))
    job.result_filename = f"{today().isoformat()} Inzageverzoek persoon {person.id}.pdf"
    job.result_ref = "file"
    run.progress(1, 1)


def erase_waiting_exports(person_id: int) -> int:
    """Erase the access-export PDFs of this person that still wait for their download (at most a day's worth)."""
    from sqlalchemy import select

    waiting = db.session.scalars(select(Job).where(Job.kind == KIND, Job.result_ref == "file"))
    erased = 0
    for job in waiting:
        if job.arguments.get("person_id") == person_id:
            job.result, job.result_ref, job.result_filename = None, "erased", None
            erased += 1
    return erased

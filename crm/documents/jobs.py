"""Running a mail merge outside the request that asked for it.

The job row is the only channel between the request and the worker: status, progress and the result are
committed to it as the work goes, so any web process can show the progress and serve the download. This module
owns its transactions, the way a view does; the work itself is in crm.documents.merge.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.documents import catalogue, context, merge, recipients
from crm.documents.models import MergeJob, MergeStatus
from crm.documents.render import RenderError, RenderOptions
from crm.documents.services import Chosen, choose, source_of
from crm.extensions import db
from crm.interactions.models import InteractionKind
from crm.interactions.services import InteractionInput, log_interaction

log = logging.getLogger(__name__)


def launch(job_id: int) -> None:
    """Start the job: in a thread of this process, or right here when configured (the test suite)."""
    app = current_app._get_current_object()
    if app.config["MERGE_JOBS_INLINE"]:
        run(job_id)
        return
    threading.Thread(target=_run_in_app, args=(app, job_id), name=f"merge-job-{job_id}", daemon=True).start()


def _run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run(job_id)
        finally:
            db.session.remove()


def _chosen_for(job: MergeJob) -> Chosen:
    if job.builtin_template:
        return choose(f"builtin:{job.builtin_template}")
    version = job.template_version
    if version is None:
        raise ServiceError(_l("The template version of this job no longer exists."))
    source = source_of(version.template, version.html, version.css)
    return Chosen(source, catalogue.parse_meta(version.meta), version=version)


def run(job_id: int) -> None:
    job = db.session.get(MergeJob, job_id)
    if job is None or job.status != MergeStatus.QUEUED:
        return
    job.status = MergeStatus.RUNNING.value
    db.session.commit()
    try:
        chosen = _chosen_for(job)
        found = recipients.load(job.recipient_ids)
        if not found:
            raise ServiceError(_l("None of the recipients exists any more."))
        job.total = len(found)
        author = job.created_by.name if job.created_by else ""
        contexts = merge.merge_contexts(chosen, job.fields, found, title=job.title, author=author)
        db.session.commit()

        def progress(done: int) -> None:
            job.done = done
            db.session.commit()

        options = RenderOptions(pdfa=bool(job.options.get("pdfa")), tagged=bool(job.options.get("tagged", True)))
        merged = merge.render_merge(chosen.source, contexts, [r.name for r in found], options, job.output,
                                    title=job.title, day=context.document_day(chosen.meta, job.fields),
                                    on_progress=progress)  # fmt: skip
        if job.log_contacts:
            _log_letters(job, found, utcnow())
        job.result, job.result_filename = merged.data, merged.filename
        job.status, job.finished_at = MergeStatus.DONE.value, utcnow()
        db.session.commit()
    except (RenderError, ServiceError) as error:
        _fail(job_id, str(getattr(error, "message", error)))
    except Exception:
        log.exception("mail merge %s failed", job_id)
        _fail(job_id, str(_l("An unexpected error stopped the mail merge; it has been logged.")))


def _fail(job_id: int, message: str) -> None:
    db.session.rollback()
    job = db.session.get(MergeJob, job_id)
    job.status, job.error, job.finished_at = MergeStatus.FAILED.value, message[:2000], utcnow()
    db.session.commit()


def _log_letters(job: MergeJob, found: list[recipients.Recipient], when: datetime) -> None:
    """A "letter" contact per recipient, so the letter shows on every recipient's timeline."""
    for recipient in found:
        log_interaction(
            InteractionInput(
                kind=InteractionKind.LETTER.value,
                subject=f"Brief: {job.title}"[:200],
                occurred_at=when,
                notes=f"Verstuurd via mail merge ({job.recipients_label}).",
                organisation_ids=[recipient.organisation_id] if recipient.organisation_id else [],
                person_ids=[recipient.person_id] if recipient.person_id else [],
                user_ids=[job.created_by_id] if job.created_by_id else [],
            ),
            author=job.created_by,
            allow_duplicate=True,  # every merge is a letter of its own, even the same one to the same recipients
        )

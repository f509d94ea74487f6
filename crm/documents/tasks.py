"""The mail merge as a job a task worker runs (never the web process), in steps that a rerun does not repeat:

1. render the letters, each one stored (job_parts) as soon as its chunk is made: a worker that was stopped leaves
   them behind and the next run renders only the others;
2. join the stored letters into the result (the combined PDF and/or the ZIP) and keep it on the job, dropping the
   parts in the same commit;
3. log a "letter" contact per recipient, each guarded by an idempotency key (job_effects) in the same transaction,
   so a rerun logs none twice.
The result of a rerun is the same document: the same letters, in the same order, with the same file names (the
letter's own date, else the day the merge was asked for).
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from crm.common.errors import ServiceError
from crm.documents import catalogue, context, merge, recipients
from crm.documents.models import MergeJob
from crm.documents.services import Chosen, choose, source_of
from crm.extensions import db
from crm.interactions.models import InteractionKind
from crm.interactions.services import InteractionInput, log_interaction
from crm.rendering.render import RenderOptions
from crm.tasks.models import JobPart
from crm.tasks.registry import job_kind
from crm.tasks.services_runner import Run

CONTACTS_PER_COMMIT = 50


def chosen_for(job: MergeJob) -> Chosen:
    if job.builtin_template:
        return choose(f"builtin:{job.builtin_template}")
    version = job.template_version
    if version is None:
        raise ServiceError(_l("The template version of this job no longer exists."))
    source = source_of(version.template, version.html, version.css)
    return Chosen(source, catalogue.parse_meta(version.meta), version=version)


def _day(job: MergeJob, chosen: Chosen) -> str:
    """The letters' date: their own when they have one, else the day the merge was asked for (not the rerun's)."""
    own = context.document_day(chosen.meta, job.fields)
    if own:
        return own
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return job.created_at.replace(tzinfo=UTC).astimezone(zone).date().isoformat()


@job_kind(MergeJob.KIND, label=_l("Mail merge"))
def run_mail_merge(job: MergeJob, run: Run) -> None:
    found = recipients.load(job.recipient_ids)
    if not found:
        raise ServiceError(_l("None of the recipients exists any more."))
    if job.result_ref != "file":
        _render(job, run, found)
    if job.log_contacts:
        _log_letters(job, run, found)
    run.progress(len(found), len(found))


def _render(job: MergeJob, run: Run, found: list[recipients.Recipient]) -> None:
    chosen = chosen_for(job)
    job_id, title, output = job.id, job.title, job.output
    position = {ref: i for i, ref in enumerate(job.recipient_ids)}  # stable, whoever was archived since
    stored = dict(db.session.execute(select(JobPart.position, JobPart.data).where(JobPart.job_id == job_id)).all())
    made = {i: stored[position[r.ref]] for i, r in enumerate(found) if position[r.ref] in stored}
    author = job.owner.name if job.owner else ""
    contexts = merge.merge_contexts(chosen, job.fields, found, title=title, author=author)
    options = RenderOptions(pdfa=bool(job.options.get("pdfa")), tagged=bool(job.options.get("tagged", True)))
    day = _day(job, chosen)
    run.progress(len(made), len(found))  # commits: no transaction stays open while the letters render

    def keep(indexes: list[int], pdfs: list[bytes]) -> None:
        run.check()
        db.session.add_all(JobPart(job_id=job_id, position=position[found[i].ref], data=pdf)
                           for i, pdf in zip(indexes, pdfs, strict=True))  # fmt: skip

    merged = merge.render_merge(chosen.source, contexts, [r.name for r in found], options, output, title=title,
                                day=day, on_progress=run.progress, made=made, on_parts=keep)  # fmt: skip
    run.check()
    job.result, job.result_filename, job.result_ref = merged.data, merged.filename, "file"
    db.session.execute(delete(JobPart).where(JobPart.job_id == job_id))
    db.session.commit()


def _log_letters(job: MergeJob, run: Run, found: list[recipients.Recipient]) -> None:
    """A "letter" contact per recipient, so the letter shows on every recipient's timeline; once per recipient."""
    done = run.done_keys("letter:")
    waiting = [r for r in found if f"letter:{r.ref}" not in done]
    when = job.started_at or job.created_at
    for start in range(0, len(waiting), CONTACTS_PER_COMMIT):
        run.check()
        for recipient in waiting[start : start + CONTACTS_PER_COMMIT]:
            if not run.once(f"letter:{recipient.ref}"):
                continue
            log_interaction(
                InteractionInput(
                    kind=InteractionKind.LETTER.value,
                    subject=f"Brief: {job.title}"[:200],
                    occurred_at=when,
                    notes=f"Verstuurd via mail merge ({job.recipients_label}).",
                    organisation_ids=[recipient.organisation_id] if recipient.organisation_id else [],
                    person_ids=[recipient.person_id] if recipient.person_id else [],
                    user_ids=[job.owner_id] if job.owner_id else [],
                ),
                author=job.owner,
                allow_duplicate=True,  # every merge is a letter of its own, even the same one to the same recipients
            )
        db.session.commit()

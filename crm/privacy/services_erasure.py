"""Erasure (AVG art. 17): anonymise a person everywhere, keep the counts and the organisations' history.

One call, one transaction (the view commits once; any error rolls everything back). What happens:
- the person becomes "Geanonimiseerd persoon <id>": names, email, phone, salutation, notes, tags, party and owner
  cleared, archived; the search text is rebuilt from the new name, so the old name and email find nothing;
- positions keep their organisation and dates (the organisation's history) but lose the function title;
- contacts keep the person (as the pseudonym): timelines and counts stay right. Notes marked sensitive of those
  contacts are erased (political opinions: we cannot tell whose, so they go); elsewhere in those contacts, and in
  the meetings, action items, minutes and letters they were part of, their names, email addresses, phone numbers
  and salutation are replaced by the pseudonym;
- their stakeholder positions are removed (opinions about them: special-category data);
- where they signed a joint letter, the signer becomes the pseudonym (function and email cleared);
- PDFs that name them are replaced by a notice made through the document path — except the frozen PDFs of sent
  letters (and the answer to a letter addressed to them) when the administrator records a reason to keep them
  (the text versions of those letters are then kept as well); mail-merge results that included them are removed;
- the audit trail is scrubbed: their own record's old values, the function titles, the removed positions' and
  sensitive notes' values, and every mention of their names or addresses elsewhere;
- the per-record trail of these changes is not written (it would hold exactly what was erased); one "anonymised"
  event records who, when, the reason and what was done.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from crm.audit.context import auditing_disabled
from crm.common.errors import ServiceError
from crm.common.time import today, utcnow
from crm.documents import context as document_context
from crm.documents import services as document_services
from crm.documents.render import RenderError, RenderOptions, result, submit
from crm.extensions import db
from crm.partners.models import Person
from crm.privacy import queries_erasure as plan_queries
from crm.privacy.models import REASON_MAX, PersonPrivacy, pseudonym
from crm.privacy.queries_erasure import ErasurePlan, erasure_plan
from crm.privacy.queries_links import PERSONAL_TYPES
from crm.privacy.scrub import blank_values, replace_in, replace_text, term_pattern
from crm.privacy.services import record_privacy_event

ERASED = "[verwijderd]"
NOTICE_TEMPLATE = "builtin:erased_document"

# Audit fields whose values go, per kind of record (beyond the mentions of their names everywhere).
BLANKED = {
    "person": (
        "first_name",
        "initials",
        "name_prefix",
        "last_name",
        "salutation",
        "email",
        "phone",
        "notes",
        "tags",
        "party",
        "owner",
    ),
    "affiliation": ("role",),
    "personprivacy": ("data_source",),
    "stakeholderposition": ("stance", "influence", "interest", "rationale", "source"),
    "signatory": ("signer_name", "signer_function", "signer_email", "comment"),
}


@dataclass
class ErasureInput:
    reason: str
    retention_reason: str | None = None


def _fit(obj: Any, attribute: str, value: str | None) -> str | None:
    """A value cut to its column's length (a pseudonym is longer than most names)."""
    if value is None:
        return None
    length = getattr(inspect(type(obj)).columns[attribute].type, "length", None)
    return value[:length] if length else value


def _rewrite(obj: Any, attributes: tuple[str, ...], pattern, replacement: str) -> None:
    for attribute in attributes:
        old = getattr(obj, attribute)
        new = _fit(obj, attribute, replace_text(old, pattern, replacement))
        if new != old:
            setattr(obj, attribute, new)


def _notices(plan: ErasurePlan, keep: set[int], pattern, name: str) -> dict[int, bytes]:
    """One notice PDF per document to replace, rendered in one go before anything is changed."""
    replaced = [d for d in plan.documents if d.id not in keep]
    if not replaced:
        return {}
    chosen = document_services.choose(NOTICE_TEMPLATE)
    contexts = [
        document_context.document_context(
            chosen.meta,
            {"notice": {"title": replace_text(d.title, pattern, name), "erased_on": today().isoformat()}},
            title="Verwijderd document",
            author="",
        )
        for d in replaced
    ]
    try:
        rendered = result(submit(chosen.source, contexts, RenderOptions(tagged=True), split=True, whole=False),
                          current_app.config["DOCUMENT_RENDER_SECONDS"])  # fmt: skip
    except RenderError as error:
        raise ServiceError(_l("The erasure stopped, nothing was changed: %(reason)s", reason=error.message)) from error
    return {d.id: part for d, part in zip(replaced, rendered.parts, strict=True)}


def _person(plan: ErasurePlan, name: str) -> None:
    person = plan.person
    person.first_name = person.initials = person.name_prefix = None
    person.last_name = name
    person.salutation = person.email = person.phone = person.notes = None
    person.tags = []
    person.party = None
    person.owner = None
    if person.archived_at is None:
        person.archived_at = utcnow()
    for affiliation in person.affiliations:
        affiliation.role = None


def _privacy(person: Person, data: ErasureInput) -> None:
    record = db.session.get(PersonPrivacy, person.id)
    if record is None:
        record = PersonPrivacy(person_id=person.id)
        db.session.add(record)
    record.lawful_basis = record.data_source = None
    record.notice_given_on = record.review_on = None
    record.erased_at = utcnow()
    record.erasure_reason = data.reason[:REASON_MAX]
    record.retention_reason = data.retention_reason[:REASON_MAX] if data.retention_reason else None


def _contacts_and_meetings(plan: ErasurePlan, pattern, name: str) -> None:
    for interaction in plan.interactions:
        if interaction.sensitive:
            interaction.notes = None
        _rewrite(interaction, ("subject", "notes", "location", "follow_up"), pattern, name)
    meeting_ids = [m.id for m in plan.meetings]
    for meeting in plan.meetings:
        _rewrite(meeting, ("title", "location"), pattern, name)
        for item in meeting.agenda_items:
            _rewrite(item, ("title", "presenter", "minutes"), pattern, name)
            for decision in item.decisions:
                _rewrite(decision, ("text",), pattern, name)
    for action in plan_queries.meeting_action_items(meeting_ids):
        _rewrite(action, ("description",), pattern, name)
    for version in plan_queries.minutes_versions(meeting_ids):
        content = replace_in(version.content, pattern, name)
        if content != version.content:
            version.content = content


def _letters(plan: ErasurePlan, pattern, name: str, keep: set[int]) -> None:
    """`keep`: the sent letters' PDFs kept for a recorded reason; those letters keep their text (and answer) too."""
    letter_ids = sorted(plan.letter_ids)
    letters = {letter.id: letter for letter in plan.letters} | {s.letter_id: s.letter for s in plan.signatories}
    kept = {i for i, letter in letters.items() if letter.sent_document_id in keep}
    for letter in plan.letters:
        _rewrite(letter, ("title", "occasion"), pattern, name)
    for signatory in plan.signatories:
        signatory.signer_name = name
        signatory.signer_email = signatory.signer_function = None
        _rewrite(signatory, ("comment",), pattern, name)
    for version in plan_queries.letter_versions([i for i in letter_ids if i not in kept]):
        _rewrite(version, ("salutation", "body", "closing"), pattern, name)
    for event in plan_queries.letter_events(letter_ids):
        _rewrite(event, ("detail", "actor_label"), pattern, name)
    for answer in plan_queries.letter_answers([letter.id for letter in plan.letters]):
        _rewrite(answer, ("summary",), pattern, name)
        if answer.letter_id not in kept and answer.pdf_filename:
            answer.pdf = answer.pdf_filename = answer.pdf_size = None


def _documents(plan: ErasurePlan, notices: dict[int, bytes], data: ErasureInput, pattern, name: str) -> None:
    for document in plan.documents:
        if document.id not in notices:
            document.options = {**document.options, "kept_after_erasure": data.retention_reason}
            continue
        pdf = notices[document.id]
        document.pdf, document.size, document.page_count = pdf, len(pdf), 1
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.input_snapshot = {"erased_on": today().isoformat()}
        document.options = {**document.options, "erased_on": today().isoformat()}
        _rewrite(document, ("title", "filename"), pattern, name)
    for job in plan.merge_jobs:
        job.result = None
        job.error = "Het resultaat is verwijderd: het bevatte gegevens van een persoon die op verzoek zijn gewist."
    from crm.privacy.tasks import erase_waiting_exports

    erase_waiting_exports(plan.person.id)  # an access export of them still waiting for its download


def _audit(plan: ErasurePlan, pattern, name: str) -> int:
    person_id = plan.person.id
    related = plan.related
    for event in plan.audit_events:
        changes = dict(event.changes or {})
        kind = event.entity_type
        if kind in PERSONAL_TYPES and event.entity_id == person_id:
            changes = blank_values(changes, BLANKED[kind], ERASED)
        elif kind == "affiliation" and event.parent_type == "person" and event.parent_id == person_id:
            roles = [value for value in changes.get("role") or [] if isinstance(value, str)]
            changes = blank_values(changes, BLANKED["affiliation"], ERASED)
            event.entity_label = replace_text(event.entity_label, term_pattern(roles), "—") or ""
        elif kind in related and event.entity_id in related[kind]:
            changes = blank_values(changes, BLANKED.get(kind, ("notes",)), ERASED)
        event.changes = replace_in(changes, pattern, name)
        if kind == "person" and event.entity_id == person_id:
            event.entity_label = name
        else:
            event.entity_label = (replace_text(event.entity_label, pattern, name) or "")[:255]
    return len(plan.audit_events)


def _summary(plan: ErasurePlan, notices: dict[int, bytes], sensitive: int) -> str:
    """What was done, in counts (stored in the audit trail, so in Dutch like the pseudonym)."""
    kept = len(plan.documents) - len(notices)
    parts = [
        f"contacten: {len(plan.interactions)} (gevoelige notities gewist: {sensitive})",
        f"bijeenkomsten: {len(plan.attendances)}",
        f"standpunten verwijderd: {len(plan.positions)}",
        f"brieven: {len(plan.letter_ids)}",
        f"documenten vervangen: {len(notices)}" + (f" (bewaard: {kept})" if kept else ""),
        f"logboekregels geschoond: {len(plan.audit_events)}",
    ]
    return "; ".join(parts)


def erase_person(person: Person, data: ErasureInput) -> ErasurePlan:
    """Anonymise one person everywhere (see the module's description). Flushes; the caller commits once."""
    reason = (data.reason or "").strip()
    if not reason:
        raise ServiceError(_l("Give the reason for the erasure (e.g. the request and its date)."), field="reason")
    existing = db.session.get(PersonPrivacy, person.id)
    if existing is not None and existing.is_erased:
        raise ServiceError(_l("This person has already been anonymised."))
    data = ErasureInput(reason=reason, retention_reason=(data.retention_reason or "").strip() or None)
    plan = erasure_plan(person)
    name = pseudonym(person.id)
    pattern = term_pattern(plan.identity.terms)
    keep = plan.sent_letter_documents if data.retention_reason else set()
    notices = _notices(plan, keep, pattern, name)  # rendered first: a failing render changes nothing
    sensitive = len(plan.sensitive_interactions)
    with auditing_disabled():
        _person(plan, name)
        _privacy(person, data)
        _contacts_and_meetings(plan, pattern, name)
        for position in plan.positions:
            db.session.delete(position)
        _letters(plan, pattern, name, keep)
        _documents(plan, notices, data, pattern, name)
        db.session.flush()
    _audit(plan, pattern, name)
    changes = {"reason": [None, data.reason], "summary_of_erasure": [None, _summary(plan, notices, sensitive)]}
    if data.retention_reason:
        changes["retention_reason"] = [None, data.retention_reason]
    record_privacy_event(person, "erase", changes, label=name)
    return plan


def erase_people(people: list[Person], data: ErasureInput) -> list[ErasurePlan]:
    """The retention review's bulk erasure: each person as on their own, all in the caller's one transaction."""
    if not people:
        raise ServiceError(_l("Choose at least one person."), field="person_ids")
    return [erase_person(person, data) for person in people]

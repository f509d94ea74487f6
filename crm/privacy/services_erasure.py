"""Erasure (AVG art. 17): anonymise a person everywhere, keep the counts and the organisations' history.

One call, one transaction (the view commits once; any error rolls everything back). What happens:
- the person becomes "Geanonimiseerd persoon <id>": names, email, phone, salutation, notes, tags, party and owner
  cleared, archived; the search text is rebuilt from the new name, so the old name and email find nothing;
- positions keep their organisation and dates (the organisation's history) but lose the function title;
- contacts keep the person (as the pseudonym): timelines and counts stay right. Notes marked sensitive of those
  contacts are erased (political opinions: we cannot tell whose, so they go);
- their mentions in free text — full names, addresses, numbers, and the surname with or without initials, titles
  and prefix, case and accents ignored ("collega Vlinderboom belde", "Q. Vlinderboom", "de heer Vlinderbóóm") — are
  replaced by the pseudonym in the records the administrator confirmed on the preview (the records linked to them
  by default; crm/privacy/queries_mentions.py), in their current text, every kept version and their audit trail;
- their stakeholder positions are removed (opinions about them: special-category data);
- where they signed a joint letter, the signer becomes the pseudonym (function and email cleared);
- PDFs that name them are replaced by a notice made through the document path — except the frozen PDFs of sent
  letters (and the answer to a letter addressed to them) when the administrator records a reason to keep them
  (the text versions of those letters are then kept as well); mail-merge results that included them are removed;
- the audit trail is scrubbed: their own record's old values, the function titles, the removed positions' and
  sensitive notes' values, every reference to them by name or address, and the mentions in the chosen records;
- the per-record trail of these changes is not written (it would hold exactly what was erased); one "anonymised"
  event records who, when, the reason and what was done.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from crm.audit.context import auditing_disabled
from crm.common.errors import ServiceError
from crm.common.time import today, utcnow
from crm.documents import context as document_context
from crm.documents import services as document_services
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.imports import erasure as import_erasure
from crm.inbox import services_erasure as inbox_erasure
from crm.notifications import queries as notification_queries
from crm.partners.models import PERSON_FIELDS, Person
from crm.privacy import queries_erasure as plan_queries
from crm.privacy import services_mentions as mentions
from crm.privacy.mentions import Matcher, NameParts
from crm.privacy.models import REASON_MAX, PersonPrivacy, pseudonym
from crm.privacy.queries_erasure import ErasurePlan, erasure_plan
from crm.privacy.queries_links import PERSONAL_TYPES
from crm.privacy.queries_mentions import chosen_keys
from crm.privacy.scrub import blank_values
from crm.privacy.services import record_privacy_event
from crm.rendering.render import RenderError, RenderOptions, result, submit

ERASED = "[verwijderd]"
NOTICE_TEMPLATE = "builtin:erased_document"

# Audit fields whose values go, per kind of record (beyond the mentions of their names everywhere).
BLANKED = {
    "person": (*PERSON_FIELDS, "tags", "party", "owner"),
    "affiliation": ("role",),
    "personprivacy": ("data_source",),
    "stakeholderposition": ("stance", "influence", "interest", "rationale", "source"),
    "signatory": ("signer_name", "signer_function", "signer_email", "comment"),
}


@dataclass
class ErasureInput:
    reason: str
    retention_reason: str | None = None
    # The records whose mentions are replaced, as ticked on the preview ("interaction:12"); None: every default
    # (the retention review's bulk erasure has no preview per person). `shown`: what the preview listed.
    mentions: set[str] | None = None
    shown: set[str] | None = None


@dataclass
class _Erasure:
    """What one erasure works with, worked out before anything changes."""

    plan: ErasurePlan
    name: str
    matcher: Matcher
    exact: Matcher
    chosen: set[str]
    documents: list[GeneratedDocument]  # the PDFs to replace by a notice, or to keep for the recorded reason
    keep: set[int]  # of those, the sent letters' PDFs kept for the reason (their letters' versions stay too)
    kept_letters: set[int]


def _documents(
    plan: ErasurePlan, chosen: set[str], retention: bool
) -> tuple[list[GeneratedDocument], set[int], set[int]]:
    """The PDFs the erasure handles: every one that names them for certain (`plan.documents`, whatever the preview
    says), and those the preview listed for a mention that were chosen. With a retention reason, the sent letters
    among them are kept as they are, and so are those letters' versions. Returns (documents, kept, kept letters)."""
    documents = list(plan.documents)
    listed = {int(key.partition(":")[2]) for key in chosen if key.startswith("generateddocument:")}
    documents += plan_queries.documents_by_ids(listed - {d.id for d in documents})
    letters = plan_queries.sent_letter_documents({d.id for d in documents})  # document id → its letter
    keep = set(letters) if retention else set()
    return documents, keep, {letters[i] for i in keep}


def _notices(erasure: _Erasure) -> dict[int, bytes]:
    """One notice PDF per document to replace, rendered in one go before anything is changed."""
    replaced = [d for d in erasure.documents if d.id not in erasure.keep]
    if not replaced:
        return {}
    chosen = document_services.choose(NOTICE_TEMPLATE)
    contexts = [
        document_context.document_context(
            chosen.meta,
            {"notice": {"title": erasure.matcher.replace(d.title, erasure.name), "erased_on": today().isoformat()}},
            title="Verwijderd document",
            author="",
        )
        for d in replaced
    ]
    try:
        rendered = result(submit(chosen.source, contexts, RenderOptions(tagged=True), split=True, whole=False))
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


def _references(erasure: _Erasure) -> None:
    """What is theirs whatever the preview says: sensitive notes of their contacts, their signatures, the answer
    PDFs of letters addressed to them, and their name where a letter's history says who signed."""
    plan, name = erasure.plan, erasure.name
    for interaction in plan.interactions:
        if interaction.sensitive:
            interaction.notes = None
    for signatory in plan.signatories:
        signatory.signer_name = name
        signatory.signer_email = signatory.signer_function = None
    for event in plan_queries.letter_events(sorted(plan.letter_ids)):
        mentions.rewrite(event, ("actor_label",), erasure.exact, name)
        params = erasure.exact.replace_in(event.params, name)  # the names a history line is worded with
        if params != event.params:
            event.params = params
    notifications = notification_queries.about_records("interaction", [i.id for i in plan.interactions])
    notifications += plan_queries.notifications_naming(plan.identity.terms)  # names in any title
    for notification in notifications:
        params = erasure.exact.replace_in(notification.params, name)  # "… logged a contact with <name>"
        if params != notification.params:
            notification.params = params
    for answer in plan_queries.letter_answers([letter.id for letter in plan.letters]):
        if answer.letter_id not in erasure.kept_letters and answer.pdf_filename:
            answer.pdf = answer.pdf_filename = answer.pdf_size = None


def _capture_and_imports(erasure: _Erasure) -> tuple[int, int, int]:
    """The e-mails of their contacts, the mail waiting to be logged that names them, the imports that held their
    data. Returns (e-mails, waiting mails deleted, imports)."""
    plan, name, matcher = erasure.plan, erasure.name, erasure.matcher

    def scrub(value):
        return matcher.replace_in(value, name)

    inbox_erasure.scrub_captured(plan.captured_emails, scrub, plan.identity.lower_emails)
    waiting = inbox_erasure.delete_waiting_mentioning(lambda text: bool(matcher.spans(text)))
    import_erasure.forget_data(plan.imports, scrub)
    return len(plan.captured_emails), waiting, len(plan.imports)


def _replace_documents(erasure: _Erasure, notices: dict[int, bytes], data: ErasureInput) -> None:
    for document in erasure.documents:
        if document.id not in notices:
            document.options = {**document.options, "kept_after_erasure": data.retention_reason}
            continue
        pdf = notices[document.id]
        document.pdf, document.size, document.page_count = pdf, len(pdf), 1
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.input_snapshot = {"erased_on": today().isoformat()}
        document.options = {**document.options, "erased_on": today().isoformat()}
        mentions.rewrite(document, ("title", "filename"), erasure.matcher, erasure.name)
    for job in erasure.plan.merge_jobs:
        job.result = None
        job.error = mentions.MERGE_RESULT_REMOVED
    from crm.privacy.tasks import erase_waiting_exports

    erase_waiting_exports(erasure.plan.person.id)  # an access export of them still waiting for its download


def _audit(erasure: _Erasure) -> int:
    """The trail: their own records' values blanked, references to them by name replaced in every event that
    names them for certain, the mentions replaced in the trail of the chosen records. Returns the events touched."""
    plan, name = erasure.plan, erasure.name
    person_id = plan.person.id
    related = plan.related
    automatic = {event.id for event in plan.audit_events}
    events = {event.id: event for event in plan.audit_events}
    # The trail of the PDFs handled goes as well, kept ones included: a PDF kept for a reason keeps its bytes, its
    # history is not the record.
    chosen = erasure.chosen | {f"generateddocument:{d.id}" for d in erasure.documents}
    for event in mentions.trail_of(chosen):
        events.setdefault(event.id, event)
    touched = 0
    for event in sorted(events.values(), key=lambda e: e.id):
        changes = dict(event.changes or {})
        kind = event.entity_type
        own_record = kind in PERSONAL_TYPES and event.entity_id == person_id
        own_position = kind == "affiliation" and event.parent_type == "person" and event.parent_id == person_id
        if own_record:
            changes = blank_values(changes, BLANKED[kind], ERASED)
        elif own_position:
            roles = [value for value in changes.get("role") or [] if isinstance(value, str)]
            changes = blank_values(changes, BLANKED["affiliation"], ERASED)
        elif kind in related and event.entity_id in related[kind]:
            changes = blank_values(changes, BLANKED.get(kind, ("notes",)), ERASED)
        changes, label = mentions.scrub_event_text(event, changes, chosen=chosen,
                                                   automatic=event.id in automatic, matcher=erasure.matcher,
                                                   exact=erasure.exact, replacement=name)  # fmt: skip
        if own_record and kind == "person":
            label = name
        elif own_position:
            label = (Matcher([NameParts(last_name=r) for r in roles], [], roles).replace(label, "—") or "")[:255]
        if changes != event.changes or label != event.entity_label:
            event.changes, event.entity_label = changes, label
            touched += 1
    return touched


def _summary(erasure: _Erasure, notices: dict[int, bytes], sensitive: int, rewritten: int,
             captured: tuple[int, int, int]) -> str:  # fmt: skip
    """What was done, in counts (stored in the audit trail, so in Dutch like the pseudonym)."""
    plan = erasure.plan
    kept = len(erasure.documents) - len(notices)
    listed = len(plan.mentions)
    parts = [
        f"contacten: {len(plan.interactions)} (gevoelige notities gewist: {sensitive})",
        f"bijeenkomsten: {len(plan.attendances)}",
        f"standpunten verwijderd: {len(plan.positions)}",
        f"brieven: {len(plan.letter_ids)}",
        f"documenten vervangen: {len(notices)}" + (f" (bewaard: {kept})" if kept else ""),
        f"vermeldingen vervangen in {len(erasure.chosen)} van {listed} gegevens ({rewritten} regels)",
        f"logboekregels geschoond: {len(plan.audit_events)}",
        f"e-mails: {captured[0]}, wachtende e-mails verwijderd: {captured[1]}, imports zonder bestand: {captured[2]}",
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
    data = ErasureInput(reason=reason, retention_reason=(data.retention_reason or "").strip() or None,
                        mentions=data.mentions, shown=data.shown)  # fmt: skip
    plan = erasure_plan(person)
    chosen = chosen_keys(plan.mentions, data.mentions, data.shown)
    documents, keep, kept_letters = _documents(plan, chosen, bool(data.retention_reason))
    erasure = _Erasure(plan, pseudonym(person.id), plan.matcher, plan.exact, chosen, documents, keep, kept_letters)
    notices = _notices(erasure)  # rendered first: a failing render changes nothing
    sensitive = len(plan.sensitive_interactions)
    with auditing_disabled():
        _person(plan, erasure.name)
        _privacy(person, data)
        _references(erasure)
        captured = _capture_and_imports(erasure)
        rewritten = mentions.rewrite_records(chosen, erasure.matcher, erasure.name, kept_letters=kept_letters)
        for position in plan.positions:
            db.session.delete(position)
        _replace_documents(erasure, notices, data)
        db.session.flush()
    _audit(erasure)
    changes = {"reason": [None, data.reason],
               "summary_of_erasure": [None, _summary(erasure, notices, sensitive, rewritten, captured)]}  # fmt: skip
    if data.retention_reason:
        changes["retention_reason"] = [None, data.retention_reason]
    record_privacy_event(person, "erase", changes, label=erasure.name)
    return plan


def erase_people(people: list[Person], data: ErasureInput) -> list[ErasurePlan]:
    """The retention review's bulk erasure: each person as on their own, all in the caller's one transaction, every
    record's mentions replaced as its default says (there is no preview per person)."""
    if not people:
        raise ServiceError(_l("Choose at least one person."), field="person_ids")
    bulk = ErasureInput(reason=data.reason, retention_reason=data.retention_reason)
    return [erase_person(person, bulk) for person in people]

"""What an erasure will touch: read once, shown on the confirmation page, then acted on by the service."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Text, and_, cast, func, not_, or_, select

from crm.audit.models import AuditEvent
from crm.common.text import escape_like
from crm.documents.models import GeneratedDocument, MergeJob
from crm.extensions import db
from crm.imports.erasure import imports_touching
from crm.imports.models import Import
from crm.inbox.models import CapturedEmail
from crm.inbox.queries import captured_emails_of
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter, LetterAnswer, LetterEvent, Signatory
from crm.meetings.models import ActionItem, MeetingAttendee
from crm.notifications.models import Notification
from crm.partners.models import Person
from crm.privacy import queries_links as links
from crm.privacy.identity import Identity, identity_of
from crm.privacy.mentions import Matcher
from crm.privacy.models import pseudonym
from crm.privacy.queries_mentions import MentionUnit, find_mentions
from crm.privacy.scrub import json_forms
from crm.stakeholders.models import StakeholderPosition


@dataclass
class ErasurePlan:
    person: Person
    identity: Identity
    interactions: list[Interaction]
    attendances: list[MeetingAttendee]
    action_items: list[ActionItem]
    letters: list[JointLetter]  # addressed to them
    signatories: list[Signatory]  # where they signed, or were to sign
    positions: list[StakeholderPosition]
    documents: list[GeneratedDocument]  # PDFs that name them
    sent_letter_documents: set[int]  # of those, the frozen PDFs of sent letters (and answers) they were part of
    merge_jobs: list[MergeJob]
    audit_events: list[AuditEvent]  # the trail that names them for certain: scrubbed whatever is chosen below
    mentions: list[MentionUnit] = field(default_factory=list)  # records mentioning them in free text: to confirm
    captured_emails: list[CapturedEmail] = field(default_factory=list)  # logged as their contacts
    imports: list[Import] = field(default_factory=list)  # that made or changed their records: lose file and undo

    @property
    def matcher(self) -> Matcher:
        return self.identity.matcher()

    @property
    def exact(self) -> Matcher:
        return self.identity.exact_matcher()

    @property
    def linked_mentions(self) -> list[MentionUnit]:
        return [unit for unit in self.mentions if unit.linked]

    @property
    def pseudonym(self) -> str:
        return pseudonym(self.person.id)

    @property
    def sensitive_interactions(self) -> list[Interaction]:
        return [i for i in self.interactions if i.sensitive and i.notes]

    @property
    def letter_ids(self) -> set[int]:
        return {letter.id for letter in self.letters} | {s.letter_id for s in self.signatories}

    @property
    def related(self) -> dict[str, set[int]]:
        return related_records(self.interactions, self.positions, self.signatories)

    @property
    def sent_letters(self) -> int:
        return len(self.sent_letter_documents)


def related_records(interactions, positions, signatories) -> dict[str, set[int]]:
    """Records about others whose audit entries name the person (entity type → ids): sensitive contacts with them,
    positions on them, their signatures."""
    return {
        "interaction": {i.id for i in interactions if i.sensitive},
        "stakeholderposition": {p.id for p in positions},
        "signatory": {s.id for s in signatories},
    }


def _like_any(column, terms: list[str]) -> list:
    lowered = func.lower(column)
    return [lowered.like(f"%{escape_like(form.lower())}%", escape="\\") for term in terms for form in json_forms(term)]


def _documents(terms: list[str], sent_ids: set[int]) -> list[GeneratedDocument]:
    conditions = [*_like_any(cast(GeneratedDocument.input_snapshot, Text), terms),
                  *_like_any(GeneratedDocument.title, terms)]  # fmt: skip
    if sent_ids:
        conditions.append(GeneratedDocument.id.in_(sent_ids))
    if not conditions:
        return []
    return list(db.session.scalars(select(GeneratedDocument).where(or_(*conditions)).order_by(GeneratedDocument.id)))


def _merge_jobs(person_id: int) -> list[MergeJob]:
    ref = f'%"person:{person_id}"%'
    query = select(MergeJob).where(cast(MergeJob.arguments, Text).like(ref), MergeJob.result.is_not(None))
    return list(db.session.scalars(query))


def _audit_events(person_id: int, terms: list[str], related: dict[str, set[int]]) -> list[AuditEvent]:
    mentions = [*_like_any(cast(AuditEvent.changes, Text), terms), *_like_any(AuditEvent.entity_label, terms)]
    # (parent_type is NULL for most events: without the IS NOT NULL the whole test would be NULL, i.e. not true.)
    # Records of other people: their own trail is never rewritten, even when a namesake's name occurs in it.
    someone_else = or_(
        and_(AuditEvent.entity_type.in_(links.PERSONAL_TYPES), AuditEvent.entity_id != person_id),
        and_(
            AuditEvent.parent_type.is_not(None), AuditEvent.parent_type == "person", AuditEvent.parent_id != person_id
        ),
    )
    own = [
        and_(AuditEvent.entity_type.in_(links.PERSONAL_TYPES), AuditEvent.entity_id == person_id),
        and_(AuditEvent.parent_type == "person", AuditEvent.parent_id == person_id),
        *(and_(AuditEvent.entity_type == kind, AuditEvent.entity_id.in_(ids)) for kind, ids in related.items() if ids),
    ]
    condition = or_(*own, and_(or_(*mentions), not_(someone_else))) if mentions else or_(*own)
    return list(db.session.scalars(select(AuditEvent).where(condition).order_by(AuditEvent.id)))


def erasure_plan(person: Person) -> ErasurePlan:
    """Everything that holds something about the person, in a fixed number of statements."""
    identity = identity_of(person)
    terms = identity.terms
    interactions = links.interactions_of(person.id)
    attendances = links.attendances_of(person.id)
    letters = links.letters_addressed_to(person.id)
    signatories = links.signatories_of(person, identity)
    positions = links.positions_of(person.id)
    sent_ids = {letter.sent_document_id for letter in letters if letter.sent_document_id}
    sent_ids |= {s.letter.sent_document_id for s in signatories if s.letter.sent_document_id}
    related = related_records(interactions, positions, signatories)
    meeting_ids = {a.meeting_id for a in attendances}
    action_items = links.action_items_of(person.id)
    meeting_ids |= {item.meeting_id for item in action_items}
    documents = _documents(terms, sent_ids)
    audit_events = _audit_events(person.id, terms, related)
    linked = {
        "interaction": {i.id for i in interactions},
        "meeting": meeting_ids,
        "jointletter": {letter.id for letter in letters} | {s.letter_id for s in signatories},
    }
    own = {e.id for e in audit_events if _is_own(e, person.id)}
    handled = {("stakeholderposition", p.id) for p in positions} | {("generateddocument", d.id) for d in documents}
    mentions = find_mentions(person.id, identity.matcher(), linked, own, handled)
    return ErasurePlan(
        person=person,
        identity=identity,
        interactions=interactions,
        attendances=attendances,
        action_items=action_items,
        letters=letters,
        signatories=signatories,
        positions=positions,
        documents=documents,
        sent_letter_documents=sent_ids,
        merge_jobs=_merge_jobs(person.id),
        audit_events=audit_events,
        mentions=mentions,
        captured_emails=captured_emails_of([i.id for i in interactions]),
        imports=imports_touching(person.id, [a.id for a in person.affiliations], [i.id for i in interactions]),
    )


def _is_own(event: AuditEvent, person_id: int) -> bool:
    """An event of the person's own records: their record, privacy record, positions (blanked, never listed)."""
    own_record = event.entity_type in links.PERSONAL_TYPES and event.entity_id == person_id
    return own_record or (event.parent_type == "person" and event.parent_id == person_id)


def documents_by_ids(ids: set[int]) -> list[GeneratedDocument]:
    if not ids:
        return []
    return list(db.session.scalars(select(GeneratedDocument).where(GeneratedDocument.id.in_(ids))))


def sent_letter_documents(document_ids: set[int]) -> dict[int, int]:
    """document id → letter id, for those of these documents that are a sent letter's PDF."""
    if not document_ids:
        return {}
    query = select(JointLetter.sent_document_id, JointLetter.id).where(JointLetter.sent_document_id.in_(document_ids))
    return {row[0]: row[1] for row in db.session.execute(query)}


# --- the letters they were part of (loaded only when erasing) -------------------------------------------------


def letter_events(letter_ids: list[int]) -> list[LetterEvent]:
    if not letter_ids:
        return []
    return list(db.session.scalars(select(LetterEvent).where(LetterEvent.letter_id.in_(letter_ids))))


def notifications_naming(terms: list[str]) -> list[Notification]:
    """Notifications whose parameters (the names in their titles) may name the person: the rough sieve."""
    conditions = _like_any(cast(Notification.params, Text), terms)
    if not conditions:
        return []
    return list(db.session.scalars(select(Notification).where(or_(*conditions))))


def letter_answers(letter_ids: list[int]) -> list[LetterAnswer]:
    if not letter_ids:
        return []
    return list(db.session.scalars(select(LetterAnswer).where(LetterAnswer.letter_id.in_(letter_ids))))

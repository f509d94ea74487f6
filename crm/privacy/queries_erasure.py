"""What an erasure will touch: read once, shown on the confirmation page, then acted on by the service."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Text, and_, cast, func, not_, or_, select
from sqlalchemy.orm import selectinload

from crm.audit.models import AuditEvent
from crm.common.text import escape_like
from crm.documents.models import GeneratedDocument, MergeJob
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter, LetterAnswer, LetterEvent, LetterVersion, Signatory
from crm.meetings.models import ActionItem, AgendaItem, Meeting, MeetingAttendee, MinutesVersion
from crm.partners.models import Person
from crm.privacy import queries_links as links
from crm.privacy.identity import Identity, identity_of
from crm.privacy.models import pseudonym
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
    audit_events: list[AuditEvent]
    meetings: list[Meeting] = field(default_factory=list)

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
    meetings = []
    if meeting_ids:
        query = select(Meeting).options(selectinload(Meeting.agenda_items).selectinload(AgendaItem.decisions))
        meetings = list(db.session.scalars(query.where(Meeting.id.in_(meeting_ids)).order_by(Meeting.id)))
    return ErasurePlan(
        person=person,
        identity=identity,
        interactions=interactions,
        attendances=attendances,
        action_items=action_items,
        letters=letters,
        signatories=signatories,
        positions=positions,
        documents=_documents(terms, sent_ids),
        sent_letter_documents=sent_ids,
        merge_jobs=_merge_jobs(person.id),
        audit_events=_audit_events(person.id, terms, related),
        meetings=meetings,
    )


# --- the texts of the meetings and letters they were part of (loaded only when erasing) ---------------------------


def minutes_versions(meeting_ids: list[int]) -> list[MinutesVersion]:
    if not meeting_ids:
        return []
    return list(db.session.scalars(select(MinutesVersion).where(MinutesVersion.meeting_id.in_(meeting_ids))))


def meeting_action_items(meeting_ids: list[int]) -> list[ActionItem]:
    if not meeting_ids:
        return []
    return list(db.session.scalars(select(ActionItem).where(ActionItem.meeting_id.in_(meeting_ids))))


def letter_versions(letter_ids: list[int]) -> list[LetterVersion]:
    if not letter_ids:
        return []
    return list(db.session.scalars(select(LetterVersion).where(LetterVersion.letter_id.in_(letter_ids))))


def letter_events(letter_ids: list[int]) -> list[LetterEvent]:
    if not letter_ids:
        return []
    return list(db.session.scalars(select(LetterEvent).where(LetterEvent.letter_id.in_(letter_ids))))


def letter_answers(letter_ids: list[int]) -> list[LetterAnswer]:
    if not letter_ids:
        return []
    return list(db.session.scalars(select(LetterAnswer).where(LetterAnswer.letter_id.in_(letter_ids))))

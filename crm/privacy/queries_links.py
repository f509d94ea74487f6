"""The records that hold something about one person, across the domains: what an access export shows and what an
erasure anonymises. Each read is one or two statements, whatever the person's history."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.audit.models import AuditEvent
from crm.common.text import fold_for_match
from crm.extensions import db
from crm.interactions.models import Interaction, interaction_people
from crm.letters.models import JointLetter, Signatory
from crm.meetings.models import ActionItem, Meeting, MeetingAttendee
from crm.partners.models import Person
from crm.privacy.identity import Identity
from crm.stakeholders.models import StakeholderPosition

PERSONAL_TYPES = ("person", "personprivacy")  # audit entity types of the person's own records


def interactions_of(person_id: int) -> list[Interaction]:
    """The contacts the person took part in, oldest first, with everyone and everything involved."""
    linked = select(interaction_people.c.interaction_id).where(interaction_people.c.person_id == person_id)
    query = (
        select(Interaction)
        .options(
            selectinload(Interaction.people),
            selectinload(Interaction.organisations),
            selectinload(Interaction.dossiers),
        )
        .where(Interaction.id.in_(linked))
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    return list(db.session.scalars(query).unique())


def attendances_of(person_id: int) -> list[MeetingAttendee]:
    """The person's places on meeting lists, oldest meeting first, with the meeting and its series."""
    query = (
        select(MeetingAttendee)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .options(
            joinedload(MeetingAttendee.meeting).joinedload(Meeting.series),
            joinedload(MeetingAttendee.organisation),
        )
        .where(MeetingAttendee.person_id == person_id)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list(db.session.scalars(query))


def fellow_attendees(meeting_ids: list[int], person_id: int) -> list[Person]:
    """The other external people on these meetings' lists (whose names an access export must not give away)."""
    if not meeting_ids:
        return []
    others = select(MeetingAttendee.person_id).where(
        MeetingAttendee.meeting_id.in_(meeting_ids), MeetingAttendee.person_id != person_id
    )
    return list(db.session.scalars(select(Person).where(Person.id.in_(others))))


def action_items_of(person_id: int) -> list[ActionItem]:
    query = (
        select(ActionItem)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .options(joinedload(ActionItem.meeting))
        .where(ActionItem.owner_person_id == person_id)
        .order_by(Meeting.starts_at, ActionItem.id)
    )
    return list(db.session.scalars(query))


def letters_addressed_to(person_id: int) -> list[JointLetter]:
    query = (
        select(JointLetter)
        .options(joinedload(JointLetter.addressee_organisation), joinedload(JointLetter.sent_document))
        .where(JointLetter.addressee_person_id == person_id)
        .order_by(JointLetter.created_at, JointLetter.id)
    )
    return list(db.session.scalars(query))


def signatories_of(person: Person, identity: Identity) -> list[Signatory]:
    """Where the person signed (or was asked to sign) for their organisation: by their email address, or by their
    name at an organisation they hold or held a position at (a namesake elsewhere is someone else)."""
    emails = identity.lower_emails
    names = {fold_for_match(name) for name in identity.names}
    organisation_ids = {a.organisation_id for a in person.affiliations}
    conditions = []
    if emails:
        conditions.append(func.lower(Signatory.signer_email).in_(emails))
    if names and organisation_ids:
        conditions.append(and_(Signatory.organisation_id.in_(organisation_ids), Signatory.signer_name.is_not(None)))
    if not conditions:
        return []
    query = (
        select(Signatory)
        .options(joinedload(Signatory.letter).joinedload(JointLetter.sent_document), joinedload(Signatory.organisation))
        .where(or_(*conditions))
        .order_by(Signatory.invited_at, Signatory.id)
    )
    found = []
    for signatory in db.session.scalars(query):
        by_email = (signatory.signer_email or "").strip().lower() in emails
        by_name = signatory.organisation_id in organisation_ids and fold_for_match(signatory.signer_name) in names
        if by_email or by_name:
            found.append(signatory)
    return found


def positions_of(person_id: int) -> list[StakeholderPosition]:
    query = (
        select(StakeholderPosition)
        .options(joinedload(StakeholderPosition.dossier))
        .where(StakeholderPosition.person_id == person_id)
        .order_by(StakeholderPosition.observed_on, StakeholderPosition.id)
    )
    return list(db.session.scalars(query))


def audit_events_about(person_id: int) -> list[AuditEvent]:
    """The person's own trail: their record, their positions over time, their privacy record, exports, erasure."""
    query = (
        select(AuditEvent)
        .where(
            or_(
                and_(AuditEvent.entity_type.in_(PERSONAL_TYPES), AuditEvent.entity_id == person_id),
                and_(AuditEvent.parent_type == "person", AuditEvent.parent_id == person_id),
            )
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return list(db.session.scalars(query))

"""Reads for privacy: a person's privacy record, the overview, and the retention review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from crm.audit.models import AuditEvent
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.interactions.models import interaction_people
from crm.interactions.queries import last_contact_at
from crm.partners.models import Affiliation, Person
from crm.partners.queries import current_affiliation_clause
from crm.privacy.models import PersonPrivacy

PRIVACY_ACTIONS = ("erase", "access_export")
REASONS = ("contact", "position", "review")
DEFAULT_YEARS = 2
MAX_YEARS = 50


def privacy_of(person_id: int) -> PersonPrivacy | None:
    return db.session.get(PersonPrivacy, person_id)


def privacy_by_person(person_ids: list[int]) -> dict[int, PersonPrivacy]:
    if not person_ids:
        return {}
    rows = db.session.scalars(select(PersonPrivacy).where(PersonPrivacy.person_id.in_(person_ids)))
    return {row.person_id: row for row in rows}


def people_for_erasure(person_ids: list[int]) -> list[Person]:
    """These people (not yet anonymised) in name order, with their positions: the bulk confirmation and erasure."""
    if not person_ids:
        return []
    erased = select(PersonPrivacy.person_id).where(PersonPrivacy.erased_at.is_not(None))
    query = (
        select(Person)
        .options(selectinload(Person.affiliations).selectinload(Affiliation.organisation))
        .where(Person.id.in_(person_ids), Person.id.not_in(erased))
        .order_by(Person.name_key, Person.id)
    )
    return list(db.session.scalars(query))


def last_contacts(person_ids: list[int]) -> dict[int, datetime]:
    """person id → the time of their newest contact, in one statement (from the links' time index)."""
    if not person_ids:
        return {}
    query = (
        select(interaction_people.c.person_id, func.max(interaction_people.c.occurred_at))
        .where(interaction_people.c.person_id.in_(person_ids))
        .group_by(interaction_people.c.person_id)
    )
    return {row[0]: row[1] for row in db.session.execute(query) if row[1] is not None}


# --- the overview ------------------------------------------------------------------------------------------------


@dataclass
class Overview:
    without_basis: int
    review_due: int
    erased: int


def overview(on: date | None = None) -> Overview:
    """Three counts in one statement: active people without a recorded lawful basis, reviews due, anonymised."""
    on = on or today()
    recorded = select(PersonPrivacy.person_id).where(PersonPrivacy.lawful_basis.is_not(None))
    without_basis = (
        select(func.count())
        .select_from(Person)
        .where(Person.archived_at.is_(None), Person.id.not_in(recorded))
        .scalar_subquery()
    )
    due = (
        select(func.count())
        .select_from(PersonPrivacy)
        .where(PersonPrivacy.review_on <= on, PersonPrivacy.erased_at.is_(None))
        .scalar_subquery()
    )
    erased = select(func.count()).select_from(PersonPrivacy).where(PersonPrivacy.erased_at.is_not(None))
    row = db.session.execute(select(without_basis, due, erased.scalar_subquery())).one()
    return Overview(without_basis=row[0] or 0, review_due=row[1] or 0, erased=row[2] or 0)


def recent_privacy_events(limit: int = 20) -> list[AuditEvent]:
    """The latest access exports and erasures, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(PRIVACY_ACTIONS))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def privacy_history(person_id: int, limit: int = 20) -> list[AuditEvent]:
    """Changes to a person's privacy record and the access exports made of them, newest first."""
    query = (
        select(AuditEvent)
        .where(
            or_(
                and_(AuditEvent.entity_type == "personprivacy", AuditEvent.entity_id == person_id),
                and_(
                    AuditEvent.entity_type == "person",
                    AuditEvent.entity_id == person_id,
                    AuditEvent.action.in_(PRIVACY_ACTIONS),
                ),
            )
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


# --- the retention review ----------------------------------------------------------------------------------------


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class ReviewFilters:
    years: int = DEFAULT_YEARS
    reason: str = ""  # one of REASONS, or "" for any

    def as_args(self) -> dict:
        args = {"years": self.years if self.years != DEFAULT_YEARS else None, "reason": self.reason or None}
        return {key: value for key, value in args.items() if value}


def review_query(filters: ReviewFilters, now: datetime | None = None, on: date | None = None) -> Select:
    """People to review: no contact for `years` years (counted from when they were added if never contacted),
    no current position, or a retention review date that has passed. Anonymised people are done: never listed.
    Oldest contact first."""
    now, on = now or utcnow(), on or today()
    last = func.coalesce(last_contact_at("person", Person.id), Person.created_at)
    holds_position = exists().where(Affiliation.person_id == Person.id, current_affiliation_clause(on))
    reasons = {
        "contact": last < years_before(now, filters.years),
        "position": ~holds_position,
        "review": and_(PersonPrivacy.review_on.is_not(None), PersonPrivacy.review_on <= on),
    }
    condition = reasons[filters.reason] if filters.reason in reasons else or_(*reasons.values())
    return (
        select(Person)
        .outerjoin(PersonPrivacy, PersonPrivacy.person_id == Person.id)
        .options(selectinload(Person.affiliations).selectinload(Affiliation.organisation))
        .where(PersonPrivacy.erased_at.is_(None), condition)
        .order_by(last, Person.id)
    )


@dataclass
class ReviewRow:
    person: Person
    last_contact: datetime | None
    privacy: PersonPrivacy | None
    reasons: list[tuple[str, dict]] = field(default_factory=list)  # (reason key, its details)


def review_rows(people: list[Person], filters: ReviewFilters, now: datetime | None = None,
                on: date | None = None) -> list[ReviewRow]:  # fmt: skip
    """The page's people with their last contact and why each is listed (two statements for the whole page)."""
    now, on = now or utcnow(), on or today()
    ids = [p.id for p in people]
    contacts, records = last_contacts(ids), privacy_by_person(ids)
    cutoff = years_before(now, filters.years)
    rows = []
    for person in people:
        row = ReviewRow(person, contacts.get(person.id), records.get(person.id))
        if (row.last_contact or person.created_at) < cutoff:
            row.reasons.append(("contact", {"since": row.last_contact, "added": person.created_at}))
        current = [a for a in person.affiliations if a.is_current]
        if not current:
            ended = [a for a in person.affiliations if a.end_date is not None and a.end_date < on]
            latest = max(ended, key=lambda a: a.end_date) if ended else None
            row.reasons.append(("position", {"left": latest}))
        if row.privacy is not None and row.privacy.review_on is not None and row.privacy.review_on <= on:
            row.reasons.append(("review", {"on": row.privacy.review_on}))
        rows.append(row)
    return rows

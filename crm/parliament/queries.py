"""Reads for the parliamentary agenda, an activity's page, and the panels on committee and person pages.

Every page reads a fixed number of statements whatever the data size: a page of activities, then their committees
in one statement; an activity's agenda items, their cases and documents, and the committee's members with their
party and registry person in one statement each. Removed rows (tombstones) are never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import and_, or_, select

from crm.common.time import local_day_start_utc, today, utcnow
from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import (
    KamerActivity,
    KamerAgendaItem,
    KamerCase,
    KamerCommittee,
    KamerCommitteeMember,
    KamerCommitteeSeat,
    KamerDocument,
    KamerFraction,
    KamerFractionMember,
    KamerFractionSeat,
    KamerPerson,
    agenda_item_cases,
    agenda_item_documents,
)
from crm.parliament.records import ACTIVITY_KINDS
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Organisation, Person

PERIODS = ("upcoming", "this_week", "next_week", "recent")
RECENT_DAYS = 28
PANEL_SIZE = 5


@dataclass
class AgendaFilters:
    committee_id: int | None = None  # the committee's organisation in our registry
    kind: str = ""
    period: str = "upcoming"
    date_from: date | None = None
    date_until: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.committee_id or self.kind or self.date_from or self.date_until or self.period != "upcoming")


def _zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def period_bounds(filters: AgendaFilters, day: date) -> tuple[datetime | None, datetime | None, bool]:
    """(from, until) in UTC and whether the newest comes first, for the chosen period or dates."""
    start = lambda d: local_day_start_utc(d, _zone())  # noqa: E731
    if filters.date_from or filters.date_until:
        return (
            start(filters.date_from) if filters.date_from else None,
            start(filters.date_until + timedelta(days=1)) if filters.date_until else None,
            False,
        )
    monday = day - timedelta(days=day.weekday())
    if filters.period == "this_week":
        return start(monday), start(monday + timedelta(days=7)), False
    if filters.period == "next_week":
        return start(monday + timedelta(days=7)), start(monday + timedelta(days=14)), False
    if filters.period == "recent":
        return start(day - timedelta(days=RECENT_DAYS)), start(day + timedelta(days=1)), True
    return start(day), None, False


def committee_choices() -> list[Organisation]:
    """The committees (and the Kamer itself, for plenary activities) the Kamer keeps, by name."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.source == SOURCE,
                Organisation.kind.in_((OrganisationKind.COMMITTEE.value, OrganisationKind.PARLIAMENT.value)),
            )
            .order_by(Organisation.kind.desc(), Organisation.name_key)
        )
    )


def agenda_query(filters: AgendaFilters, committee: Organisation | None):
    start, end, newest_first = period_bounds(filters, today())
    query = select(KamerActivity).where(KamerActivity.removed.is_(False))
    # A lower bound implies "has a date"; saying it twice makes SQLite's planner pick the (removed, sort_at) index
    # over a committee's own (committee_id, removed, sort_at) and walk every committee's activities.
    query = query.where(KamerActivity.sort_at >= start if start is not None else KamerActivity.sort_at.is_not(None))
    if end is not None:
        query = query.where(KamerActivity.sort_at < end)
    if filters.committee_id:
        query = query.where(KamerActivity.committee_id == (committee.source_id if committee else None))
    if filters.kind in ACTIVITY_KINDS:
        query = query.where(KamerActivity.kind == filters.kind)
    order = (
        (KamerActivity.sort_at.desc(), KamerActivity.id) if newest_first else (KamerActivity.sort_at, KamerActivity.id)
    )
    return query.order_by(*order)


@dataclass
class CommitteeRef:
    name: str
    abbreviation: str | None
    organisation_id: int | None


def committees_of(activities: list[KamerActivity]) -> dict[str, CommitteeRef]:
    """The lead committee of each activity, with its organisation in our registry (one statement)."""
    ids = {a.committee_id for a in activities if a.committee_id}
    if not ids:
        return {}
    rows = db.session.execute(
        select(KamerCommittee.id, KamerCommittee.name, KamerCommittee.abbreviation, Organisation.id)
        .outerjoin(Organisation, and_(Organisation.source == SOURCE, Organisation.source_id == KamerCommittee.id))
        .where(KamerCommittee.id.in_(ids))
    )
    return {cid: CommitteeRef(name, abbreviation, org_id) for cid, name, abbreviation, org_id in rows}


def get_activity(activity_id: str) -> KamerActivity | None:
    activity = db.session.get(KamerActivity, activity_id.lower())
    return None if activity is None or activity.removed else activity


@dataclass
class AgendaItemView:
    item: KamerAgendaItem
    cases: list[KamerCase] = field(default_factory=list)
    documents: list[KamerDocument] = field(default_factory=list)


# What an agenda item links to, each read in one statement: (link table, model, its column there, the view's list)
_AGENDA_ITEM_LINKS = (
    (agenda_item_cases, KamerCase, "case_id", "cases"),
    (agenda_item_documents, KamerDocument, "document_id", "documents"),
)


def agenda_items(activity: KamerActivity) -> list[AgendaItemView]:
    items = db.session.scalars(
        select(KamerAgendaItem)
        .where(KamerAgendaItem.activity_id == activity.id, KamerAgendaItem.removed.is_(False))
        .order_by(KamerAgendaItem.position, KamerAgendaItem.number)
    ).all()
    views = {item.id: AgendaItemView(item) for item in items}
    if not views:
        return []
    for table, model, column, attribute in _AGENDA_ITEM_LINKS:
        rows = db.session.execute(
            select(table.c.agenda_item_id, model)
            .join(model, model.id == table.c[column])
            .where(table.c.agenda_item_id.in_(views), model.removed.is_(False))
            .order_by(model.number)
        )
        for item_id, record in rows:
            getattr(views[item_id], attribute).append(record)
    return list(views.values())


@dataclass
class MemberView:
    name: str
    function: str
    substitute: bool
    fraction: str | None
    person_id: int | None  # in our registry
    party_organisation_id: int | None


def committee_members(committee_id: str | None, day: date) -> list[MemberView]:
    """Who sat on the committee on `day`: members first, then substitutes, with their fraction on that day."""
    if not committee_id:
        return []
    sitting = and_(
        KamerCommitteeMember.removed.is_(False),
        or_(KamerCommitteeMember.from_date.is_(None), KamerCommitteeMember.from_date <= day),
        or_(KamerCommitteeMember.until_date.is_(None), KamerCommitteeMember.until_date >= day),
    )
    seated_in_fraction = and_(
        KamerFractionMember.person_id == KamerPerson.id,
        KamerFractionMember.removed.is_(False),
        or_(KamerFractionMember.from_date.is_(None), KamerFractionMember.from_date <= day),
        or_(KamerFractionMember.until_date.is_(None), KamerFractionMember.until_date >= day),
    )
    party = Organisation.__table__.alias("party")
    rows = db.session.execute(
        select(
            KamerPerson,
            KamerCommitteeMember.function,
            KamerCommitteeMember.substitute,
            KamerFraction.abbreviation,
            Person.id,
            party.c.id,
        )
        .join(KamerCommitteeSeat, KamerCommitteeSeat.id == KamerCommitteeMember.seat_id)
        .join(KamerPerson, KamerPerson.id == KamerCommitteeMember.person_id)
        .outerjoin(KamerFractionMember, seated_in_fraction)
        .outerjoin(KamerFractionSeat, KamerFractionSeat.id == KamerFractionMember.seat_id)
        .outerjoin(KamerFraction, KamerFraction.id == KamerFractionSeat.fraction_id)
        .outerjoin(party, and_(party.c.source == SOURCE, party.c.source_id == KamerFraction.id))
        .outerjoin(Person, and_(Person.source == SOURCE, Person.source_id == KamerPerson.id))
        .where(KamerCommitteeSeat.committee_id == committee_id, KamerPerson.removed.is_(False), sitting)
        .order_by(KamerCommitteeMember.substitute, KamerPerson.last_name, KamerPerson.id)
    )
    members, seen = [], set()
    for person, function, substitute, fraction, person_id, party_id in rows:
        if (person.id, substitute) in seen:
            continue  # two fraction seats on one day (a switch): one line
        seen.add((person.id, substitute))
        name = " ".join(p for p in (person.first_name or person.initials, person.prefix, person.last_name) if p)
        members.append(MemberView(name, function or "", substitute, fraction, person_id, party_id))
    chair_first = {"voorzitter": 0, "ondervoorzitter": 1}
    members.sort(key=lambda m: (m.substitute, chair_first.get(m.function.lower(), 2)))
    return members


# --- the panels on record pages ---------------------------------------------------------------------------------


def upcoming_for_committee(organisation: Organisation, limit: int = PANEL_SIZE) -> list[KamerActivity] | None:
    """The next activities a committee (or the Kamer, for plenary ones) leads; None for organisations the Kamer
    does not keep (no statement then)."""
    if organisation.source != SOURCE or not organisation.source_id:
        return None
    return list(
        db.session.scalars(
            select(KamerActivity)
            .where(
                KamerActivity.committee_id == organisation.source_id,
                KamerActivity.removed.is_(False),
                KamerActivity.sort_at >= utcnow() - timedelta(hours=2),
            )
            .order_by(KamerActivity.sort_at)
            .limit(limit)
        )
    )


def upcoming_for_person(person: Person, limit: int = PANEL_SIZE) -> list[KamerActivity] | None:
    """The next activities of the committees a Kamerlid sits on now; None for people the Kamer does not keep."""
    if person.source != SOURCE or not person.source_id:
        return None
    day = today()
    committees = (
        select(KamerCommitteeSeat.committee_id)
        .join(KamerCommitteeMember, KamerCommitteeMember.seat_id == KamerCommitteeSeat.id)
        .where(
            KamerCommitteeMember.person_id == person.source_id,
            KamerCommitteeMember.removed.is_(False),
            or_(KamerCommitteeMember.until_date.is_(None), KamerCommitteeMember.until_date >= day),
        )
    )
    return list(
        db.session.scalars(
            select(KamerActivity)
            .where(
                KamerActivity.committee_id.in_(committees),
                KamerActivity.removed.is_(False),
                KamerActivity.sort_at >= utcnow() - timedelta(hours=2),
            )
            .order_by(KamerActivity.sort_at)
            .limit(limit)
        )
    )


# --- links to the Kamer's own site --------------------------------------------------------------------------------


def _site(path: str, **params: str) -> str:
    return f"{current_app.config['PARLIAMENT_SITE_URL']}{path}?{urlencode(params)}"


def activity_url(activity: KamerActivity) -> str | None:
    if not activity.number:
        return None
    if activity.kind == "plenary":
        return _site("/debat_en_vergadering/plenaire_vergaderingen/details/activiteit", id=activity.number)
    return _site("/debat_en_vergadering/commissievergaderingen/details", id=activity.number)


def case_url(case: KamerCase) -> str | None:
    return _site("/kamerstukken/detail", id=case.number) if case.number else None


def document_url(document: KamerDocument, case: KamerCase | None = None) -> str:
    if case is not None and case.number and document.number:
        return _site("/kamerstukken/detail", id=case.number, did=document.number)
    return _site("/downloads/document", id=document.number or document.id)

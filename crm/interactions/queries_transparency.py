"""The lobby transparency report: every contact with public officials in a period, one row per (contact, official).

Public officials are people with a position, held on the day of the contact, at a ministry, directorate,
parliament, parliamentary committee, province or municipality. A contact with such an organisation in which none of
its officials took part is a row too, with the official left empty. The rows carry what public agendas publish —
date, time, place, official and function, organisation (a directorate with its ministry), subject, kind and who of
us — and never the private notes. Everything is joined and aggregated in the database: a page of rows is one
statement, its total another, however many contacts the period holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String, and_, case, cast, exists, func, null, or_, select, union_all
from sqlalchemy.orm import aliased

from crm.auth.models import User
from crm.extensions import db
from crm.interactions.models import (
    Interaction,
    interaction_organisations,
    interaction_people,
    interaction_users,
)
from crm.interactions.queries import place_column
from crm.interactions.queries_cold import OFFICIAL_KINDS
from crm.interactions.queries_stats import Scope as TransparencyScope  # the report has no colleague filter
from crm.interactions.queries_stats import scope_filters
from crm.meetings.models import Meeting
from crm.partners.models import Affiliation, Organisation, Person, person_name
from crm.partners.queries import held_between

NAMES_SEPARATOR = "\x1f"  # between the aggregated names of colleagues: never part of a name


@dataclass(frozen=True)
class TransparencyRow:
    interaction_id: int
    occurred_at: datetime  # naive UTC
    kind: str
    subject: str
    place: str | None
    official: str  # "Peter de Groot", or "" for a contact with the organisation only
    function: str
    organisation: str  # "Ministerie van OCW, Directie Kunsten": a directorate or committee with its parent
    colleagues: list[str]  # who of us took part (else who logged it), A–Z


def _in_scope(scope: TransparencyScope) -> list:
    return [Interaction.occurred_at >= scope.start, Interaction.occurred_at < scope.end, *scope_filters(scope)]


def _held_on_contact_day(affiliation):
    """The position was held on the (UTC) day of the contact; `date()` is a function on SQLite and PostgreSQL."""
    day = func.date(Interaction.occurred_at)
    return held_between(day, day, affiliation)


def _officials(scope: TransparencyScope):
    """(contact, official) with the one position that explains the contact: one at an organisation the contact
    names first, then the most specific (a directorate before its ministry), then the most recent."""
    named = exists().where(
        interaction_organisations.c.interaction_id == interaction_people.c.interaction_id,
        interaction_organisations.c.organisation_id == Affiliation.organisation_id,
    )
    rank = func.row_number().over(
        partition_by=(interaction_people.c.interaction_id, interaction_people.c.person_id),
        order_by=(
            case((named, 0), else_=1),
            case((Organisation.parent_id.is_(None), 1), else_=0),
            case((Affiliation.start_date.is_(None), 1), else_=0),
            Affiliation.start_date.desc(),
            Affiliation.id.desc(),
        ),
    )
    ranked = (
        select(
            interaction_people.c.interaction_id.label("interaction_id"),
            Person.id.label("person_id"),
            Person.first_name.label("first_name"),
            Person.initials.label("initials"),
            Person.name_prefix.label("name_prefix"),
            Person.last_name.label("last_name"),
            Affiliation.role.label("role"),
            Organisation.name.label("organisation"),
            Organisation.parent_id.label("parent_id"),
            rank.label("rank"),
        )
        .select_from(interaction_people)
        .join(Interaction, Interaction.id == interaction_people.c.interaction_id)
        .join(Person, Person.id == interaction_people.c.person_id)
        .join(Affiliation, and_(Affiliation.person_id == Person.id, _held_on_contact_day(Affiliation)))
        .join(Organisation, and_(Organisation.id == Affiliation.organisation_id, Organisation.kind.in_(OFFICIAL_KINDS)))
        .where(*_in_scope(scope))
        .subquery()
    )
    return select(*(column for column in ranked.c if column.name != "rank")).where(ranked.c.rank == 1)


def _organisations_only(scope: TransparencyScope):
    """Government organisations a contact names in which none of the contact's people held a position that day
    (nor in one of its directorates or committees): the contact was with the organisation itself."""
    link, position, place = interaction_people.alias(), aliased(Affiliation), aliased(Organisation)
    covered = (
        select(link.c.person_id)
        .join(position, position.person_id == link.c.person_id)
        .join(place, place.id == position.organisation_id)
        .where(
            link.c.interaction_id == interaction_organisations.c.interaction_id,
            _held_on_contact_day(position),
            or_(position.organisation_id == Organisation.id, place.parent_id == Organisation.id),
        )
        .exists()
    )
    return (
        select(
            interaction_organisations.c.interaction_id.label("interaction_id"),
            cast(null(), Integer).label("person_id"),
            cast(null(), String).label("first_name"),
            cast(null(), String).label("initials"),
            cast(null(), String).label("name_prefix"),
            cast(null(), String).label("last_name"),
            cast(null(), String).label("role"),
            Organisation.name.label("organisation"),
            Organisation.parent_id.label("parent_id"),
        )
        .select_from(interaction_organisations)
        .join(Interaction, Interaction.id == interaction_organisations.c.interaction_id)
        .join(Organisation, Organisation.id == interaction_organisations.c.organisation_id)
        .where(Organisation.kind.in_(OFFICIAL_KINDS), ~covered, *_in_scope(scope))
    )


def _rows(scope: TransparencyScope):
    return union_all(_officials(scope), _organisations_only(scope)).subquery()


def count_rows(scope: TransparencyScope) -> int:
    """How many rows the report has: one statement."""
    return db.session.scalar(select(func.count()).select_from(_rows(scope))) or 0


def report_rows(scope: TransparencyScope, *, limit: int | None = None) -> list[TransparencyRow]:
    """The report's rows by date (the first `limit` of them): one statement."""
    rows = _rows(scope)
    parent, author = aliased(Organisation), aliased(User)
    colleagues = (
        select(func.aggregate_strings(User.name, NAMES_SEPARATOR))
        .select_from(interaction_users)
        .join(User, User.id == interaction_users.c.user_id)
        .where(interaction_users.c.interaction_id == Interaction.id)
        .scalar_subquery()
    )
    query = (
        select(
            Interaction.id,
            Interaction.occurred_at,
            Interaction.kind,
            Interaction.subject,
            place_column().label("place"),
            rows.c.first_name,
            rows.c.initials,
            rows.c.name_prefix,
            rows.c.last_name,
            rows.c.role,
            rows.c.organisation,
            parent.name.label("parent"),
            colleagues.label("colleagues"),
            author.name.label("author"),
        )
        .select_from(rows)
        .join(Interaction, Interaction.id == rows.c.interaction_id)
        .outerjoin(Meeting, Meeting.interaction_id == Interaction.id)
        .outerjoin(parent, parent.id == rows.c.parent_id)
        .outerjoin(author, author.id == Interaction.created_by_id)
        .order_by(
            Interaction.occurred_at,
            Interaction.id,
            rows.c.last_name.is_(None),
            rows.c.last_name,
            rows.c.first_name,
            rows.c.organisation,
        )
    )
    if limit is not None:
        query = query.limit(limit)
    return [_row(row) for row in db.session.execute(query)]


def _row(row) -> TransparencyRow:
    official = person_name(row)
    colleagues = sorted(filter(None, (row.colleagues or "").split(NAMES_SEPARATOR)), key=str.casefold)
    return TransparencyRow(
        interaction_id=row.id,
        occurred_at=row.occurred_at,
        kind=row.kind,
        subject=row.subject,
        place=row.place,
        official=official,
        function=(row.role or "") if official else "",
        organisation=f"{row.parent}, {row.organisation}" if row.parent else row.organisation,
        colleagues=colleagues or ([row.author] if row.author else []),
    )

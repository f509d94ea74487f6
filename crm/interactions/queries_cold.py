"""Partners and officials going cold: nobody of us has spoken to them for more than N days (or ever).

Partners are organisations in an active coalition, except our own (OWN_ORGANISATION: we do not lose touch with
ourselves); officials are people with a relationship owner and a current
position in government. Their last contact is an index look-up per candidate (the links carry the contact's time),
not a pass over the whole log, so the cost follows the number of candidates, not the size of the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import DateTime, Integer, String, cast, func, literal, null, or_, select

from crm.auth.models import User
from crm.coalitions.models import Coalition, CoalitionMember
from crm.extensions import db
from crm.interactions.models import interaction_organisations, interaction_people
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Affiliation, Organisation, Person
from crm.partners.queries import current_affiliation_clause

OFFICIAL_KINDS = (OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE, OrganisationKind.PARLIAMENT,
                  OrganisationKind.COMMITTEE, OrganisationKind.PROVINCE, OrganisationKind.MUNICIPALITY)  # fmt: skip


@dataclass(frozen=True)
class ColdRecord:
    type: str  # "organisation" or "person"
    id: int
    name: str
    owner_name: str | None
    last_contact: datetime | None


@dataclass(frozen=True)
class GoingCold:
    records: list[ColdRecord]  # the coldest first (never contacted, then the longest ago)
    by_owner: list[tuple[str | None, int]]  # relationship owner (None: nobody) → how many of theirs are cold
    total: int


def _partners(coalition_id: int | None, owner_id: int | None):
    last = (
        select(func.max(interaction_organisations.c.occurred_at))
        .where(interaction_organisations.c.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    members = select(CoalitionMember.organisation_id).join(Coalition).where(Coalition.archived_at.is_(None))
    if coalition_id:
        members = members.where(CoalitionMember.coalition_id == coalition_id)
    query = select(
        literal("organisation").label("type"), Organisation.id.label("id"), Organisation.name.label("name"),
        Organisation.owner_id.label("owner_id"), last.label("last_contact"),
    ).where(Organisation.archived_at.is_(None), Organisation.id.in_(members),
            Organisation.name != current_app.config["OWN_ORGANISATION"])  # fmt: skip
    return query.where(Organisation.owner_id == owner_id) if owner_id else query


def _officials(owner_id: int | None):
    # From the government organisations to their current staff (by index), not from every person in the registry.
    in_government = (
        select(Affiliation.person_id)
        .join(Organisation, Organisation.id == Affiliation.organisation_id)
        .where(Organisation.kind.in_(OFFICIAL_KINDS), current_affiliation_clause())
    )
    last = (
        select(func.max(interaction_people.c.occurred_at))
        .where(interaction_people.c.person_id == Person.id)
        .scalar_subquery()
    )
    name = func.trim(func.coalesce(Person.first_name, "") + " " + func.coalesce(Person.name_prefix, "") + " "
                     + Person.last_name)  # fmt: skip
    query = select(
        literal("person").label("type"), Person.id.label("id"), func.replace(name, "  ", " ").label("name"),
        Person.owner_id.label("owner_id"), last.label("last_contact"),
    ).where(Person.id.in_(in_government), Person.archived_at.is_(None), Person.owner_id.is_not(None))  # fmt: skip
    return query.where(Person.owner_id == owner_id) if owner_id else query


def going_cold(since: datetime, *, coalition_id: int | None = None, owner_id: int | None = None,
               limit: int = 25) -> GoingCold:  # fmt: skip
    """One statement: the coldest `limit` records, and how many are cold per relationship owner. The cold set is a
    materialised CTE, so both parts read it once (SQLite 3.35+ and PostgreSQL 12+ understand the hint)."""
    parts = [_partners(coalition_id, owner_id)]
    if not coalition_id:  # a coalition has member organisations, not officials
        parts.append(_officials(owner_id))
    both = parts[0].union_all(*parts[1:]).subquery() if len(parts) > 1 else parts[0].subquery()
    cold = (
        select(both.c.type, both.c.id, both.c.name, both.c.last_contact, User.name.label("owner"))
        .outerjoin(User, User.id == both.c.owner_id)
        .where(or_(both.c.last_contact < since, both.c.last_contact.is_(None)))
        .cte("cold")
        .prefix_with("MATERIALIZED")
    )
    record_columns = (cold.c.type, cold.c.id, cold.c.name, cold.c.owner, cold.c.last_contact)
    nothing = cast(null(), Integer).label("count")  # the records' column for the owners' counts
    coldest = (
        select(literal("record").label("part"), *record_columns, nothing)
        .order_by(cold.c.last_contact.is_not(None), cold.c.last_contact, cold.c.name)
        .limit(limit)
        .subquery()
    )
    blank = (cast(null(), String), cast(null(), Integer), cast(null(), String))  # type, id, name
    owners = select(literal("owner"), *blank, cold.c.owner, cast(null(), DateTime), func.count()).group_by(cold.c.owner)
    rows = db.session.execute(select(coldest).union_all(owners)).all()
    records = sorted(
        (ColdRecord(row.type, row.id, row.name, row.owner, row.last_contact) for row in rows if row.part == "record"),
        key=lambda record: (record.last_contact is not None, record.last_contact or since, record.name),
    )
    counts = [(row.owner, int(row.count)) for row in rows if row.part == "owner"]
    by_owner = sorted(counts, key=lambda pair: (-pair[1], pair[0] is None, pair[0] or ""))
    return GoingCold(records, by_owner, sum(count for _, count in by_owner))

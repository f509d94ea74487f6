"""Partners and officials going cold: nobody of us has spoken to them for more than N days (or ever).

Partners are organisations in an active coalition; officials are people with a relationship owner and a current
position in government. Their last contact is an index look-up per candidate (the links carry the contact's time),
not a pass over the whole log, so the cost follows the number of candidates, not the size of the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, or_, select

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
    ).where(Organisation.archived_at.is_(None), Organisation.id.in_(members))  # fmt: skip
    return query.where(Organisation.owner_id == owner_id) if owner_id else query


def _officials(owner_id: int | None):
    last = (
        select(func.max(interaction_people.c.occurred_at))
        .where(interaction_people.c.person_id == Person.id)
        .scalar_subquery()
    )
    in_government = (
        select(Affiliation.id)
        .join(Organisation, Organisation.id == Affiliation.organisation_id)
        .where(Affiliation.person_id == Person.id, current_affiliation_clause(), Organisation.kind.in_(OFFICIAL_KINDS))
        .exists()
    )
    name = func.trim(func.coalesce(Person.first_name, "") + " " + func.coalesce(Person.name_prefix, "") + " "
                     + Person.last_name)  # fmt: skip
    query = select(
        literal("person").label("type"), Person.id.label("id"), func.replace(name, "  ", " ").label("name"),
        Person.owner_id.label("owner_id"), last.label("last_contact"),
    ).where(Person.archived_at.is_(None), Person.owner_id.is_not(None), in_government)  # fmt: skip
    return query.where(Person.owner_id == owner_id) if owner_id else query


def going_cold(since: datetime, *, coalition_id: int | None = None, owner_id: int | None = None,
               limit: int = 25) -> GoingCold:  # fmt: skip
    """Two statements: the coldest `limit` records, and how many are cold per relationship owner."""
    parts = [_partners(coalition_id, owner_id)]
    if not coalition_id:  # a coalition has member organisations, not officials
        parts.append(_officials(owner_id))
    both = parts[0].union_all(*parts[1:]).subquery() if len(parts) > 1 else parts[0].subquery()
    cold = select(both).where(or_(both.c.last_contact < since, both.c.last_contact.is_(None))).subquery()
    rows = db.session.execute(
        select(cold.c.type, cold.c.id, cold.c.name, User.name, cold.c.last_contact)
        .outerjoin(User, User.id == cold.c.owner_id)
        .order_by(cold.c.last_contact.is_not(None), cold.c.last_contact, cold.c.name)
        .limit(limit)
    ).all()
    counts = db.session.execute(
        select(User.name, func.count())
        .select_from(cold)
        .outerjoin(User, User.id == cold.c.owner_id)
        .group_by(User.name)
        .order_by(func.count().desc(), User.name)
    ).all()
    by_owner = [(owner, int(count)) for owner, count in counts]
    return GoingCold([ColdRecord(*row) for row in rows], by_owner, sum(count for _, count in by_owner))

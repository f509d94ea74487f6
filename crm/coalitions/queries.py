"""Reads for coalitions and dossiers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from crm.coalitions.models import Coalition, CoalitionMember, Dossier, DossierStatus, coalition_dossiers
from crm.common.queries import archived_filter, records_in_order, sort_orders, word_filters
from crm.extensions import db


def coalition_list_options() -> tuple:
    return (selectinload(Coalition.dossiers),)


def dossier_list_options() -> tuple:
    return (selectinload(Dossier.coalitions),)


@dataclass
class CoalitionFilters:
    q: str = ""
    dossier_id: int | None = None
    status: str = "active"
    sort: str = "name"


COALITION_SORTS = sort_orders(name=(Coalition.name_key,), start=(Coalition.start_date, Coalition.name_key))


def coalitions_query(filters: CoalitionFilters) -> Select:
    query = select(Coalition).options(*coalition_list_options())
    conditions = [
        *word_filters(Coalition.search_text, filters.q),
        *archived_filter(Coalition, filters.status),
    ]
    if filters.dossier_id:
        linked = select(coalition_dossiers.c.coalition_id).where(coalition_dossiers.c.dossier_id == filters.dossier_id)
        conditions.append(Coalition.id.in_(linked))
    order = COALITION_SORTS.get(filters.sort, COALITION_SORTS["name"])
    return query.where(*conditions).order_by(*order, Coalition.id)


def member_counts(coalition_ids: list[int]) -> dict[int, int]:
    if not coalition_ids:
        return {}
    query = (
        select(CoalitionMember.coalition_id, func.count().label("count"))
        .where(CoalitionMember.coalition_id.in_(coalition_ids))
        .group_by(CoalitionMember.coalition_id)
    )
    return {row.coalition_id: row.count for row in db.session.execute(query)}


def get_coalition(coalition_id: int) -> Coalition | None:
    return db.session.get(Coalition, coalition_id, options=[selectinload(Coalition.dossiers)])


def coalition_members(coalition_id: int) -> list[CoalitionMember]:
    from crm.partners.models import Organisation

    query = (
        select(CoalitionMember)
        .join(CoalitionMember.organisation)
        .options(joinedload(CoalitionMember.organisation))
        .where(CoalitionMember.coalition_id == coalition_id)
        .order_by(CoalitionMember.role, Organisation.name_key)
    )
    return list(db.session.scalars(query))


def get_member(member_id: int) -> CoalitionMember | None:
    return db.session.get(CoalitionMember, member_id, options=[joinedload(CoalitionMember.organisation)])


def membership(coalition_id: int, organisation_id: int) -> CoalitionMember | None:
    return db.session.scalar(
        select(CoalitionMember).where(
            CoalitionMember.coalition_id == coalition_id, CoalitionMember.organisation_id == organisation_id
        )
    )


def memberships_of_organisation(organisation_id: int) -> list[CoalitionMember]:
    """An organisation's coalitions with their dossiers, in one statement (an organisation is in a handful)."""
    query = (
        select(CoalitionMember)
        .join(CoalitionMember.coalition)
        .options(joinedload(CoalitionMember.coalition).joinedload(Coalition.dossiers))
        .where(CoalitionMember.organisation_id == organisation_id)
        .order_by(Coalition.name_key)
    )
    return list(db.session.scalars(query).unique())


def coalition_choices(include_archived: bool = False) -> list[Coalition]:
    query = select(Coalition).order_by(Coalition.name_key)
    if not include_archived:
        query = query.where(Coalition.archived_at.is_(None))
    return list(db.session.scalars(query))


# --- dossiers --------------------------------------------------------------------------------------------------


@dataclass
class DossierFilters:
    q: str = ""
    dossier_status: str = ""
    coalition_id: int | None = None
    status: str = "active"
    sort: str = "name"


DOSSIER_SORTS = {
    **sort_orders(name=(Dossier.name_key,), status=(Dossier.status, Dossier.name_key)),
    "-updated": (Dossier.updated_at.desc(),),  # no column header of its own: only newest changes first
}


def dossiers_query(filters: DossierFilters) -> Select:
    query = select(Dossier).options(*dossier_list_options())
    conditions = [*word_filters(Dossier.search_text, filters.q), *archived_filter(Dossier, filters.status)]
    if filters.dossier_status in {s.value for s in DossierStatus}:
        conditions.append(Dossier.status == filters.dossier_status)
    if filters.coalition_id:
        linked = select(coalition_dossiers.c.dossier_id).where(
            coalition_dossiers.c.coalition_id == filters.coalition_id
        )
        conditions.append(Dossier.id.in_(linked))
    order = DOSSIER_SORTS.get(filters.sort, DOSSIER_SORTS["name"])
    return query.where(*conditions).order_by(*order, Dossier.id)


def get_dossier(dossier_id: int) -> Dossier | None:
    # Joined, not a second statement: a dossier sits in a few coalitions, and its page counts its statements.
    return db.session.get(Dossier, dossier_id, options=[joinedload(Dossier.coalitions)])


def dossier_choices(include: list[int] | None = None) -> list[Dossier]:
    """Active dossiers, plus any archived ones already linked (so editing never silently unlinks them)."""
    query = select(Dossier).order_by(Dossier.name_key)
    if include:
        query = query.where((Dossier.archived_at.is_(None)) | (Dossier.id.in_(include)))
    else:
        query = query.where(Dossier.archived_at.is_(None))
    return list(db.session.scalars(query))


def dossiers_by_ids(ids: list[int]) -> list[Dossier]:
    return records_in_order(Dossier, ids, order_by=Dossier.name_key)


def coalitions_by_ids(ids: list[int]) -> list[Coalition]:
    return records_in_order(Coalition, ids, order_by=Coalition.name_key)


def organisations_on_dossier(dossier_id: int) -> list[CoalitionMember]:
    """Organisations involved in a dossier through the coalitions that carry it."""
    linked = select(coalition_dossiers.c.coalition_id).where(coalition_dossiers.c.dossier_id == dossier_id)
    query = (
        select(CoalitionMember)
        .options(joinedload(CoalitionMember.organisation), joinedload(CoalitionMember.coalition))
        .where(CoalitionMember.coalition_id.in_(linked))
        .order_by(CoalitionMember.coalition_id, CoalitionMember.role)
    )
    return list(db.session.scalars(query))


def count_active_coalitions() -> int:
    return db.session.scalar(select(func.count()).where(Coalition.archived_at.is_(None))) or 0


def count_active_dossiers() -> int:
    return db.session.scalar(select(func.count()).where(Dossier.archived_at.is_(None))) or 0


def active_member_ids(coalition_id: int | None = None) -> Select:
    """The organisations in an active coalition (or in this one): a subquery to narrow other reads to partners."""
    query = select(CoalitionMember.organisation_id).join(Coalition).where(Coalition.archived_at.is_(None))
    return query.where(CoalitionMember.coalition_id == coalition_id) if coalition_id else query

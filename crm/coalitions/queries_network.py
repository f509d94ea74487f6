"""The coalitions' part of the dashboard's network: organisations that are members of the same active coalition.

Coalition membership has no date that every record carries, so the period does not narrow it: a shared coalition
counts as long as the coalition is active (not archived)."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, select

from crm.coalitions.models import Coalition, CoalitionMember, coalition_dossiers
from crm.common.pairs import NetworkScope, Participants, among, link_counts, pair_counts
from crm.extensions import db

NAME = "coalition"


def _active(dossier_id: int | None) -> list:
    conditions = [Coalition.archived_at.is_(None)]
    if dossier_id:
        linked = select(coalition_dossiers.c.coalition_id).where(coalition_dossiers.c.dossier_id == dossier_id)
        conditions.append(Coalition.id.in_(linked))
    return conditions


def participants(scope: NetworkScope) -> Participants:
    """(organisation_id, item_id = coalition): the members of every active coalition (linked to the dossier)."""
    return (
        select(CoalitionMember.organisation_id.label("organisation_id"), CoalitionMember.coalition_id.label("item_id"))
        .join(Coalition, Coalition.id == CoalitionMember.coalition_id)
        .where(*_active(scope.dossier_id), *among(CoalitionMember.organisation_id, scope))
    )


def links(scope: NetworkScope) -> Select:
    """(organisation_id, links): the others each organisation meets in the active coalitions, counted each time."""
    return link_counts(participants(scope), NAME)


def pairs(scope: NetworkScope) -> CompoundSelect:
    """(a, b, weight): two organisations and the number of active coalitions they are both members of.
    (a, None, items): the ones organisation a shares with another one (crm.common.pairs.pair_counts)."""
    return pair_counts(participants(scope), NAME)


def member_ids(coalition_id: int) -> Select:
    """The ids of a coalition's member organisations, as a select to narrow other queries with."""
    return select(CoalitionMember.organisation_id).where(CoalitionMember.coalition_id == coalition_id)


def memberships(organisation_ids: list[int], dossier_id: int | None = None) -> list[tuple[int, int, str]]:
    """(organisation, coalition, coalition name) of these organisations' active coalitions, in one statement."""
    if not organisation_ids:
        return []
    query = (
        select(CoalitionMember.organisation_id, Coalition.id, Coalition.name)
        .join(Coalition, Coalition.id == CoalitionMember.coalition_id)
        .where(CoalitionMember.organisation_id.in_(organisation_ids), *_active(dossier_id))
        .order_by(Coalition.name_key, Coalition.id)
    )
    return [(organisation, coalition, name) for organisation, coalition, name in db.session.execute(query)]

"""Counts over the contact log for the dashboard: by kind (this period and the one before), per week, the government
reached. Every figure is one aggregate statement in the database, whatever the size of the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select

from crm.common.queries import bucket_index, bucket_ranges
from crm.extensions import db
from crm.interactions.models import Interaction, interaction_dossiers, interaction_organisations, interaction_users
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Organisation

# The government the dashboard counts: a contact with a directorate reaches its ministry.
GOVERNMENT = (OrganisationKind.MINISTRY, OrganisationKind.COMMITTEE, OrganisationKind.PROVINCE,
              OrganisationKind.MUNICIPALITY)  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """Which contacts count: those in [start, end) (naive UTC), of a coalition, on a dossier, with a colleague."""

    start: datetime
    end: datetime
    coalition_id: int | None = None
    dossier_id: int | None = None
    user_id: int | None = None


def scope_filters(scope: Scope) -> list:
    # Aliased link tables: the outer query may read the same links itself (contacts per dossier does).
    conditions = []
    if scope.coalition_id:
        conditions.append(Interaction.coalition_id == scope.coalition_id)
    if scope.dossier_id:
        on_dossier = interaction_dossiers.alias()
        conditions.append(exists().where(on_dossier.c.interaction_id == Interaction.id,
                                         on_dossier.c.dossier_id == scope.dossier_id))  # fmt: skip
    if scope.user_id:
        colleague = interaction_users.alias()
        took_part = exists().where(colleague.c.interaction_id == Interaction.id, colleague.c.user_id == scope.user_id)
        conditions.append(or_(took_part, Interaction.created_by_id == scope.user_id))
    return conditions


def _within(start: datetime, end: datetime):
    return and_(Interaction.occurred_at >= start, Interaction.occurred_at < end)


def counts_by_kind_and_bucket(scope: Scope, boundaries: list[datetime]) -> dict[tuple[str, int], int]:
    """(kind, bucket) → contacts, for consecutive buckets [b0, b1), [b1, b2), … (weeks in local time, given as UTC
    instants; this period's and the one before's side by side): one GROUP BY over the contacts between the first and
    the last boundary, which gives both the counts per kind and the counts per week."""
    if len(boundaries) < 2:
        return {}
    buckets = bucket_ranges(boundaries)
    in_bucket = and_(Interaction.occurred_at >= buckets.c.starts, Interaction.occurred_at < buckets.c.ends)
    query = (
        select(Interaction.kind, buckets.c.bucket, func.count())
        .join_from(buckets, Interaction, in_bucket)
        .where(*scope_filters(scope))
        .group_by(Interaction.kind, buckets.c.bucket)
    )
    return {(kind, int(index)): int(count) for kind, index, count in db.session.execute(query)}


def government_reached(scope: Scope) -> dict[str, tuple[int, int]]:
    """kind → (organisations of that kind contacted in the period, all active ones), a directorate counting as its
    ministry: one statement."""
    counted = case((Organisation.kind == OrganisationKind.DIRECTORATE, OrganisationKind.MINISTRY),
                   else_=Organisation.kind)  # fmt: skip
    reached_id = case((Organisation.kind == OrganisationKind.DIRECTORATE, Organisation.parent_id),
                      else_=Organisation.id)  # fmt: skip
    kinds = [*GOVERNMENT, OrganisationKind.DIRECTORATE]
    # The period is read from the links' copy of the contact's time: per government organisation an index range
    # (organisation, time), instead of every contact those organisations ever had.
    moment = interaction_organisations.c.occurred_at
    reached = (
        select(counted.label("kind"), func.count(func.distinct(reached_id)).label("reached"))
        .select_from(Organisation)
        .join(interaction_organisations, interaction_organisations.c.organisation_id == Organisation.id)
        .where(Organisation.kind.in_(kinds), moment >= scope.start, moment < scope.end)
        .group_by(counted)
    )
    narrowed = scope_filters(scope)
    if narrowed:  # the contacts themselves are read only when a filter asks about them
        reached = reached.join(Interaction, Interaction.id == interaction_organisations.c.interaction_id).where(
            *narrowed
        )
    reached = reached.subquery()
    totals = (
        select(Organisation.kind.label("kind"), func.count().label("total"))
        .where(Organisation.kind.in_(GOVERNMENT), Organisation.archived_at.is_(None))
        .group_by(Organisation.kind)
        .subquery()
    )
    rows = db.session.execute(
        select(totals.c.kind, func.coalesce(reached.c.reached, 0), totals.c.total).outerjoin(
            reached, reached.c.kind == totals.c.kind
        )
    )
    found = {kind: (int(count), int(total)) for kind, count, total in rows}
    return {kind.value: found.get(kind.value, (0, 0)) for kind in GOVERNMENT}


def contacts_per_dossier(scope: Scope) -> dict[int, int]:
    """dossier → contacts in the period."""
    query = (
        select(interaction_dossiers.c.dossier_id, func.count())
        .join(Interaction, Interaction.id == interaction_dossiers.c.interaction_id)
        .where(_within(scope.start, scope.end), *scope_filters(scope))
        .group_by(interaction_dossiers.c.dossier_id)
    )
    return {dossier_id: int(count) for dossier_id, count in db.session.execute(query)}


def contacts_per_organisation_bucket(scope: Scope, boundaries: list[datetime], organisations) -> dict:
    """(organisation, bucket) → contacts with it, for the organisations in the `organisations` subquery: one
    statement over the link rows' copy of the contact's time (indexed per organisation)."""
    moment = interaction_organisations.c.occurred_at
    bucket = bucket_index(moment, boundaries)
    query = (
        select(interaction_organisations.c.organisation_id, bucket, func.count())
        .join(Interaction, Interaction.id == interaction_organisations.c.interaction_id)
        .where(
            interaction_organisations.c.organisation_id.in_(organisations),
            moment >= boundaries[0],
            moment < boundaries[-1],
            *scope_filters(scope),
        )
        .group_by(interaction_organisations.c.organisation_id, bucket)
    )
    return {(organisation, int(index)): int(count) for organisation, index, count in db.session.execute(query)}

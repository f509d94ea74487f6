"""Organisations as the dashboard's network draws them: name, kind and relationship owner, by id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.extensions import db
from crm.partners.models import Organisation


def organisations_with_owners(organisation_ids: list[int]) -> dict[int, Organisation]:
    """These organisations by id, each with its relationship owner loaded: one statement."""
    if not organisation_ids:
        return {}
    query = select(Organisation).options(joinedload(Organisation.owner)).where(Organisation.id.in_(organisation_ids))
    return {organisation.id: organisation for organisation in db.session.scalars(query)}

"""Reads for the contact log: look-ups by id, lists with filters, timelines, "who spoke to whom", my follow-ups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.partners.models import Affiliation, Organisation, Person
from crm.partners.queries import current_affiliation_clause


def _by_ids(model, ids: list[int]) -> list:
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids))))


def people_by_ids(ids: list[int]) -> list[Person]:
    return _by_ids(Person, ids)


def organisations_by_ids(ids: list[int]) -> list[Organisation]:
    return _by_ids(Organisation, ids)


def users_by_ids(ids: list[int]) -> list[User]:
    return _by_ids(User, ids)


def dossiers_by_ids(ids: list[int]) -> list[Dossier]:
    return _by_ids(Dossier, ids)


def coalitions_by_ids(ids: list[int]) -> list[Coalition]:
    return _by_ids(Coalition, ids)


def current_positions(person_id: int) -> list[Affiliation]:
    query = (
        select(Affiliation)
        .options(joinedload(Affiliation.organisation))
        .where(Affiliation.person_id == person_id, current_affiliation_clause())
    )
    return list(db.session.scalars(query))


def get_interaction(interaction_id: int) -> Interaction | None:
    return db.session.get(Interaction, interaction_id)

"""Factories for stakeholder positions, and the URL arguments of the stakeholder routes for the access matrix."""

from __future__ import annotations

from datetime import date

import factory

from crm.stakeholders.models import StakeholderPosition
from tests.factories import Base, DossierFactory, PersonFactory, UserFactory


class StakeholderPositionFactory(Base):
    """A person's position on a dossier (pass `person=None, organisation=…` for an organisation's)."""

    class Meta:
        model = StakeholderPosition

    dossier = factory.SubFactory(DossierFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = None
    stance = "neutral"
    influence = "medium"
    interest = "medium"
    rationale = "Zei in het overleg open te staan voor ons voorstel."
    source = "Telefoongesprek"
    observed_on = date(2026, 1, 15)
    created_by = factory.SubFactory(UserFactory)


def sample_stakeholder_arguments() -> dict:
    """A position recorded by a colleague (not the signed-in user)."""
    return {"position_id": StakeholderPositionFactory().id}

"""The registry's own panels on its record pages: a person's positions over time, the people of an organisation."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel
from crm.partners import queries


@panel("person", order=50, template="people/_positions.html")
def positions(person) -> dict[str, Any]:
    return {}  # the person's affiliations, loaded with the person


@panel("organisation", order=50, template="organisations/_people.html")
def people(organisation) -> dict[str, Any]:
    return {"affiliations": queries.organisation_affiliations(organisation.id)}

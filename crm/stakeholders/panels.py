"""The stakeholder map's panels on the record pages: a person's or organisation's current stances, and a dossier's
stance counts with the link to its map. Positions are opinions about people: only for roles with positions.read."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel
from crm.stakeholders.queries import current_stances, stance_counts

STANCES = "stakeholders/_stances.html"


@panel("person", order=20, template=STANCES, permission="positions.read")
def person_stances(person) -> dict[str, Any]:
    return {"stances": current_stances("person", person.id), "kind": "person", "record": person}  # one statement


@panel("organisation", order=20, template=STANCES, permission="positions.read")
def organisation_stances(organisation) -> dict[str, Any]:
    # one statement
    return {"stances": current_stances("organisation", organisation.id), "kind": "organisation", "record": organisation}


@panel("dossier", order=20, template="stakeholders/_dossier_summary.html", permission="positions.read")
def dossier_stance_counts(dossier) -> dict[str, Any]:
    return {"stance_counts": stance_counts(dossier.id)}  # one statement

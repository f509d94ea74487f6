"""The coalitions' own panels on their record pages: a coalition's members, the organisations involved in a
dossier (through its coalitions)."""

from __future__ import annotations

from typing import Any

from crm.coalitions import queries
from crm.common.panels import panel


@panel("coalition", order=50, template="coalitions/_members.html")
def members(coalition) -> dict[str, Any]:
    return {"members": queries.coalition_members(coalition.id)}


@panel("dossier", order=50, template="dossiers/_involved.html")
def involved(dossier) -> dict[str, Any]:
    return {"involved": queries.organisations_on_dossier(dossier.id)}

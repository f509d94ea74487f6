"""The timeline's panels on the record pages: "Who spoke to them?" (people and organisations) and the latest
timeline entries with the link to the full timeline (crm/common/panels.py explains panels)."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel
from crm.interactions.queries import contact_summary
from crm.timeline.context import timeline_context

SUMMARY = "_partials/contact_summary.html"
LATEST = "_partials/timeline_latest.html"


def _summary(scope: str, record: Any) -> dict[str, Any]:
    return {"summary": contact_summary(scope, record.id), "owner": record.owner}


def _latest(scope: str, record: Any) -> dict[str, Any]:
    return timeline_context(scope, record.id)


@panel("person", order=10, template=SUMMARY)
def person_summary(person) -> dict[str, Any]:
    return _summary("person", person)


@panel("organisation", order=10, template=SUMMARY)
def organisation_summary(organisation) -> dict[str, Any]:
    return _summary("organisation", organisation)


@panel("person", order=90, template=LATEST)
def person_timeline(person) -> dict[str, Any]:
    return _latest("person", person)


@panel("organisation", order=90, template=LATEST)
def organisation_timeline(organisation) -> dict[str, Any]:
    return _latest("organisation", organisation)


@panel("dossier", order=90, template=LATEST)
def dossier_timeline(dossier) -> dict[str, Any]:
    return _latest("dossier", dossier)


@panel("coalition", order=90, template=LATEST)
def coalition_timeline(coalition) -> dict[str, Any]:
    return _latest("coalition", coalition)

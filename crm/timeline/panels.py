"""The timeline's panels on the record pages: "Who spoke to them?" (people and organisations) and the latest
timeline entries with the link to the full timeline (crm/common/panels.py explains panels)."""

from __future__ import annotations

from functools import partial
from typing import Any

from crm.common.panels import panel
from crm.interactions.queries import contact_summary
from crm.timeline.context import timeline_context


def summary(scope: str, record: Any) -> dict[str, Any]:
    return {"summary": contact_summary(scope, record.id), "owner": record.owner}


def latest(scope: str, record: Any) -> dict[str, Any]:
    return timeline_context(scope, record.id)


for _scope in ("person", "organisation"):
    panel(_scope, order=10, template="_partials/contact_summary.html")(partial(summary, _scope))
for _scope in ("person", "organisation", "dossier", "coalition"):
    panel(_scope, order=90, template="_partials/timeline_latest.html")(partial(latest, _scope))

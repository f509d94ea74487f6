"""What a record page needs to show its latest timeline entries (the panel: crm/timeline/panels.py). The full,
filterable timeline has a page of its own (crm/timeline/views.py)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from crm.timeline.queries import latest_entries

ENDPOINTS = {
    "organisation": ("timeline.organisation", "organisation_id"),
    "person": ("timeline.person", "person_id"),
    "coalition": ("timeline.coalition", "coalition_id"),
    "dossier": ("timeline.dossier", "dossier_id"),
}


def timeline_context(scope: str, record_id: int) -> dict[str, Any]:
    entries, more = latest_entries(scope, record_id)
    endpoint, argument = ENDPOINTS[scope]
    return {
        "latest": entries,
        "more_timeline": more,
        "timeline_url": url_for(endpoint, **{argument: record_id}),
        "log_args": {scope: record_id},
    }

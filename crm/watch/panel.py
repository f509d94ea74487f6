"""What the dossier page needs for "In de Kamer" (like `timeline_context`): the panel, the dismiss form, and the
links to the Kamer's own pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import current_app

from crm.common.time import today
from crm.parliament.models import KamerCommitment
from crm.parliament.queries import activity_url, case_url
from crm.watch.forms import DismissForm
from crm.watch.queries import dossier_panel


def commitment_url(commitment: KamerCommitment) -> str | None:
    if not commitment.number:
        return None
    site = current_app.config["PARLIAMENT_SITE_URL"]
    return f"{site}/kamerstukken/toezeggingen/detail?{urlencode({'id': commitment.number})}"


def watch_context(dossier_id: int) -> dict[str, Any]:
    return {
        "watch": dossier_panel(dossier_id, today()),
        "dismiss_form": DismissForm(),
        "activity_url": activity_url,
        "case_url": case_url,
        "commitment_url": commitment_url,
    }

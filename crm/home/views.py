"""The start page: my relationships, the size of the registry, recent changes."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from crm.audit.queries import recent_events
from crm.coalitions import queries as coalition_queries
from crm.partners import queries as partner_queries
from crm.permissions import requires

bp = Blueprint("home", __name__)


@bp.get("/")
@requires("registry.read")
def index():
    return render_template(
        "home/index.html",
        counts={
            "organisations": partner_queries.count_active_organisations(),
            "people": partner_queries.count_active_people(),
            "coalitions": coalition_queries.count_active_coalitions(),
            "dossiers": coalition_queries.count_active_dossiers(),
        },
        my_organisations=partner_queries.owned_organisations(current_user.id),
        my_people=partner_queries.owned_people(current_user.id),
        recent=recent_events(limit=12),
    )

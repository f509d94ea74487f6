"""The start page, "My actions", and the count of open actions shown in the navigation."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from crm.audit.queries import recent_events
from crm.coalitions import queries as coalition_queries
from crm.common.forms import ConfirmForm
from crm.common.time import today
from crm.interactions import queries as contact_queries
from crm.partners import queries as partner_queries
from crm.permissions import requires

bp = Blueprint("home", __name__)


@bp.app_context_processor
def open_actions():
    """The number behind "My actions" in the navigation, computed only when a template asks for it."""

    def count() -> int:
        if not current_user.is_authenticated:
            return 0
        return contact_queries.count_open_follow_ups(current_user.id)

    return {"open_actions_count": count}


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


@bp.get("/my/actions")
@requires("account")
def my_actions():
    return render_template(
        "home/my_actions.html",
        follow_ups=contact_queries.open_follow_ups_for(current_user.id),
        today=today(),
        confirm_form=ConfirmForm(),
    )

"""The coalition dashboard: one page whose period and filters live in the URL, so a view can be bookmarked."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from crm.auth import queries as user_queries
from crm.coalitions import queries as coalition_queries
from crm.common.forms import int_or_none
from crm.common.time import today, utcnow
from crm.dashboard.period import KINDS, period_from_args
from crm.dashboard.queries import COLD_DAYS, DashboardFilters, dashboard
from crm.permissions import requires

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

PERIOD_PROBLEMS = {
    "dates": lambda: _("Enter both dates of the custom period; this month is shown instead."),
    "order": lambda: _("The end of the period is before its start; this month is shown instead."),
    "length": lambda: _("A custom period can be at most three years; this month is shown instead."),
}


def _filters(args) -> DashboardFilters:
    cold = int_or_none(args.get("cold"))
    return DashboardFilters(
        coalition_id=int_or_none(args.get("coalition")),
        dossier_id=int_or_none(args.get("dossier")),
        user_id=int_or_none(args.get("colleague")),
        cold_days=cold if cold in COLD_DAYS else 90,
    )


@bp.get("/")
@requires("dashboard.read")
def index():
    period, problem = period_from_args(request.args, today())
    filters = _filters(request.args)
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    data = dashboard(period, filters, zone=zone, now=utcnow(), today=today())
    return render_template(
        "dashboard/index.html",
        data=data,
        filters=filters,
        period_kinds=KINDS,
        problem=PERIOD_PROBLEMS[problem]() if problem else None,
        coalitions=coalition_queries.coalition_choices(),
        dossiers=coalition_queries.dossier_choices([filters.dossier_id] if filters.dossier_id else None),
        colleagues=user_queries.active_users(),
        cold_days=COLD_DAYS,
    )

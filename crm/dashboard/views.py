"""The coalition dashboard: one page whose period and filters live in the URL, so a view can be bookmarked; each
widget's numbers as CSV or Excel with the same URL arguments."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth import queries as user_queries
from crm.coalitions import queries as coalition_queries
from crm.common.exports import csv_response, xlsx_response
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.time import today, utcnow
from crm.dashboard.pdf import dashboard_values
from crm.dashboard.period import KINDS, period_from_args
from crm.dashboard.queries import COLD_DAYS, Dashboard, DashboardFilters, dashboard
from crm.dashboard.tables import WIDGETS
from crm.dashboard.views_reports import make_report_pdf
from crm.permissions import has_permission, refuse, requires

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

DASHBOARD_TEMPLATE = "builtin:dashboard_report"

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


def dashboard_from_args(args) -> tuple[Dashboard, DashboardFilters, str | None]:
    """The dashboard the URL asks for, and a message when its custom dates could not be used."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    day = today()
    period, problem = period_from_args(args, day)
    filters = _filters(args)
    data = dashboard(period, filters, zone=zone, now=utcnow(), today=day,
                     with_positions=has_permission(current_user, "positions.read"))  # fmt: skip
    return data, filters, PERIOD_PROBLEMS[problem]() if problem else None


@bp.get("/")
@requires("dashboard.read")
def index():
    data, filters, problem = dashboard_from_args(request.args)
    return render_template(
        "dashboard/index.html",
        data=data,
        filters=filters,
        period_kinds=KINDS,
        problem=problem,
        coalitions=coalition_queries.coalition_choices(),
        dossiers=data.dossier_menu,
        colleagues=user_queries.active_users(),
        cold_days=COLD_DAYS,
        pdf_form=ConfirmForm(),
        # Translated once and filled per heat-map cell: a gettext call per cell costs more than the cell.
        cell_text=_("%(contacts)s contacts, %(meetings)s meetings, %(letters)s co-signed letters"),
    )


@bp.post("/pdf")
@requires("documents.generate")
def pdf():
    """The dashboard as the URL asks for it, as a PDF for the board meeting: kept as a generated document."""
    data, filters, _problem = dashboard_from_args(request.args)
    back = redirect(url_for(".index", **request.args))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return back
    colleague = user_queries.get_user(filters.user_id) if filters.user_id else None
    values = dashboard_values(data, filters, colleague.name if colleague else None)
    title = f"Coalitiedashboard {data.period.start.isoformat()} tot {data.period.end.isoformat()}"
    provenance = {"report": "dashboard", "args": request.args.to_dict()}
    return make_report_pdf(DASHBOARD_TEMPLATE, values, title=title, provenance=provenance) or back


@bp.get("/export/<widget>.<fmt>")
@requires("dashboard.read")
def export(widget: str, fmt: str):
    if widget not in WIDGETS or fmt not in ("csv", "xlsx"):
        abort(404)
    if widget == "stakeholders" and not has_permission(current_user, "positions.read"):
        refuse("positions.read")  # opinions about people: never for viewers
    data, _filters_used, _problem = dashboard_from_args(request.args)
    table = WIDGETS[widget](data)
    period = _("%(start)s to %(end)s", start=data.period.start.isoformat(), end=data.period.end.isoformat())
    filename = f"{today().isoformat()} {table.title} {period}.{fmt}"
    if fmt == "csv":
        return csv_response(table.headers, table.rows, filename)
    return xlsx_response(table.headers, table.rows, filename, sheet=table.title)

"""Reports: the lobby transparency report (page, CSV, Excel, PDF) and the partner report of one organisation.

The period and filters live in the URL. Looking, and downloading the spreadsheet, are GETs that change nothing;
making a PDF is a POST that keeps it as a generated document with its provenance and leads to its page.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions import queries as coalition_queries
from crm.common.document_pages import document_made
from crm.common.exports import csv_response, xlsx_response
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.time import today
from crm.common.views import found_or_404
from crm.dashboard import reports
from crm.dashboard import tasks as report_tasks
from crm.documents import services as document_services
from crm.extensions import db
from crm.partners.queries import get_organisation
from crm.permissions import requires
from crm.rendering.render import RenderOptions
from crm.tasks import services as tasks
from crm.tasks.queue import QueueUnavailable

bp = Blueprint("reports", __name__, url_prefix="/reports")

TRANSPARENCY_TEMPLATE = "builtin:transparency_report"
PARTNER_TEMPLATE = "builtin:partner_report"


def _zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def _transparency_args():
    period, problem = reports.report_period(request.args, today())
    return period, problem, int_or_none(request.args.get("coalition")), int_or_none(request.args.get("dossier"))


def _span(period, **extra) -> dict:
    """The URL arguments of a period (and filters): links and forms carry exactly what the page shows."""
    args = {"from": period.start.isoformat(), "until": period.end.isoformat(), **extra}
    return {key: value for key, value in args.items() if value}


def make_report_pdf(ref: str, values: dict, *, title: str, provenance: dict, dossier_id: int | None = None):
    """Render and keep the report's PDF, then show its document page (where it downloads); None when refused."""

    def make():
        return document_services.generate_from_values(
            document_services.choose(ref), values, title=title, author=current_user,
            options=RenderOptions(tagged=True), dossier_id=dossier_id, provenance=provenance,
        )  # fmt: skip

    return document_made(make)


# --- the lobby transparency report --------------------------------------------------------------------------------


@bp.get("/transparency")
@requires("reports.read")
def transparency():
    period, problem, coalition_id, dossier_id = _transparency_args()
    report = reports.transparency_report(period, coalition_id, dossier_id, zone=_zone(), limit=reports.PREVIEW_ROWS)
    return render_template(
        "reports/transparency.html",
        report=report,
        span=_span(period, coalition=coalition_id, dossier=dossier_id),
        coalition_id=coalition_id,
        dossier_id=dossier_id,
        problem=reports.period_problem(problem),
        coalitions=coalition_queries.coalition_choices(include_archived=True),
        dossiers=coalition_queries.dossier_choices([dossier_id] if dossier_id else None),
        form=ConfirmForm(),
    )


@bp.get("/transparency.<fmt>")
@requires("reports.read")
def transparency_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    period, problem, coalition_id, dossier_id = _transparency_args()
    if problem:
        abort(400)
    report = reports.transparency_report(period, coalition_id, dossier_id, zone=_zone())
    title = _("Lobby transparency %(start)s to %(end)s", start=period.start.isoformat(), end=period.end.isoformat())
    filename = f"{today().isoformat()} {title}.{fmt}"
    rows = reports.transparency_table(report)
    if fmt == "csv":
        return csv_response(reports.transparency_headers(), rows, filename)
    return xlsx_response(reports.transparency_headers(), rows, filename, sheet=_("Lobby transparency"))


@bp.post("/transparency/pdf")
@requires("reports.read")
def transparency_pdf():
    period, problem, coalition_id, dossier_id = _transparency_args()
    back = redirect(url_for(".transparency", **_span(period, coalition=coalition_id, dossier=dossier_id)))
    if problem or not ConfirmForm().validate_on_submit():
        flash(reports.period_problem(problem) or _("The form had expired; try again."), "error")
        return back
    title = _("Lobby transparency %(start)s to %(end)s", start=period.start.isoformat(), end=period.end.isoformat())
    size = reports.transparency_report(period, coalition_id, dossier_id, zone=_zone(), limit=1).total
    if size > current_app.config["REPORT_QUEUE_ROWS"]:  # too large for a request: a task worker makes it
        return _queue_transparency_pdf(_span(period, coalition=coalition_id, dossier=dossier_id), title, size, back)
    report = reports.transparency_report(period, coalition_id, dossier_id, zone=_zone())
    provenance = {"report": "transparency", **_span(period), "coalition_id": coalition_id, "dossier_id": dossier_id}
    return make_report_pdf(TRANSPARENCY_TEMPLATE, reports.transparency_values(report), title=title,
                     provenance=provenance, dossier_id=dossier_id) or back  # fmt: skip


def _queue_transparency_pdf(span: dict, title: str, size: int, back):
    try:
        tasks.ensure_reachable()
        job_id = report_tasks.queue_transparency_pdf(span, title=title, author=current_user).id
        db.session.commit()
        tasks.start(job_id)
    except QueueUnavailable:
        db.session.rollback()
        flash(str(tasks.QUEUE_DOWN), "error")
        return back
    flash(str(report_tasks.QUEUED_MESSAGE % {"rows": size}), "info")
    return redirect(url_for("jobs.detail", job_id=job_id))


# --- the partner report ------------------------------------------------------------------------------------------


def _organisation(organisation_id: int):
    return found_or_404(get_organisation(organisation_id))


@bp.get("/partner/<int:organisation_id>")
@requires("reports.read")
def partner(organisation_id: int):
    org = _organisation(organisation_id)
    period, problem = reports.report_period(request.args, today())
    return render_template(
        "reports/partner.html",
        org=org,
        period=period,
        span=_span(period),
        problem=reports.period_problem(problem),
        report=reports.partner_values(org, period, zone=_zone(), today=today()),
        form=ConfirmForm(),
    )


@bp.post("/partner/<int:organisation_id>/pdf")
@requires("reports.read")
def partner_pdf(organisation_id: int):
    org = _organisation(organisation_id)
    period, problem = reports.report_period(request.args, today())
    back = redirect(url_for(".partner", organisation_id=org.id, **_span(period)))
    if problem or not ConfirmForm().validate_on_submit():
        flash(reports.period_problem(problem) or _("The form had expired; try again."), "error")
        return back
    values = reports.partner_values(org, period, zone=_zone(), today=today())
    title = _("Partner report %(name)s %(start)s to %(end)s", name=org.acronym or org.name,
              start=period.start.isoformat(), end=period.end.isoformat())  # fmt: skip
    provenance = {"report": "partner", "organisation_id": org.id, **_span(period)}
    return make_report_pdf(PARTNER_TEMPLATE, values, title=title, provenance=provenance) or back

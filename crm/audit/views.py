"""The global audit log for administrators."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from crm.audit.queries import ACTIONS, AuditFilters, actors, entity_types, global_log
from crm.common.forms import date_arg
from crm.permissions import requires

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("/")
@requires("audit.read")
def index():
    filters = AuditFilters(
        entity_type=request.args.get("entity_type", "")[:50],
        action=request.args.get("action", ""),
        actor=request.args.get("actor", "")[:255],
        date_from=date_arg(request.args.get("from")),
        date_until=date_arg(request.args.get("until")),
    )
    page = request.args.get("page", "1")
    events = global_log(filters, page=int(page) if page.isdigit() and int(page) < 100_000 else 1)
    return render_template(
        "audit/index.html",
        events=events,
        filters=filters,
        actions=ACTIONS,
        entity_types=entity_types(),
        actors=actors(),
    )

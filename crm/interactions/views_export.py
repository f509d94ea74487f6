"""The filtered contact log as CSV or XLSX."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.exports import csv_response, xlsx_response
from crm.common.time import today, utc_to_local
from crm.interactions import queries
from crm.interactions.forms import contact_log_filters
from crm.permissions import has_permission, requires

bp = Blueprint("contact_exports", __name__, url_prefix="/interactions")


def _headers() -> list[str]:
    return [
        _("When"), _("Kind"), _("Subject"), _("Place"), _("People"), _("Organisations"), _("Who of us took part"),
        _("Dossiers"), _("Coalition"), _("Follow-up"), _("Follow-up by"), _("Follow-up due"), _("Follow-up done"),
        _("Notes"), _("Logged by"),
    ]  # fmt: skip


def _rows(filters):
    """Notes marked sensitive leave only with those who may read them (`filters.sensitive_notes`)."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    for i, place in queries.export_rows(filters):
        yield [
            utc_to_local(i.occurred_at, zone),
            i.kind_label,
            i.subject,
            place,
            "; ".join(p.full_name for p in i.people),
            "; ".join(o.name for o in i.organisations),
            "; ".join(u.name for u in i.users),
            "; ".join(d.title for d in i.dossiers),
            i.coalition.name if i.coalition else None,
            i.follow_up,
            i.follow_up_owner.name if i.follow_up_owner else None,
            i.follow_up_due,
            utc_to_local(i.follow_up_done_at, zone) if i.follow_up_done_at else None,
            i.notes if filters.sensitive_notes or not i.sensitive else None,
            i.created_by.name if i.created_by else None,
        ]


@bp.get("/export.<fmt>")
@requires("contacts.export")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = contact_log_filters(request.args)
    filters.sensitive_notes = has_permission(current_user, "contacts.sensitive")
    title = _("Contact log")
    filename = f"{title} {today().isoformat()}.{fmt}"
    if fmt == "csv":
        return csv_response(_headers(), _rows(filters), filename)
    return xlsx_response(_headers(), _rows(filters), filename, sheet=title)

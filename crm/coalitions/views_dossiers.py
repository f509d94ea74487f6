"""Dossier pages: list, detail, create, edit, archive/restore, history (the skeleton: crm/common/views_records.py)."""

from __future__ import annotations

from operator import attrgetter

from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.coalitions import queries, services
from crm.coalitions.forms import DossierForm, dossier_filters
from crm.coalitions.models import DOSSIER_STATUS_LABELS
from crm.common.forms import select_choices
from crm.common.views_records import RecordPages

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")


def _form(dossier=None, **kwargs) -> DossierForm:
    form = DossierForm(**kwargs)
    linked = {c.id for c in dossier.coalitions} if dossier else set()
    form.coalition_ids.choices = select_choices(
        (c.id, c.name) for c in queries.coalition_choices(include_archived=True) if not c.is_archived or c.id in linked
    )
    return form


ARCHIVING = _l("The dossier disappears from lists. Its links and history are kept; you can restore it.")
pages = RecordPages(bp, "dossier", queries.get_dossier, _form, attrgetter("title"), "dossiers/", services)
pages.add_form_routes(
    lambda form: services.create_dossier(form.to_input()),
    lambda dossier: _("Dossier %(name)s created.", name=dossier.title),
    services.update_dossier,
)
pages.add_archive_routes(ARCHIVING)
pages.add_list_route(
    dossier_filters,
    queries.dossiers_query,
    lambda filters, page: {"statuses": DOSSIER_STATUS_LABELS, "coalitions": queries.coalition_choices()},
)
pages.add_detail_route()

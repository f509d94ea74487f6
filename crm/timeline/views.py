"""A record's full timeline with filters and pages: /organisations/<id>/timeline and the like."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from crm.coalitions.queries import get_coalition, get_dossier
from crm.common.views import found_or_404
from crm.partners.queries import get_organisation, get_person
from crm.permissions import requires
from crm.timeline.forms import timeline_filters
from crm.timeline.queries import kind_choices, timeline_page

bp = Blueprint("timeline", __name__)

# scope → (the records' address, loader, detail endpoint, its id argument, how the record is named)
RECORDS = {
    "organisation": ("organisations", get_organisation, "organisations.detail", "organisation_id", lambda r: r.name),
    "person": ("people", get_person, "people.detail", "person_id", lambda r: r.full_name),
    "coalition": ("coalitions", get_coalition, "coalitions.detail", "coalition_id", lambda r: r.name),
    "dossier": ("dossiers", get_dossier, "dossiers.detail", "dossier_id", lambda r: r.title),
}


def _timeline(scope: str, **ids: int):
    _path, loader, endpoint, argument, name = RECORDS[scope]
    record_id = ids[argument]
    record = found_or_404(loader(record_id))
    return render_template(
        "timeline/page.html",
        record_name=name(record),
        record_url=url_for(endpoint, **{argument: record_id}),
        timeline=timeline_page(scope, record_id, timeline_filters(request.args)),
        timeline_kinds=kind_choices(),
        log_args={scope: record_id},
    )


def _view(scope: str):
    def timeline(**ids: int):
        return _timeline(scope, **ids)

    return requires("contacts.read")(timeline)


# /organisations/<organisation_id>/timeline and the like, each named after its scope (timeline.organisation, ...)
for _scope, (_path, _loader, _endpoint, _argument, _name) in RECORDS.items():
    bp.add_url_rule(f"/{_path}/<int:{_argument}>/timeline", _scope, _view(_scope), methods=["GET"])

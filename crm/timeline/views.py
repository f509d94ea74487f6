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

# scope → (loader, detail endpoint, its id argument, how the record is named)
RECORDS = {
    "organisation": (get_organisation, "organisations.detail", "organisation_id", lambda r: r.name),
    "person": (get_person, "people.detail", "person_id", lambda r: r.full_name),
    "coalition": (get_coalition, "coalitions.detail", "coalition_id", lambda r: r.name),
    "dossier": (get_dossier, "dossiers.detail", "dossier_id", lambda r: r.title),
}


def _timeline(scope: str, record_id: int):
    loader, endpoint, argument, name = RECORDS[scope]
    record = found_or_404(loader(record_id))
    return render_template(
        "timeline/page.html",
        record_name=name(record),
        record_url=url_for(endpoint, **{argument: record_id}),
        timeline=timeline_page(scope, record_id, timeline_filters(request.args)),
        timeline_kinds=kind_choices(),
        log_args={scope: record_id},
    )


@bp.get("/organisations/<int:organisation_id>/timeline")
@requires("contacts.read")
def organisation(organisation_id: int):
    return _timeline("organisation", organisation_id)


@bp.get("/people/<int:person_id>/timeline")
@requires("contacts.read")
def person(person_id: int):
    return _timeline("person", person_id)


@bp.get("/coalitions/<int:coalition_id>/timeline")
@requires("contacts.read")
def coalition(coalition_id: int):
    return _timeline("coalition", coalition_id)


@bp.get("/dossiers/<int:dossier_id>/timeline")
@requires("contacts.read")
def dossier(dossier_id: int):
    return _timeline("dossier", dossier_id)

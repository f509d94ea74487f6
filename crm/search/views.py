"""Global search: organisations, people, coalitions and dossiers matching the words typed."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from crm.coalitions.queries import CoalitionFilters, DossierFilters, coalitions_query, dossiers_query
from crm.common.views import paginate
from crm.partners.queries import OrganisationFilters, PeopleFilters, organisations_query, people_query
from crm.permissions import requires

bp = Blueprint("search", __name__, url_prefix="/search")

RESULTS_PER_SECTION = 8


@bp.get("/")
@requires("registry.read")
def index():
    q = request.args.get("q", "").strip()[:200]
    sections = {}
    if q:
        sections = {
            "organisations": paginate(organisations_query(OrganisationFilters(q=q)), 1, RESULTS_PER_SECTION),
            "people": paginate(people_query(PeopleFilters(q=q)), 1, RESULTS_PER_SECTION),
            "coalitions": paginate(coalitions_query(CoalitionFilters(q=q)), 1, RESULTS_PER_SECTION),
            "dossiers": paginate(dossiers_query(DossierFilters(q=q)), 1, RESULTS_PER_SECTION),
        }
    total = sum(section.total or 0 for section in sections.values())
    return render_template("search/index.html", q=q, sections=sections, total=total)

"""Global search: organisations, people, coalitions and dossiers matching the words typed."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request

from crm.coalitions.queries import CoalitionFilters, DossierFilters, coalitions_query, dossiers_query
from crm.common.queries import capped_count
from crm.extensions import db
from crm.partners.queries import OrganisationFilters, PeopleFilters, organisations_query, people_query
from crm.permissions import requires

bp = Blueprint("search", __name__, url_prefix="/search")

RESULTS_PER_SECTION = 8
# Beyond this many matches the exact number does not help anyone; counting them all would scan every row.
COUNT_CAP = 100


@dataclass
class Section:
    items: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.items)

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.total > COUNT_CAP else str(self.total)


def _section(query) -> Section:
    items = list(db.session.scalars(query.limit(RESULTS_PER_SECTION)).unique())
    total = len(items) if len(items) < RESULTS_PER_SECTION else capped_count(query, COUNT_CAP)
    return Section(items=items, total=total)


@bp.get("/")
@requires("registry.read")
def index():
    q = request.args.get("q", "").strip()[:200]
    sections = {}
    if q:
        sections = {
            "organisations": _section(organisations_query(OrganisationFilters(q=q))),
            "people": _section(people_query(PeopleFilters(q=q))),
            "coalitions": _section(coalitions_query(CoalitionFilters(q=q))),
            "dossiers": _section(dossiers_query(DossierFilters(q=q))),
        }
    total = sum(section.total for section in sections.values())
    return render_template("search/index.html", q=q, sections=sections, total=total, count_cap=COUNT_CAP)

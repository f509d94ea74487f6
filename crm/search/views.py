"""Global search: organisations, people, coalitions and dossiers matching the words typed."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request
from sqlalchemy import select

from crm.coalitions.models import Coalition, Dossier
from crm.coalitions.queries import (
    CoalitionFilters,
    DossierFilters,
    coalition_list_options,
    coalitions_query,
    dossier_list_options,
    dossiers_query,
)
from crm.extensions import db
from crm.partners.models import Organisation, Person
from crm.partners.queries import (
    OrganisationFilters,
    PeopleFilters,
    organisation_list_options,
    organisations_query,
    people_query,
    person_list_options,
)
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


def _section(query, model, options) -> Section:
    """One pass over the matches gives both the count (up to the cap) and the first few, in their order; the
    first few are then fetched by key with what the result list shows."""
    matches = query.limit(COUNT_CAP + 1).subquery()
    ids = list(db.session.scalars(select(matches.c.id)))
    first = ids[:RESULTS_PER_SECTION]
    by_key = select(model).options(*options).where(model.id.in_(first))
    found = {item.id: item for item in db.session.scalars(by_key).unique()} if first else {}
    return Section(items=[found[i] for i in first if i in found], total=len(ids))


@bp.get("/")
@requires("registry.read")
def index():
    q = request.args.get("q", "").strip()[:200]
    sections = {}
    if q:
        sections = {
            "organisations": _section(
                organisations_query(OrganisationFilters(q=q)), Organisation, organisation_list_options()
            ),
            "people": _section(people_query(PeopleFilters(q=q)), Person, person_list_options()),
            "coalitions": _section(coalitions_query(CoalitionFilters(q=q)), Coalition, coalition_list_options()),
            "dossiers": _section(dossiers_query(DossierFilters(q=q)), Dossier, dossier_list_options()),
        }
    total = sum(section.total for section in sections.values())
    return render_template("search/index.html", q=q, sections=sections, total=total, count_cap=COUNT_CAP)

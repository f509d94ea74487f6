"""The coalition network: who is linked to whom by coalitions, letters and meetings; filters in the URL as on the
dashboard (`period`, `from`, `until`, `coalition`, `dossier`). Without a period the letters and meetings of the last
twelve months count (`period=all`: every one ever): the network of now, at a cost that does not grow with the years
of history."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import ngettext

from crm.coalitions import queries as coalition_queries
from crm.common.forms import int_or_none
from crm.common.time import today
from crm.dashboard.network_drawing import MAX_LINKS, EdgeInput, NodeInput, draw
from crm.dashboard.period import KINDS, Period, period_from_args
from crm.dashboard.queries_network import MAX_NODES, SOURCES, Network, network
from crm.dashboard.views import PERIOD_PROBLEMS
from crm.permissions import requires

bp = Blueprint("network", __name__, url_prefix="/dashboard/network")


def _texts(data: Network, links) -> dict:
    """The words of the links and the organisations' addresses, made once per page: a dense network has a thousand
    links, and a template would escape and join every one of them piece by piece."""

    @cache
    def source_text(source: str, count: int) -> str:
        if source == "coalitions":
            return ngettext("%(num)s shared coalition", "%(num)s shared coalitions", count)
        if source == "letters":
            return ngettext("%(num)s co-signed letter", "%(num)s co-signed letters", count)
        return ngettext("%(num)s joint meeting", "%(num)s joint meetings", count)

    def shared(edge) -> str:
        return ", ".join(source_text(source, getattr(edge, source)) for source in SOURCES if getattr(edge, source))

    def linked(node) -> str:
        return "; ".join(f"{other.name} ({shared(edge)})" for other, edge in node.links)

    names = {node.id: node.name for node in data.nodes}
    return {
        "urls": {node.id: url_for("organisations.detail", organisation_id=node.id) for node in data.nodes},
        "linked": {node.id: linked(node) for node in data.nodes},
        "link_titles": [f"{names[k.a]} – {names[k.b]}: {source_text(k.source, k.weight)}" for k in links],
    }


LAST_12_MONTHS, ALL_TIME = "12m", "all"


def _period(kind: str):
    """The period in the URL, the last twelve months by default, or None for all time; and a problem with it."""
    if kind == ALL_TIME:
        return None, None
    if kind in KINDS:
        return period_from_args(request.args, today())
    return Period(LAST_12_MONTHS, today() - timedelta(days=364), today()), None


@bp.get("")
@requires("dashboard.read")
def index():
    period, problem = _period(request.args.get("period") or LAST_12_MONTHS)
    coalition_id, dossier_id = int_or_none(request.args.get("coalition")), int_or_none(request.args.get("dossier"))
    start, end = period.bounds(current_app.config["BABEL_DEFAULT_TIMEZONE"]) if period else (None, None)
    data = network(coalition_id=coalition_id, dossier_id=dossier_id, start=start, end=end, limit=MAX_NODES)
    drawing = draw(
        [NodeInput(n.id, n.name, n.degree, n.owner, n.acronym) for n in data.nodes],
        [EdgeInput(e.a, e.b, {s: getattr(e, s) for s in SOURCES}) for e in data.edges],
        data.memberships,
        max_links=MAX_LINKS,
    )
    return render_template(
        "dashboard/network.html",
        data=data,
        drawing=drawing,
        nodes={node.id: node for node in data.nodes},
        texts=_texts(data, drawing.links),
        period=period,
        problem=PERIOD_PROBLEMS[problem]() if problem else None,
        coalition_id=coalition_id,
        dossier_id=dossier_id,
        coalitions=coalition_queries.coalition_choices(),
        dossiers=coalition_queries.dossier_choices([dossier_id] if dossier_id else None),
        max_nodes=MAX_NODES,
    )

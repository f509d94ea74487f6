"""The coalition network: who is linked to whom by coalitions, letters and meetings; filters in the URL as on the
dashboard (`period`, `from`, `until`, `coalition`, `dossier`). Without a period every letter and meeting counts."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from crm.coalitions import queries as coalition_queries
from crm.common.forms import int_or_none
from crm.common.time import today
from crm.dashboard.network_drawing import EdgeInput, NodeInput, draw
from crm.dashboard.period import KINDS, period_from_args
from crm.dashboard.queries_network import MAX_NODES, SOURCES, network
from crm.dashboard.views import PERIOD_PROBLEMS
from crm.permissions import requires

bp = Blueprint("network", __name__, url_prefix="/dashboard/network")


@bp.get("")
@requires("dashboard.read")
def index():
    period, problem = period_from_args(request.args, today()) if request.args.get("period") in KINDS else (None, None)
    coalition_id, dossier_id = int_or_none(request.args.get("coalition")), int_or_none(request.args.get("dossier"))
    start, end = period.bounds(current_app.config["BABEL_DEFAULT_TIMEZONE"]) if period else (None, None)
    data = network(coalition_id=coalition_id, dossier_id=dossier_id, start=start, end=end, limit=MAX_NODES)
    drawing = draw(
        [NodeInput(n.id, n.name, n.degree, n.owner) for n in data.nodes],
        [EdgeInput(e.a, e.b, {s: getattr(e, s) for s in SOURCES}) for e in data.edges],
        data.memberships,
    )
    return render_template(
        "dashboard/network.html",
        data=data,
        drawing=drawing,
        nodes={node.id: node for node in data.nodes},
        period=period,
        problem=PERIOD_PROBLEMS[problem]() if problem else None,
        coalition_id=coalition_id,
        dossier_id=dossier_id,
        coalitions=coalition_queries.coalition_choices(),
        dossiers=coalition_queries.dossier_choices([dossier_id] if dossier_id else None),
        max_nodes=MAX_NODES,
    )

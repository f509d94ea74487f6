"""The coalition network: organisations linked by shared coalitions, co-signed letters and joint meetings.

Each domain counts its own pairs in SQL (crm/*/queries_network.py); this module lays the three side by side in one
statement per question, so the number of statements never depends on the data:

1. rank: every linked organisation by its number of links (one other organisation met in one coalition, letter or
   meeting), the most connected first, capped at MAX_NODES, with the number of organisations there were in all;
2. edges: the pairs among those organisations with a weight per source, and in the same statement what each of
   them shares with another one in the drawing (how many coalitions, letters, meetings);
3. the organisations' names, kinds and relationship owners; 4. their coalitions, to group the drawing by.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, desc, func, literal, select, union_all

from crm.coalitions import queries_network as coalitions
from crm.common.pairs import NetworkScope
from crm.extensions import db
from crm.letters import queries_network as letters
from crm.meetings import queries_network as meetings
from crm.partners import queries_network as partners
from crm.partners.kinds import OrganisationKind

MAX_NODES = 60
SOURCES = ("coalitions", "letters", "meetings")


@dataclass(frozen=True)
class Edge:
    a: int
    b: int | None  # None in the rows of what one organisation shares (see _pairs)
    coalitions: int
    letters: int
    meetings: int

    @property
    def total(self) -> int:
        return self.coalitions + self.letters + self.meetings


@dataclass
class Node:
    id: int
    name: str
    kind: str
    owner: str | None
    acronym: str | None = None
    coalitions: int = 0  # coalitions, letters and meetings shared with another organisation in the drawing
    letters: int = 0
    meetings: int = 0
    links: list[tuple[Node, Edge]] = field(default_factory=list)  # (the other organisation, their edge)

    kind_label = OrganisationKind.label_property("kind")

    @property
    def degree(self) -> int:
        return len(self.links)

    @property
    def weight(self) -> int:
        return sum(edge.total for _, edge in self.links)


@dataclass
class Network:
    nodes: list[Node]  # the most linked first (in the drawing), then the strongest links
    edges: list[Edge]
    total_nodes: int  # linked organisations in the selection, before the cap
    memberships: list[tuple[int, int, str]]  # (organisation, coalition, coalition name) of the nodes

    @property
    def capped(self) -> bool:
        return self.total_nodes > len(self.nodes)


def _pairs(scope: NetworkScope) -> Select:
    """(a, b, coalitions, letters, meetings): every linked pair once with its weight per source; and with b NULL,
    per organisation, the number of coalitions, letters and meetings it shares with another one."""
    zero = literal(0)
    parts = []
    for number, source in enumerate((coalitions, letters, meetings)):
        pairs = source.pairs(scope).subquery(f"{source.NAME}_pairs")
        weights = [pairs.c.weight if i == number else zero for i in range(len(SOURCES))]
        parts.append(select(pairs.c.a, pairs.c.b, *(w.label(s) for w, s in zip(weights, SOURCES, strict=True))))
    every = union_all(*parts).subquery("every_pair")
    return select(every.c.a, every.c.b, *(func.sum(every.c[s]).label(s) for s in SOURCES)).group_by(
        every.c.a, every.c.b
    )


def _ranked(scope: NetworkScope, limit: int) -> list[tuple[int, int]]:
    """(organisation, number of linked organisations in the selection), the most links first. A link is one other
    organisation met in one coalition, letter or meeting: counted per participation, never by forming every pair."""
    counted = [module.links(scope).subquery(f"{module.NAME}_links") for module in (coalitions, letters, meetings)]
    parts = [select(links.c.organisation_id, links.c.links) for links in counted]
    every = union_all(*parts).subquery("every_link")
    query = (
        select(every.c.organisation_id, func.count().over().label("total"))
        .group_by(every.c.organisation_id)
        .order_by(desc(func.sum(every.c.links)), every.c.organisation_id)
        .limit(limit)
    )
    return [(organisation, int(total)) for organisation, total in db.session.execute(query)]


def network(
    *, coalition_id: int | None = None, dossier_id: int | None = None, start=None, end=None, limit: int = MAX_NODES
) -> Network:
    scope = NetworkScope(coalition_id, dossier_id, start, end)
    if coalition_id:
        scope = scope.narrowed(coalitions.member_ids(coalition_id))
    ranked = _ranked(scope, limit)
    if not ranked:
        return Network([], [], 0, [])
    ids = [organisation for organisation, _ in ranked]
    drawn = NetworkScope(coalition_id, dossier_id, start, end, (ids,))
    rows = [Edge(a, b, int(c), int(lt), int(m)) for a, b, c, lt, m in db.session.execute(_pairs(drawn))]
    edges = [row for row in rows if row.b is not None]
    shared = {row.a: row for row in rows if row.b is None}
    records = partners.organisations_with_owners(ids)
    nodes = {}
    for organisation in ids:
        record, counts = records[organisation], shared.get(organisation, Edge(organisation, None, 0, 0, 0))
        nodes[organisation] = Node(organisation, record.name, record.kind, record.owner.name if record.owner else None,
                                   record.acronym, counts.coalitions, counts.letters, counts.meetings)  # fmt: skip
    for edge in sorted(edges, key=lambda e: (-e.total, e.a, e.b)):
        nodes[edge.a].links.append((nodes[edge.b], edge))
        nodes[edge.b].links.append((nodes[edge.a], edge))
    # Shown the most connected first as the page counts it: by the organisations each is linked to in the drawing.
    shown = sorted(nodes.values(), key=lambda n: (-n.degree, -n.weight, n.name.casefold(), n.id))
    return Network(shown, edges, ranked[0][1], coalitions.memberships(ids, dossier_id))

"""The network as a picture: a circular layout grouped by coalition, computed in Python, drawn by the template as SVG.

Why a circle and not a force layout: every organisation sits on one ring with its name written outward from it, so
no two labels ever overlap, however many links there are, and the picture reads the same on screen and on paper.
Neighbours on the ring are members of the same coalition (the largest one each belongs to among those drawn), so
coalition links are short arcs along the rim and the long chords across the middle are the links between groups:
the letters and meetings that bring coalitions together. The layout is a function of the data alone — no random
start, no iterations — so the same selection always gives the same picture, and a partner keeps its place when a
letter is added elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SIZE = 1000  # the viewBox is SIZE × SIZE
CENTRE = SIZE / 2
RING = 262  # where the organisations sit; their labels run outward up to about 200 units further
GROUP_TEXT_INSET = 24  # coalition names run along the inside of the ring
GROUP_CHAR_WIDTH = 6.0  # an estimate of one character of a coalition name, to shorten names that do not fit
LABEL_CHARS = 26
NODE_MIN, NODE_MAX = 5.0, 12.0
SOURCE_ORDER = ("coalitions", "letters", "meetings")  # the links of one pair run side by side in this order
GAP = 2.5  # between the links of one pair, at their middle
PULL = 0.55  # how far a link bends toward the centre: 0 straight, 1 through the centre
MAX_LINKS = 400  # pairs drawn at most (the strongest); sixty organisations can have 1,770


@dataclass(frozen=True)
class NodeInput:
    id: int
    name: str
    degree: int
    owner: str | None = None
    acronym: str | None = None  # the label when the name is too long for it


@dataclass(frozen=True)
class EdgeInput:
    a: int
    b: int
    weights: dict[str, int]  # source → weight

    @property
    def total(self) -> int:
        return sum(self.weights.values())


@dataclass(frozen=True)
class Group:
    coalition_id: int | None  # None: organisations that share no coalition drawn here
    name: str | None
    members: list[int]


@dataclass(frozen=True)
class PlacedNode:
    id: int
    name: str
    label: str
    x: float
    y: float
    r: float
    label_transform: str
    anchor: str  # "start" on the right half, "end" on the left half


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    source: str
    weight: int
    d: str
    width: float


@dataclass(frozen=True)
class Arc:
    id: str
    name: str
    text: str  # the name as it fits along the arc ("" when even a short form does not)
    d: str  # the arc along the ring, for the band
    text_d: str  # the arc the name runs along (drawn the other way on the lower half, so it reads upright)


@dataclass(frozen=True)
class Drawing:
    size: int
    nodes: list[PlacedNode]
    links: list[Link]
    arcs: list[Arc]
    initials: dict[str, str]  # owner → the initials on the labels
    left_out: int = 0  # the weakest pairs not drawn (the table has them)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def group_nodes(node_ids: Sequence[int], memberships: Sequence[tuple[int, int, str]]) -> list[Group]:
    """Each organisation in one group: the largest coalition it belongs to among those drawn (ties by name), leaving
    out coalitions that hold every organisation (they tell nothing apart) or just one; the rest in a last group."""
    drawn = set(node_ids)
    names: dict[int, str] = {}
    members: dict[int, set[int]] = {}
    for organisation, coalition, name in memberships:
        if organisation in drawn:
            names[coalition] = name
            members.setdefault(coalition, set()).add(organisation)
    useful = [c for c, m in members.items() if 1 < len(m) < len(drawn)]
    useful.sort(key=lambda c: (-len(members[c]), names[c].casefold(), c))
    placed: set[int] = set()
    groups = []
    for coalition in useful:
        mine = [n for n in node_ids if n in members[coalition] and n not in placed]
        if mine:
            placed.update(mine)
            groups.append(Group(coalition, names[coalition], mine))
    rest = [n for n in node_ids if n not in placed]
    if rest:
        groups.append(Group(None, None, rest))
    return groups


def owner_initials(owners: Sequence[str | None]) -> dict[str, str]:
    """A short mark per relationship owner for the labels ("Lotte Lobby" → "LL"); a number tells equal ones apart."""
    marks: dict[str, str] = {}
    used: set[str] = set()
    for owner in sorted({o for o in owners if o}, key=str.casefold):
        words = [word for word in owner.split() if word[:1].isalpha()]
        capitals = [word for word in words if word[0].isupper()] or words  # "Lies van Loon" → "LL"
        base = "".join(word[0] for word in capitals).upper()[:3] or "?"
        mark, number = base, 2
        while mark in used:
            mark, number = f"{base}{number}", number + 1
        used.add(mark)
        marks[owner] = mark
    return marks


def _label(node: NodeInput, initials: dict[str, str]) -> str:
    """The name as it fits: whole, else the acronym ("LKCA", not "Landelijk Kenniscentrum C…"), else shortened."""
    if len(node.name) <= LABEL_CHARS:
        name = node.name
    elif node.acronym and len(node.acronym) <= LABEL_CHARS:
        name = node.acronym
    else:
        name = node.name[: LABEL_CHARS - 1].rstrip(" ,;-") + "…"
    return f"{name} · {initials[node.owner]}" if node.owner else name


def _angles(groups: list[Group]) -> dict[int, float]:
    """The angle of every organisation (radians, clockwise from the top), with an empty slot between groups."""
    count = sum(len(g.members) for g in groups)
    gaps = len(groups) if len(groups) > 1 else 0
    step = 2 * math.pi / max(count + gaps, 1)
    angles, slot = {}, 0.5 if gaps else 0.0
    for group in groups:
        for member in group.members:
            angles[member] = -math.pi / 2 + slot * step
            slot += 1
        if gaps:
            slot += 1
    return angles


def _arc(radius: float, start: float, end: float, *, reverse: bool = False) -> str:
    x1, y1 = CENTRE + radius * math.cos(start), CENTRE + radius * math.sin(start)
    x2, y2 = CENTRE + radius * math.cos(end), CENTRE + radius * math.sin(end)
    large = 1 if end - start > math.pi else 0
    if reverse:
        return f"M {_fmt(x2)} {_fmt(y2)} A {radius} {radius} 0 {large} 0 {_fmt(x1)} {_fmt(y1)}"
    return f"M {_fmt(x1)} {_fmt(y1)} A {radius} {radius} 0 {large} 1 {_fmt(x2)} {_fmt(y2)}"


def _fitted(text: str, length: float) -> str:
    room = int(length / GROUP_CHAR_WIDTH)
    if len(text) <= room:
        return text
    return text[: room - 1].rstrip(" ,;-") + "…" if room >= 6 else ""


def _arcs(groups: list[Group], angles: dict[int, float], step: float) -> list[Arc]:
    if len(groups) < 2:
        return []
    arcs = []
    for group in groups:
        if group.coalition_id is None:
            continue
        start = angles[group.members[0]] - step * 0.45
        end = angles[group.members[-1]] + step * 0.45
        lower = math.sin((start + end) / 2) > 0  # on the lower half the name runs the other way, to read upright
        radius = RING - GROUP_TEXT_INSET + (0 if lower else -10)
        name = group.name or ""
        arcs.append(Arc(f"coalition-arc-{group.coalition_id}", name, _fitted(name, (end - start) * radius),
                        _arc(RING - 16, start, end), _arc(radius, start, end, reverse=lower)))  # fmt: skip
    return arcs


def _link(a: PlacedNode, b: PlacedNode, source: str, weight: int, width: float, offset: float) -> Link:
    """A curve from a to b bent toward the centre; `offset` moves its middle sideways (a quadratic curve's middle
    moves half as far as its control point)."""
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    cx = mx + (CENTRE - mx) * PULL - dy / length * offset * 2
    cy = my + (CENTRE - my) * PULL + dx / length * offset * 2
    d = f"M {_fmt(a.x)} {_fmt(a.y)} Q {_fmt(cx)} {_fmt(cy)} {_fmt(b.x)} {_fmt(b.y)}"
    return Link(a.id, b.id, source, weight, d, width)


def _links(a: PlacedNode, b: PlacedNode, edge: EdgeInput, unit: float) -> list[Link]:
    """One curve per source the pair shares, side by side: together as wide as the pair's total weight."""
    present = [(s, edge.weights[s], round(max(0.8, edge.weights[s] * unit), 2)) for s in SOURCE_ORDER
               if edge.weights.get(s, 0) > 0]  # fmt: skip
    span = sum(width for _, _, width in present) + GAP * (len(present) - 1)
    links, position = [], -span / 2
    for source, weight, width in present:
        links.append(_link(a, b, source, weight, width, position + width / 2))
        position += width + GAP
    return links


def draw(
    nodes: Sequence[NodeInput],
    edges: Sequence[EdgeInput],
    memberships: Sequence[tuple[int, int, str]],
    max_links: int = MAX_LINKS,
) -> Drawing:
    """Where every organisation, label, link and coalition band goes, in a SIZE × SIZE viewBox. Of a dense network
    only the `max_links` strongest pairs are drawn: more lines hide each other and tell nothing more."""
    if not nodes:
        return Drawing(SIZE, [], [], [], {})
    groups = group_nodes([n.id for n in nodes], memberships)
    angles = _angles(groups)
    gaps = len(groups) if len(groups) > 1 else 0
    step = 2 * math.pi / (len(nodes) + gaps)
    initials = owner_initials([n.owner for n in nodes])
    top_degree = max(max(n.degree for n in nodes), 1)
    placed: dict[int, PlacedNode] = {}
    for node in nodes:
        angle = angles[node.id]
        r = NODE_MIN + (NODE_MAX - NODE_MIN) * math.sqrt(max(node.degree, 0) / top_degree)
        x, y = CENTRE + RING * math.cos(angle), CENTRE + RING * math.sin(angle)
        lx, ly = CENTRE + (RING + r + 6) * math.cos(angle), CENTRE + (RING + r + 6) * math.sin(angle)
        left = math.cos(angle) < -1e-9
        rotation = math.degrees(angle) + (180 if left else 0)
        placed[node.id] = PlacedNode(node.id, node.name, _label(node, initials), round(x, 1), round(y, 1), round(r, 1),
                                     f"translate({_fmt(lx)} {_fmt(ly)}) rotate({_fmt(rotation)})",
                                     "end" if left else "start")  # fmt: skip
    top_total = max((e.total for e in edges), default=1) or 1
    unit = min(2.5, 12.0 / top_total)
    drawn = sorted((e for e in edges if e.a in placed and e.b in placed), key=lambda e: (-e.total, e.a, e.b))
    links = []
    for edge in drawn[:max_links]:
        links += _links(placed[edge.a], placed[edge.b], edge, unit)
    ordered = [placed[n] for g in groups for n in g.members]
    return Drawing(SIZE, ordered, links, _arcs(groups, angles, step), initials, len(drawn) - len(drawn[:max_links]))

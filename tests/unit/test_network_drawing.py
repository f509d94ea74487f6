"""The network's layout: deterministic, everything inside the viewBox, no NaN, coalition partners side by side."""

from __future__ import annotations

import math
import random
import re

import pytest

from crm.dashboard.network_drawing import (
    SIZE,
    Drawing,
    EdgeInput,
    NodeInput,
    draw,
    group_nodes,
    owner_initials,
)

NUMBER = re.compile(r"-?\d+(?:\.\d+)?|nan|inf", re.I)
LABEL_CHAR_WIDTH = 6.5  # 12px text: about 6 units a character in the browser's sans-serif


def dataset(count: int, seed: int = 7):
    rng = random.Random(seed)
    owners = [None, "Lotte Lobby", "Bram Beleid", "Lies Lobby"]
    nodes_ids = list(range(100, 100 + count))
    memberships = [(n, 1 + rng.randrange(5), "") for n in nodes_ids if rng.random() < 0.8]
    memberships = [(n, c, f"Coalitie {c}") for n, c, _ in memberships]
    edges = {}
    for _ in range(count * 3):
        a, b = sorted(rng.sample(nodes_ids, 2))
        edges[a, b] = EdgeInput(a, b, {"coalitions": rng.randrange(3), "letters": rng.randrange(4),
                                       "meetings": rng.randrange(1, 3)})  # fmt: skip
    degree = {n: sum(1 for a, b in edges if n in (a, b)) for n in nodes_ids}
    nodes = [NodeInput(n, f"Organisatie met een lange naam nummer {n}", degree[n], owners[n % 4]) for n in nodes_ids]
    return nodes, list(edges.values()), memberships


def numbers_of(drawing: Drawing) -> list[str]:
    found = []
    for node in drawing.nodes:
        found += [str(node.x), str(node.y), str(node.r), *NUMBER.findall(node.label_transform)]
    for link in drawing.links:
        found += [str(link.width), *NUMBER.findall(link.d)]
    for arc in drawing.arcs:
        found += NUMBER.findall(arc.d) + NUMBER.findall(arc.text_d)
    return found


@pytest.mark.parametrize("count", [2, 3, 17, 60])
def test_everything_is_inside_the_view_box_and_a_real_number(count):
    nodes, edges, memberships = dataset(count)
    drawing = draw(nodes, edges, memberships)
    assert len(drawing.nodes) == count
    values = [float(v) for v in numbers_of(drawing)]
    assert values and all(math.isfinite(v) for v in values)
    for node in drawing.nodes:
        assert node.r <= node.x <= SIZE - node.r and node.r <= node.y <= SIZE - node.r
        # The label runs outward from the circle; its far end stays inside too.
        lx, ly, rotation = (float(v) for v in NUMBER.findall(node.label_transform))
        angle = math.radians(rotation) + (math.pi if node.anchor == "end" else 0)
        length = len(node.label) * LABEL_CHAR_WIDTH
        end_x, end_y = lx + length * math.cos(angle), ly + length * math.sin(angle)
        assert 0 <= end_x <= SIZE and 0 <= end_y <= SIZE, node.label
    for link in drawing.links:  # a quadratic curve stays within its end and control points
        coordinates = [float(v) for v in NUMBER.findall(link.d)]
        assert all(0 <= v <= SIZE for v in coordinates)


def test_the_same_data_gives_the_same_picture():
    nodes, edges, memberships = dataset(40)
    first = draw(nodes, edges, memberships)
    assert draw(nodes, edges, memberships) == first
    assert draw(list(nodes), list(reversed(edges)), list(memberships)) == first  # the edges' order does not matter
    positions = {(node.x, node.y) for node in first.nodes}
    assert len(positions) == 40  # nobody on top of anybody else


def test_no_organisations_draw_nothing():
    assert draw([], [], []) == Drawing(SIZE, [], [], [], {})


def test_coalition_partners_sit_side_by_side_the_largest_coalition_first():
    ids = [1, 2, 3, 4, 5, 6, 7]
    memberships = [
        (1, 10, "Iedereen"), (2, 10, "Iedereen"), (3, 10, "Iedereen"), (4, 10, "Iedereen"), (5, 10, "Iedereen"),
        (6, 10, "Iedereen"), (7, 10, "Iedereen"),  # holds everyone: tells nothing apart
        (2, 20, "Klein"), (5, 20, "Klein"),
        (1, 30, "Groot"), (3, 30, "Groot"), (5, 30, "Groot"),
        (6, 40, "Eenling"),  # one member drawn: no group
        (9, 30, "Groot"),  # not drawn
    ]  # fmt: skip
    groups = group_nodes(ids, memberships)
    assert [(g.name, g.members) for g in groups] == [("Groot", [1, 3, 5]), ("Klein", [2]), (None, [4, 6, 7])]

    drawing = draw([NodeInput(i, f"Org {i}", 1) for i in ids], [EdgeInput(1, 2, {"coalitions": 1})], memberships)
    assert [node.id for node in drawing.nodes] == [1, 3, 5, 2, 4, 6, 7]  # around the ring, clockwise from the top
    assert [arc.name for arc in drawing.arcs] == ["Groot", "Klein"]
    assert drawing.arcs[0].text == "Groot"


def test_the_links_of_one_pair_run_side_by_side_as_wide_as_its_total():
    nodes = [NodeInput(1, "A", 1), NodeInput(2, "B", 1), NodeInput(3, "C", 1)]
    edges = [EdgeInput(1, 2, {"coalitions": 2, "letters": 3, "meetings": 1}), EdgeInput(2, 3, {"letters": 1})]
    drawing = draw(nodes, edges, [])
    pair = [link for link in drawing.links if (link.a, link.b) == (1, 2)]
    assert [(link.source, link.weight) for link in pair] == [("coalitions", 2), ("letters", 3), ("meetings", 1)]
    assert len({link.d for link in pair}) == 3  # three different curves
    widths = [link.width for link in pair]
    assert widths[1] == pytest.approx(1.5 * widths[0]) and widths[1] == pytest.approx(3 * widths[2])
    single = next(link for link in drawing.links if (link.a, link.b) == (2, 3))
    assert single.width == pytest.approx(widths[2])


def test_owners_are_marked_by_their_initials_and_equal_ones_told_apart():
    assert owner_initials(["Lotte Lobby", None, "Lies van Loon", "Bram Beleid", "Lotte Lobby"]) == {
        "Bram Beleid": "BB",
        "Lies van Loon": "LL",
        "Lotte Lobby": "LL2",
    }
    drawing = draw([NodeInput(1, "Kunstenbond", 2, "Lotte Lobby"), NodeInput(2, "LKCA", 2)],
                   [EdgeInput(1, 2, {"letters": 1})], [])  # fmt: skip
    assert [node.label for node in drawing.nodes] == ["Kunstenbond · LL", "LKCA"]


def test_a_long_name_is_labelled_with_its_acronym_and_cut_only_without_one():
    long_name = "Landelijk Kenniscentrum Cultuureducatie en Amateurkunst"
    nodes = [NodeInput(1, long_name, 2, "Lotte Lobby", acronym="LKCA"), NodeInput(2, long_name + " 2", 2),
             NodeInput(3, "Kunstenbond", 2, acronym="KB")]  # fmt: skip
    drawing = draw(nodes, [EdgeInput(1, 2, {"letters": 1}), EdgeInput(2, 3, {"letters": 1})], [])
    labels = {node.id: node.label for node in drawing.nodes}
    assert labels[1] == "LKCA · LL"
    assert labels[2] == "Landelijk Kenniscentrum C…"  # no acronym: the name, shortened
    assert labels[3] == "Kunstenbond"  # a name that fits is written out
    assert {node.id: node.name for node in drawing.nodes}[1] == long_name  # the full name stays in the tooltip


def test_a_dense_network_draws_its_strongest_links_and_counts_the_rest():
    nodes, edges, memberships = dataset(60)
    drawing = draw(nodes, edges, memberships, max_links=25)
    pairs = {(link.a, link.b) for link in drawing.links}
    assert len(pairs) == 25 and drawing.left_out == len(edges) - 25
    weakest_drawn = min(edge.total for edge in edges if (edge.a, edge.b) in pairs)
    assert all(edge.total <= weakest_drawn for edge in edges if (edge.a, edge.b) not in pairs)
    assert draw(nodes, edges, memberships).left_out == 0  # 180 pairs at most here: all drawn by default

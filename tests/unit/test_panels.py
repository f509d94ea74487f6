"""The panel registry: a page's panels come in their order, a panel without data or without the user's permission
is left out (its function not even run), and two panels may not provide the same name."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crm.common import panels


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(panels, "_REGISTRY", {})
    monkeypatch.setattr(panels, "current_user", SimpleNamespace(is_authenticated=True, role="viewer"))
    return panels


def test_panels_come_in_order_per_slot_with_the_names_they_provide(registry):
    registry.panel("thing", order=20, template="b.html")(lambda record: {"b": record * 2})
    registry.panel("thing", order=10, template="a.html")(lambda record: {"a": record})
    registry.panel("thing", order=5, template="button.html", slot="actions")(lambda record: {})
    registry.panel("other", order=1, template="elsewhere.html")(lambda record: {"elsewhere": True})
    context = registry.panels_for("thing", 21)
    assert context == {"a": 21, "b": 42, "panels": {"main": ["a.html", "b.html"], "actions": ["button.html"]}}


def test_a_panel_with_nothing_to_show_or_not_for_this_user_is_left_out(registry):
    ran = []
    registry.panel("thing", order=1, template="nothing.html")(lambda record: None)
    registry.panel("thing", order=2, template="secret.html", permission="privacy.manage")(ran.append)
    registry.panel("thing", order=3, template="open.html", permission="registry.read")(lambda record: {"open": 1})
    assert registry.panels_for("thing", 1) == {"open": 1, "panels": {"main": ["open.html"], "actions": []}}
    assert ran == []  # the administrators' panel did not even read its data for a viewer


def test_two_panels_may_not_provide_the_same_name(registry):
    registry.panel("thing", order=1, template="one.html")(lambda record: {"record": record})
    registry.panel("thing", order=2, template="two.html")(lambda record: {"record": record})
    with pytest.raises(RuntimeError, match="record"):
        registry.panels_for("thing", 1)


def test_a_page_includes_a_template_once_and_a_slot_must_exist(registry):
    registry.panel("thing", order=1, template="one.html")(lambda record: {"old": 1})
    with pytest.raises(ValueError, match=r"one\.html"):
        registry.panel("thing", order=2, template="one.html")(lambda record: {"new": 1})
    assert registry.panels_for("thing", 1) == {"old": 1, "panels": {"main": ["one.html"], "actions": []}}
    with pytest.raises(ValueError):
        registry.panel("thing", order=1, template="x.html", slot="sidebar")

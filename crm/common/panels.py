"""The panel registry: how a record page (person, organisation, dossier, coalition) is assembled from what each
domain contributes, without the page knowing those domains.

A domain's `panels.py` registers a function per panel with `@panel(page, order=…, template=…)`: given the record,
it returns the names its template reads (or None: nothing to show for this record). `crm/app_setup.py` imports the
domains' `panels.py` at start. The page's view passes `**panels_for(page, record)` to its template, which includes
`panels.main` in order between its own head and its history, and `panels.actions` (buttons) in its head.
A panel with a `permission` is left out, before its function runs, for users without it.

This module knows no domain: arrows run from the domains' panels to here, never back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from crm.permissions import has_permission

SLOTS = ("main", "actions")

Build = Callable[[Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    page: str
    order: int
    template: str
    build: Build
    permission: str | None = None
    slot: str = "main"


_REGISTRY: dict[str, list[Panel]] = {}


def panel(page: str, *, order: int, template: str, permission: str | None = None, slot: str = "main"):
    """Register the decorated `build(record) -> dict | None` as a panel of `page`."""
    if slot not in SLOTS:
        raise ValueError(f"unknown panel slot {slot!r}")

    def register(build: Build) -> Build:
        panels = _REGISTRY.setdefault(page, [])
        if any(p.template == template for p in panels):
            raise ValueError(f"the {page!r} page has a panel with {template!r} already")
        panels.append(Panel(page, order, template, build, permission, slot))
        panels.sort(key=lambda p: p.order)
        return build

    return register


def registered(page: str) -> list[Panel]:
    return list(_REGISTRY.get(page, ()))


def panels_for(page: str, record: Any) -> dict[str, Any]:
    """The template context of `page`'s panels for this record and the current user: `panels` (the templates to
    include, per slot) and the names those templates read. Two panels may not provide the same name."""
    context: dict[str, Any] = {}
    included: dict[str, list[str]] = {slot: [] for slot in SLOTS}
    for entry in _REGISTRY.get(page, ()):
        if entry.permission and not has_permission(current_user, entry.permission):
            continue
        names = entry.build(record)
        if names is None:
            continue
        clash = context.keys() & names.keys()
        if clash:
            raise RuntimeError(f"panels of {page!r} both provide {sorted(clash)}")
        context.update(names)
        included[entry.slot].append(entry.template)
    return {**context, "panels": included}

""" "In de Kamer" on the dossier page: what the dossier's watch rules found (the context: crm/watch/panel.py)."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel
from crm.watch.panel import watch_context


@panel("dossier", order=40, template="watch/_dossier_panel.html")
def dossier_in_the_kamer(dossier) -> dict[str, Any]:
    return watch_context(dossier.id)

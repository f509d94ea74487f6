"""The privacy record on a person's page, read-only, for administrators (edited on the privacy page)."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel
from crm.privacy.queries import privacy_of


@panel("person", order=30, template="privacy/_person_panel.html", permission="privacy.manage")
def person_privacy(person) -> dict[str, Any]:
    return {"privacy": {"record": privacy_of(person.id)}}  # one statement

"""The Follow button in the head of the dossier, coalition and organisation pages (the relationship owner of an
organisation follows it without a button)."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel

FOLLOW = "notifications/_follow_button.html"


def _follow(target_type: str, target_id: int, owner_id: int | None) -> dict[str, Any]:
    return {"target_type": target_type, "target_id": target_id, "owner_id": owner_id}


@panel("organisation", order=90, template=FOLLOW, slot="actions")
def follow_organisation(organisation) -> dict[str, Any]:
    return _follow("organisation", organisation.id, organisation.owner_id)


@panel("dossier", order=90, template=FOLLOW, slot="actions")
def follow_dossier(dossier) -> dict[str, Any]:
    return _follow("dossier", dossier.id, None)


@panel("coalition", order=90, template=FOLLOW, slot="actions")
def follow_coalition(coalition) -> dict[str, Any]:
    return _follow("coalition", coalition.id, None)

"""How the dossier page groups zaken by their Zaak.Soort: one rule, in Python (stored on each match when it is
made) and in SQL (for queries over the zaken themselves)."""

from __future__ import annotations

from sqlalchemy import case, func

from crm.parliament.models import KamerCase

# In the order the dossier page shows them; the first pattern that fits decides.
CASE_GROUPS = ("motion", "amendment", "letter", "question", "other")
VOTED_GROUPS = ("motion", "amendment")
_PREFIXES = (("motie", "motion"), ("amendement", "amendment"), ("brief", "letter"))


def case_group(soort: str | None) -> str:
    text = (soort or "").lower()
    for prefix, group in _PREFIXES:
        if text.startswith(prefix):
            return group
    return "question" if "vragen" in text else "other"


def case_group_expression():
    soort = func.lower(func.coalesce(KamerCase.soort, ""))
    return case(
        *((soort.like(prefix + "%"), group) for prefix, group in _PREFIXES),
        (soort.like("%vragen%"), "question"),
        else_="other",
    )

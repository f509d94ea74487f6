""" "Upcoming in the Tweede Kamer" on the pages of a Kamerlid and of a committee: their next activities (one
statement; no panel, and no statement, for people and organisations the Kamer does not keep)."""

from __future__ import annotations

from typing import Any

from crm.common.panels import panel
from crm.parliament.queries import upcoming_for_committee, upcoming_for_person

UPCOMING = "parliament/_upcoming.html"


def _upcoming(activities) -> dict[str, Any] | None:
    return None if activities is None else {"parliament_activities": activities}


@panel("person", order=40, template=UPCOMING)
def person_upcoming(person) -> dict[str, Any] | None:
    return _upcoming(upcoming_for_person(person))


@panel("organisation", order=40, template=UPCOMING)
def committee_upcoming(organisation) -> dict[str, Any] | None:
    return _upcoming(upcoming_for_committee(organisation))

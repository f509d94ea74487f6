"""Filters of the agenda (from the URL) and the forms of the review list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField
from wtforms.validators import InputRequired

from crm.common.forms import BaseForm, date_arg, int_or_none
from crm.parliament.queries import PERIODS, AgendaFilters
from crm.parliament.records import ACTIVITY_KINDS


def _day(value: str | None):
    day = date_arg(value)
    return day if day is not None and 1900 <= day.year <= 2200 else None  # beyond: no calendar of ours


def agenda_filters(args: MultiDict) -> AgendaFilters:
    period = args.get("period", "upcoming")
    kind = args.get("kind", "")
    return AgendaFilters(
        committee_id=int_or_none(args.get("committee")),
        kind=kind if kind in ACTIVITY_KINDS else "",
        period=period if period in PERIODS else "upcoming",
        date_from=_day(args.get("from")),
        date_until=_day(args.get("until")),
    )


class LinkForm(BaseForm):
    person_id = IntegerField(_l("Person in the registry"), validators=[InputRequired()])


class CreateForm(BaseForm):
    pass


ACTIVITY_KIND_LABELS = {
    "plenary": _l("Plenary debates and votes"),
    "committee_debate": _l("Committee debates"),
    "notaoverleg": _l("Notaoverleggen"),
    "hearing": _l("Hearings and round tables"),
    "procedure": _l("Procedure meetings"),
    "other": _l("Other activities"),
}
PERIOD_LABELS = {
    "upcoming": _l("Upcoming"),
    "this_week": _l("This week"),
    "next_week": _l("Next week"),
    "recent": _l("Last four weeks"),
}

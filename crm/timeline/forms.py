"""Timeline filters from the query string of the page that shows the timeline (tl_kind, tl_from, …)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from crm.common.forms import date_arg, page_number
from crm.timeline.queries import TimelineFilters, kind_choices


def timeline_filters(args: MultiDict) -> TimelineFilters:
    kind = args.get("tl_kind", "")
    return TimelineFilters(
        kind=kind if kind in {value for value, _label in kind_choices()} else "",
        date_from=date_arg(args.get("tl_from")),
        date_until=date_arg(args.get("tl_until")),
        page=page_number(MultiDict({"page": args.get("tl_page", "1")})),
    )

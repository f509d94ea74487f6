"""Meeting series: list, detail (its meetings and all their action items), create, edit, archive/restore, history
(the skeleton: crm/common/views_records.py)."""

from __future__ import annotations

from operator import attrgetter

from flask import Blueprint, abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.common.forms import select_choices
from crm.common.time import today
from crm.common.views_records import RecordPages
from crm.meetings import queries, queries_series, services
from crm.meetings.forms import SeriesForm, series_filters

bp = Blueprint("series", __name__, url_prefix="/series")


def _form(series=None, **kwargs) -> SeriesForm:
    form = SeriesForm(**kwargs)
    choices = queries.coalition_choices(series.coalition_id if series else None)
    form.coalition_id.choices = select_choices([("", _("— none —")), *((c.id, c.name) for c in choices)])
    return form


class Rules:
    """Who may change a series beyond the route's permission: nobody edits an archived one (restore it first)."""

    @staticmethod
    def check_may_edit(user, series) -> None:
        if series.is_archived:
            abort(403)

    @staticmethod
    def check_may_archive(user, series) -> None:
        return None


def _update(series, data, expected_version, *, actor=None) -> None:
    services.update_series(series, data, expected_version)


ARCHIVING = _l("The series disappears from lists and pickers. Its meetings and history are kept; you can restore it.")
pages = RecordPages(
    bp,
    "meetingseries",
    queries.get_series,
    _form,
    attrgetter("name"),
    "meetings/series_",
    Rules,
    id_arg="series_id",
    record_name="series",
    read_permission="meetings.read",
    write_permission="meetings.write",
    archive_permission="meetings.edit_any",
)
pages.add_form_routes(
    lambda form: services.create_series(form.to_input()),
    lambda series: _("Series %(name)s created.", name=series.name),
    _update,
)
pages.add_archive_routes(ARCHIVING)
pages.add_list_route(
    series_filters,
    queries_series.series_query,
    lambda filters, page: {"stats": queries_series.series_stats([s.id for s in page.items])},
)
pages.add_detail_route(
    lambda series: {
        "meetings": pages.page_of(queries_series.series_meetings_query(series.id), per_page=20),
        "action_items": queries.action_items_for_series(series.id),
        "today": today(),
    }
)

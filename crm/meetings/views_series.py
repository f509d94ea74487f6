"""Meeting series: list, detail (its meetings and all their action items), create, edit, archive/restore."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.audit.queries import recent_history
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, page_number, select_choices
from crm.common.locking import ConflictError
from crm.common.time import today
from crm.common.views import (
    archive_view,
    form_status,
    found_or_404,
    history_view,
    paginate,
    prepare_conflict,
    restore_view,
)
from crm.extensions import db
from crm.meetings import queries, queries_series, services
from crm.meetings.forms import SeriesForm, series_filters
from crm.permissions import requires

bp = Blueprint("series", __name__, url_prefix="/series")


def _load(series_id: int):
    return found_or_404(queries.get_series(series_id))


def _form(series=None, **kwargs) -> SeriesForm:
    form = SeriesForm(**kwargs)
    choices = queries.coalition_choices(series.coalition_id if series else None)
    form.coalition_id.choices = select_choices([("", _("— none —")), *((c.id, c.name) for c in choices)])
    return form


@bp.get("/")
@requires("meetings.read")
def index():
    filters = series_filters(request.args)
    page = paginate(queries_series.series_query(filters), page_number(request.args))
    return render_template(
        "meetings/series_index.html",
        page=page,
        filters=filters,
        stats=queries_series.series_stats([s.id for s in page.items]),
    )


@bp.get("/<int:series_id>")
@requires("meetings.read")
def detail(series_id: int):
    series = _load(series_id)
    meetings = paginate(queries_series.series_meetings_query(series.id), page_number(request.args), per_page=20)
    return render_template(
        "meetings/series_detail.html",
        series=series,
        meetings=meetings,
        action_items=queries.action_items_for_series(series.id),
        history=recent_history("meetingseries", series.id),
        confirm_form=ConfirmForm(),
        today=today(),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("meetings.write")
def create():
    form = _form()
    if form.validate_on_submit():
        try:
            series = services.create_series(form.to_input())
            db.session.commit()
            flash(_("Series %(name)s created.", name=series.name), "success")
            return redirect(url_for(".detail", series_id=series.id))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("meetings/series_form.html", form=form, series=None), form_status(form)


@bp.route("/<int:series_id>/edit", methods=["GET", "POST"])
@requires("meetings.write")
def edit(series_id: int):
    series = _load(series_id)
    if series.is_archived:
        abort(403)
    form = _form(series)
    if request.method == "GET":
        form.fill_from(series)
    elif form.validate_on_submit():
        try:
            services.update_series(series, form.to_input(), form.submitted_version())
            db.session.commit()
            flash(_("Changes to %(name)s saved.", name=series.name), "success")
            return redirect(url_for(".detail", series_id=series.id))
        except ConflictError:
            db.session.rollback()
            current = _load(series_id)
            rows = prepare_conflict(form, _form(current, formdata=None), current)
            return render_template("meetings/series_form.html", form=form, series=current, conflict=rows), 409
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("meetings/series_form.html", form=form, series=series), form_status(form)


@bp.route("/<int:series_id>/archive", methods=["GET", "POST"])
@requires("meetings.edit_any")
def archive(series_id: int):
    series = _load(series_id)
    return archive_view(
        series,
        name=series.name,
        detail_url=url_for(".detail", series_id=series.id),
        message=_(
            "The series disappears from lists and pickers. Its meetings and history are kept; you can restore it."
        ),
    )


@bp.post("/<int:series_id>/restore")
@requires("meetings.edit_any")
def restore(series_id: int):
    series = _load(series_id)
    return restore_view(series, name=series.name, detail_url=url_for(".detail", series_id=series.id))


@bp.get("/<int:series_id>/history")
@requires("meetings.read")
def history(series_id: int):
    series = _load(series_id)
    return history_view(series, "meetingseries", url_for(".detail", series_id=series.id))

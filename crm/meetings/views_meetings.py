"""Meeting pages: list, detail, create, edit, held/cancelled, history, .ics download.

The parent blueprint of the meetings section; the agenda, minutes, attendees, action items, series and calendar
pages are child blueprints registered in crm/meetings/views.py.
"""

from __future__ import annotations

import io

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import made, saved
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none, page_number, select_choices
from crm.common.locking import ConflictError
from crm.common.time import local_day_start_utc, utcnow
from crm.common.views import confirm_page, form_status, history_view, paginate
from crm.common.views_records import form_template, locked_edit
from crm.extensions import db
from crm.meetings import calendar, queries, services
from crm.meetings.forms import HeldForm, MeetingForm, NewMeetingForm, meeting_filters
from crm.meetings.models import MEETING_STATUS_LABELS, MeetingStatus
from crm.meetings.services import AttendeesInput
from crm.meetings.views_common import (
    chosen_people,
    detail_context,
    load_for_change,
    load_meeting,
    meeting_url,
    user_choices_for,
)
from crm.permissions import requires

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


def _form(form_class=MeetingForm, meeting=None, **kwargs):
    form = form_class(**kwargs)
    none = ("", _("— none —"))
    series = queries.series_choices(meeting and meeting.series_id)
    form.series_id.choices = select_choices([none, *((s.id, s.name) for s in series)])
    coalitions = queries.coalition_choices(meeting and meeting.coalition_id)
    form.coalition_id.choices = select_choices([none, *((c.id, c.name) for c in coalitions)])
    organiser = [meeting.organiser_id] if meeting and meeting.organiser_id else None
    form.organiser_id.choices = select_choices((u.id, u.name) for u in queries.user_choices(organiser, acting=True))
    linked = [d.id for d in meeting.dossiers] if meeting else []
    form.dossier_ids.choices = select_choices((d.id, d.title) for d in queries.dossier_choices(linked))
    return form


def _day_start(day):
    return local_day_start_utc(day, current_app.config["BABEL_DEFAULT_TIMEZONE"])


@bp.get("/")
@requires("meetings.read")
def index():
    filters = meeting_filters(request.args)
    page = paginate(queries.meetings_query(filters, day_start=_day_start), page_number(request.args))
    return render_template(
        "meetings/index.html",
        page=page,
        filters=filters,
        statuses=MEETING_STATUS_LABELS,
        series=queries.series_choices(filters.series_id),
        coalitions=queries.coalition_choices(filters.coalition_id),
        dossiers=queries.dossier_choices([filters.dossier_id] if filters.dossier_id else None),
    )


@bp.get("/<int:meeting_id>")
@requires("meetings.read")
def detail(meeting_id: int):
    meeting = load_meeting(meeting_id)
    return render_template("meetings/detail.html", **detail_context(meeting))


@bp.route("/new", methods=["GET", "POST"])
@requires("meetings.write")
def create():
    form = _form(NewMeetingForm)
    user_choices_for(form)
    if request.method == "GET":
        form.organiser_id.data = current_user.id
        form.user_ids.data = [current_user.id]
        series_id = int_or_none(request.args.get("series"))
        series = queries.get_series(series_id) if series_id else None
        if series is not None and not series.is_archived:
            form.series_id.data = series.id
            form.title.data = series.name
            form.coalition_id.data = series.coalition_id
    if form.validate_on_submit():
        attendees = AttendeesInput(list(form.user_ids.data or []), list(form.person_ids.data or []))
        meeting = made(
            lambda: services.create_meeting(
                form.to_input(), author=current_user, attendees=attendees, agenda=form.agenda_titles()
            ),
            form,
        )
        if meeting is not None:
            flash(_("Meeting %(title)s created.", title=meeting.title), "success")
            return redirect(meeting_url(meeting))
    return render_template(
        "meetings/form.html", form=form, meeting=None, chosen_people=chosen_people(form.person_ids.data)
    ), form_status(form)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires("meetings.write")
def edit(meeting_id: int):
    meeting = load_for_change(meeting_id)
    form = _form(meeting=meeting)
    return locked_edit(
        form,
        meeting,
        save=lambda: services.update_meeting(meeting, form.to_input(), form.submitted_version(), author=current_user),
        saved=lambda: (_("Changes to %(title)s saved.", title=meeting.title), meeting_url(meeting)),
        reload=lambda: load_meeting(meeting_id),
        page=form_template("meetings/form.html", form, "meeting"),
        stored=lambda current: _form(meeting=current, formdata=None),
    )


@bp.route("/<int:meeting_id>/held", methods=["GET", "POST"])
@requires("meetings.write")
def mark_held(meeting_id: int):
    """A meeting that has started is marked held with one click (a POST from its page). One whose planned start is
    still ahead — held earlier than planned, or planned with a wrong time — asks when it really started."""
    meeting = load_for_change(meeting_id)
    if meeting.starts_at <= utcnow() and "started_at" not in request.form:
        if request.method == "POST" and ConfirmForm().validate_on_submit():
            _save_held(meeting, None)
        return redirect(meeting_url(meeting))
    form = HeldForm()
    if request.method == "GET":
        form.started_at.set_utc(_probable_start(meeting))
    elif form.validate_on_submit():
        try:
            if _save_held(meeting, form.started_at.utc):
                return redirect(meeting_url(meeting))
        except ServiceError as error:
            error.attach_to(form)
    return render_template("meetings/held.html", form=form, meeting=meeting), form_status(form)


def _saved(write) -> bool:
    """Change the meeting and commit; a refusal, or someone else's change at the same moment, is flashed."""
    try:
        return saved(write)
    except ConflictError:
        db.session.rollback()
        flash(_("Someone else changed this meeting at the same moment; check and try again."), "error")
        return False


def _save_held(meeting, started_at) -> bool:
    """Mark held and commit; a refusal of the one-click mark (no time given) is a message on the meeting's page."""
    try:
        services.mark_held(meeting, started_at=started_at, author=current_user)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        if started_at is not None:
            raise
        flash(str(error.message), "error")
        return False
    except ConflictError:
        db.session.rollback()
        flash(_("Someone else changed this meeting at the same moment; check and try again."), "error")
        return True  # back to the meeting's page, to see what changed
    flash(_("%(title)s is marked as held; the contact log records it.", title=meeting.title), "success")
    return True


def _probable_start(meeting):
    """Held earlier than planned: by default it started its planned length ago, on a five-minute mark."""
    start = utcnow() - (meeting.ends_at - meeting.starts_at)
    return start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@requires("meetings.write")
def cancel(meeting_id: int):
    meeting = load_for_change(meeting_id)
    if (refusal := services.cancel_refusal(meeting)) is not None:
        flash(str(refusal), "error")
        return redirect(meeting_url(meeting))
    form = ConfirmForm()
    if form.validate_on_submit():
        if _saved(lambda: services.set_status(meeting, MeetingStatus.CANCELLED.value, author=current_user)):
            flash(_("%(title)s is cancelled.", title=meeting.title), "success")
        return redirect(meeting_url(meeting))
    return confirm_page(
        form,
        title=_("Cancel %(title)s?", title=meeting.title),
        message=_(
            "The meeting stays on record as cancelled; subscribed calendars show it as cancelled. "
            "You can plan it again by editing it."
        ),
        confirm_label=_("Cancel meeting"),
        cancel_url=meeting_url(meeting),
        danger=True,
    )


@bp.get("/<int:meeting_id>/history")
@requires("meetings.read")
def history(meeting_id: int):
    meeting = load_meeting(meeting_id)
    return history_view(meeting, "meeting", meeting_url(meeting))


@bp.get("/<int:meeting_id>/meeting.ics")
@requires("meetings.read")
def ics(meeting_id: int):
    meeting = load_meeting(meeting_id)
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    body = calendar.meeting_calendar(
        meeting,
        zone,
        url=url_for(".detail", meeting_id=meeting.id, _external=True),
        agenda=[item.title for item in queries.agenda_of(meeting.id)],
    )
    return send_file(
        io.BytesIO(body),
        mimetype="text/calendar",
        as_attachment=True,
        download_name=calendar.ics_filename(meeting, zone),
        max_age=0,
    )

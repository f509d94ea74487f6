"""Attendees of a meeting: add colleagues and external people, record attendance, change or remove one.

Any editor may add attendees to any meeting; attendance and removal are for the organiser and directors/admins
(and anyone may take themselves off a list).
"""

from __future__ import annotations

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.locking import ConflictError
from crm.common.views import confirm_page
from crm.extensions import db
from crm.meetings import queries, services
from crm.meetings.forms import AttendeeForm, AttendeesForm, attendance_from
from crm.meetings.models import Meeting
from crm.meetings.services import AttendeesInput
from crm.meetings.views_common import (
    detail_context,
    load_child,
    load_for_change,
    load_meeting,
    meeting_url,
    user_choices_for,
)
from crm.permissions import requires

bp = Blueprint("attendees", __name__)


def _changed_meanwhile(meeting: Meeting):
    """After a stale save (ConflictError): nothing is stored; back to the list, which shows what changed."""
    db.session.rollback()
    flash(_("Someone else changed this meeting at the same moment. Check the page and try again."), "error")
    return redirect(meeting_url(meeting, "attendees"))


@bp.post("/<int:meeting_id>/attendees")
@requires("meetings.write")
def add(meeting_id: int):
    meeting = load_meeting(meeting_id)
    form = AttendeesForm()
    user_choices_for(form)
    if form.validate_on_submit():
        chosen = AttendeesInput(list(form.user_ids.data or []), list(form.person_ids.data or []))
        added: list = []
        try:
            if saved(lambda: added.extend(services.add_attendees(meeting, chosen, author=current_user)), form):
                if added:
                    names = ", ".join(a.name for a in added)
                    flash(_("Added to the attendees: %(names)s.", names=names), "success")
                else:
                    flash(_("Everyone you chose was already on the list."), "info")
                return redirect(meeting_url(meeting, "attendees"))
        except ConflictError:
            return _changed_meanwhile(meeting)
        meeting = load_meeting(meeting_id)
    context = detail_context(meeting, attendees_form=form)
    return render_template("meetings/detail.html", **context), 422


@bp.post("/<int:meeting_id>/attendance")
@requires("meetings.write")
def attendance(meeting_id: int):
    meeting = load_for_change(meeting_id)
    if ConfirmForm().validate_on_submit():
        try:
            changed = services.set_attendance(meeting, attendance_from(request.form), author=current_user)
            db.session.commit()
            flash(_("Attendance saved (%(n)s changed).", n=changed), "success")
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        except ConflictError:
            return _changed_meanwhile(meeting)
    return redirect(meeting_url(meeting, "attendees"))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/edit", methods=["GET", "POST"])
@requires("meetings.write")
def edit(meeting_id: int, attendee_id: int):
    meeting = load_for_change(meeting_id)
    attendee = load_child(meeting, queries.get_attendee(attendee_id))
    form = AttendeeForm()
    if request.method == "GET":
        form.attendance.data = attendee.attendance
        if attendee.organisation is not None:
            form.organisation_name.data = attendee.organisation.name
            form.organisation_id.data = attendee.organisation_id
    elif form.validate_on_submit():
        organisation_id = int_or_none(form.organisation_id.data) if form.organisation_name.data else None
        if form.organisation_name.data and organisation_id is None:
            form.organisation_name.errors = [_("Choose an organisation from the list.")]
        else:
            update = partial(services.update_attendee, attendee, attendance=form.attendance.data,
                             organisation_id=organisation_id, author=current_user)  # fmt: skip
            try:
                if saved(update, form):
                    flash(_("%(name)s saved.", name=attendee.name), "success")
                    return redirect(meeting_url(meeting, "attendees"))
            except ConflictError:
                return _changed_meanwhile(meeting)
    status = 422 if request.method == "POST" else 200
    return render_template("meetings/attendee_form.html", form=form, meeting=meeting, attendee=attendee), status


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/remove", methods=["GET", "POST"])
@requires("meetings.write")
def remove(meeting_id: int, attendee_id: int):
    meeting = load_meeting(meeting_id)
    attendee = load_child(meeting, queries.get_attendee(attendee_id))
    services.check_may_remove_attendee(current_user, attendee)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = attendee.name
        try:
            services.remove_attendee(attendee, author=current_user)
            db.session.commit()
            flash(_("%(name)s is no longer on the list of %(title)s.", name=name, title=meeting.title), "success")
        except ConflictError:
            return _changed_meanwhile(meeting)
        return redirect(meeting_url(meeting, "attendees"))
    return confirm_page(
        form,
        title=_("Remove %(name)s from %(title)s?", name=attendee.name, title=meeting.title),
        message=_("The history of the meeting keeps a record of it."),
        confirm_label=_("Remove attendee"),
        cancel_url=url_for("meetings.detail", meeting_id=meeting.id),
        danger=True,
    )

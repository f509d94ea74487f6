"""Minutes: write them per agenda item with decisions, finalise (locks them), reopen (admins), versions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.locking import ConflictError
from crm.common.views import confirmed_change, form_status, found_or_404
from crm.extensions import db
from crm.meetings import queries
from crm.meetings import services_minutes as services
from crm.meetings.forms import ReopenForm, minutes_form_class
from crm.meetings.views_common import load_meeting, load_while_open, meeting_url
from crm.permissions import requires

bp = Blueprint("minutes", __name__)


def _form_page(meeting, items, form, status: int = 200, conflict: bool = False):
    return render_template(
        "meetings/minutes_form.html", meeting=meeting, agenda=items, form=form, conflict=conflict
    ), status


@bp.route("/<int:meeting_id>/minutes", methods=["GET", "POST"])
@requires("meetings.write")
def edit(meeting_id: int):
    meeting = load_while_open(meeting_id)
    items = queries.agenda_of(meeting.id)
    form = minutes_form_class(items)()
    if request.method == "GET":
        form.fill_from(meeting, queries.general_decisions(meeting.id), queries.latest_minutes_number(meeting.id))
    elif form.validate_on_submit():
        try:
            version = services.save_minutes(meeting, form.to_input(), author=current_user)
            db.session.commit()
            if version is None:
                flash(_("No changes to save."), "info")
            else:
                flash(_("Minutes saved as version %(number)s.", number=version.number), "success")
            return redirect(meeting_url(meeting, "minutes"))
        except ConflictError:
            db.session.rollback()
            meeting = load_meeting(meeting_id)
            form.based_on.data = queries.latest_minutes_number(meeting.id)
            return _form_page(meeting, queries.agenda_of(meeting.id), form, 409, conflict=True)
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return _form_page(meeting, items, form, form_status(form))


def _saved(write, form) -> bool:
    """Finalise or reopen and commit; a refusal, or someone else's change at the same moment, is said on the form."""
    try:
        return saved(write, form)
    except ConflictError:
        db.session.rollback()
        form.form_errors.append(_("Someone else changed this meeting at the same moment; check and try again."))
        return False


@bp.route("/<int:meeting_id>/minutes/finalise", methods=["GET", "POST"])
@requires("meetings.write")
def finalise(meeting_id: int):
    meeting = load_while_open(meeting_id)
    return confirmed_change(
        lambda: services.finalise_minutes(meeting, author=current_user),
        commit=_saved,
        done=_("The minutes are final and locked."),
        done_url=meeting_url(meeting, "minutes"),
        cancel_url=meeting_url(meeting, "minutes"),
        title=_("Finalise the minutes of %(title)s?", title=meeting.title),
        message=_(
            "Final minutes are locked: the minutes, decisions and agenda can no longer be changed. "
            "Only an administrator can reopen them."
        ),
        confirm_label=_("Finalise minutes"),
    )


@bp.route("/<int:meeting_id>/minutes/reopen", methods=["GET", "POST"])
@requires("minutes.reopen")
def reopen(meeting_id: int):
    meeting = load_meeting(meeting_id)
    if not meeting.minutes_final:
        flash(_("These minutes are not final."), "info")
        return redirect(meeting_url(meeting, "minutes"))
    form = ReopenForm()
    if form.validate_on_submit() and _saved(
        lambda: services.reopen_minutes(meeting, reason=form.reason.data, author=current_user), form
    ):
        flash(_("The minutes are a draft again."), "success")
        return redirect(meeting_url(meeting, "minutes"))
    return render_template("meetings/reopen.html", form=form, meeting=meeting), form_status(form)


@bp.get("/<int:meeting_id>/minutes/versions")
@requires("meetings.read")
def versions(meeting_id: int):
    meeting = load_meeting(meeting_id)
    return render_template("meetings/versions.html", meeting=meeting, versions=queries.minutes_versions(meeting.id))


@bp.get("/<int:meeting_id>/minutes/versions/<int:number>")
@requires("meetings.read")
def version(meeting_id: int, number: int):
    meeting = load_meeting(meeting_id)
    found = found_or_404(queries.minutes_version(meeting.id, number))
    previous = queries.minutes_version(meeting.id, number - 1) if number > 1 else None
    before = {i.get("id"): i.get("minutes") for i in (previous.content.get("items", []) if previous else [])}
    latest = queries.latest_minutes_number(meeting.id)
    return render_template(
        "meetings/version.html",
        meeting=meeting,
        version=found,
        changed={i.get("id") for i in found.content.get("items", []) if before.get(i.get("id")) != i.get("minutes")},
        latest=latest,
        older_url=url_for(".version", meeting_id=meeting.id, number=number - 1) if previous else None,
        newer_url=url_for(".version", meeting_id=meeting.id, number=number + 1) if number < latest else None,
    )

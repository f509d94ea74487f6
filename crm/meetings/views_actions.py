"""Action items of a meeting: add, edit, and mark done with one click (also from "My actions")."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none, page_number
from crm.common.locking import ConflictError
from crm.common.time import today
from crm.common.urls import safe_next
from crm.common.views import found_or_404, paginate
from crm.common.views_records import form_template, locked_edit
from crm.extensions import db
from crm.meetings import queries, queries_stats
from crm.meetings import services_actions as services
from crm.meetings.views_common import (
    action_form,
    detail_context,
    load_child,
    load_for_change,
    load_meeting,
    meeting_url,
)
from crm.permissions import requires

bp = Blueprint("actions", __name__)

# URL argument → filter of the overdue list (the names the dashboard's links use).
OVERDUE_ARGS = {"owner_user_id": "user", "owner_person_id": "person", "coalition_id": "coalition",
                "dossier_id": "dossier"}  # fmt: skip


@bp.post("/<int:meeting_id>/actions")
@requires("meetings.write")
def add(meeting_id: int):
    meeting = load_for_change(meeting_id)
    attendees, items = queries.attendees_of(meeting.id), queries.agenda_of(meeting.id)
    form = action_form(meeting, attendees, items)
    if form.validate_on_submit():
        try:
            item = services.add_action_item(meeting, form.to_input())
            db.session.commit()
            flash(_("Action item added for %(owner)s.", owner=item.owner_name), "success")
            return redirect(meeting_url(meeting, "action-items"))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
            meeting = load_meeting(meeting_id)
    return render_template("meetings/detail.html", **detail_context(meeting, action_item_form=form)), 422


@bp.route("/<int:meeting_id>/actions/<int:action_item_id>/edit", methods=["GET", "POST"])
@requires("meetings.write")
def edit(meeting_id: int, action_item_id: int):
    meeting = load_for_change(meeting_id)
    item = load_child(meeting, queries.get_action_item(action_item_id))
    attendees, items = queries.attendees_of(meeting.id), queries.agenda_of(meeting.id)
    form = action_form(meeting, attendees, items, current=item)
    return locked_edit(
        form,
        item,
        save=lambda: services.update_action_item(item, form.to_input(), form.submitted_version()),
        saved=lambda: (_("Action item saved."), meeting_url(meeting, "action-items")),
        reload=lambda: load_child(meeting, queries.get_action_item(action_item_id)),
        page=form_template("meetings/action_form.html", form, "item", meeting=meeting),
        stored=lambda current: action_form(meeting, attendees, items, formdata=None, current=current),
    )


@bp.post("/actions/<int:action_item_id>/done")
@requires("actions.complete")
def done(action_item_id: int):
    """Mark an action item done: its owner, the meeting's organiser, or a director/admin. Back to `next`."""
    item = found_or_404(queries.get_action_item(action_item_id))
    services.check_may_complete(current_user, item)
    target = safe_next(request.form.get("next"), meeting_url(item.meeting, "action-items"))
    if ConfirmForm().validate_on_submit():
        try:
            if services.mark_done(item, actor=current_user):
                db.session.commit()
                flash(_("Done: %(description)s", description=item.description), "success")
            else:
                flash(_("This action item was already closed."), "info")
        except ConflictError:
            db.session.rollback()
            flash(_("Someone else changed this action item at the same moment; check and try again."), "error")
    return redirect(target)


@bp.get("/actions/overdue")
@requires("meetings.read")
def overdue():
    """Every open action item past its due date (of one owner, a coalition or a dossier): the dashboard's list."""
    narrowed = {name: int_or_none(request.args.get(arg)) for name, arg in OVERDUE_ARGS.items()}
    page = paginate(queries_stats.overdue_action_items_query(today(), **narrowed),
                    page_number(request.args))  # fmt: skip
    one_owner = narrowed["owner_user_id"] or narrowed["owner_person_id"]
    owner = page.items[0].owner_name if one_owner and page.items else None
    return render_template("meetings/overdue.html", page=page, owner=owner, today=today())

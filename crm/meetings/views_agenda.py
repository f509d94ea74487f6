"""The agenda of a meeting: add, edit, reorder (Move up/down buttons; drag and drop as an extra), remove items.

Agenda changes are refused once the minutes are final, also for a direct POST.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.common.commits import made
from crm.common.forms import ConfirmForm
from crm.common.locking import ConflictError
from crm.common.views_records import form_template, locked_edit, removal_view
from crm.extensions import db
from crm.meetings import queries
from crm.meetings import services_minutes as services
from crm.meetings.forms import AgendaItemForm, ReorderForm
from crm.meetings.views_common import load_child, load_for_change, load_while_open, refuse_if_final
from crm.permissions import requires

bp = Blueprint("agenda", __name__)


def _agenda_url(meeting, anchor: str = "") -> str:
    return url_for(".page", meeting_id=meeting.id) + (f"#{anchor}" if anchor else "")


def _open_item(meeting_id: int, item_id: int):
    """An agenda item of a meeting the current user may change, while its minutes are not final (404, 403)."""
    meeting = load_for_change(meeting_id)
    item = load_child(meeting, queries.get_agenda_item(item_id))
    refuse_if_final(meeting)
    return meeting, item


def _page(meeting, form, status: int = 200):
    return render_template(
        "meetings/agenda.html",
        meeting=meeting,
        agenda=queries.agenda_of(meeting.id, with_decisions=False),
        moved=request.args.get("moved", ""),
        moved_direction=request.args.get("dir", ""),
        form=form,
        attendees=queries.attendees_of(meeting.id),
        confirm_form=ConfirmForm(),
    ), status


@bp.get("/<int:meeting_id>/agenda")
@requires("meetings.write")
def page(meeting_id: int):
    meeting = load_for_change(meeting_id)
    return _page(meeting, AgendaItemForm(formdata=None))


@bp.post("/<int:meeting_id>/agenda")
@requires("meetings.write")
def add(meeting_id: int):
    meeting = load_while_open(meeting_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        data = form.to_input()
        item = made(
            lambda: services.add_agenda_item(
                meeting, title=data.title, presenter=data.presenter, duration=data.duration_minutes
            ),
            form,
        )
        if item is not None:
            flash(_("Agenda item %(title)s added.", title=item.title), "success")
            # No #fragment: browsers skip autofocus on it, and the next item's title field should have the focus.
            return redirect(url_for(".page", meeting_id=meeting.id))
    return _page(meeting, form, 422)


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@requires("meetings.write")
def edit(meeting_id: int, item_id: int):
    meeting, item = _open_item(meeting_id, item_id)
    form = AgendaItemForm()
    return locked_edit(
        form,
        item,
        save=lambda: services.update_agenda_item(item, form.to_input(), form.submitted_version()),
        saved=lambda: (_("Agenda item %(title)s saved.", title=item.title), _agenda_url(meeting)),
        reload=lambda: load_child(meeting, queries.get_agenda_item(item_id)),
        page=form_template("meetings/item_form.html", form, "item", meeting=meeting),
    )


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/move")
@requires("meetings.write")
def move(meeting_id: int, item_id: int):
    meeting, item = _open_item(meeting_id, item_id)
    direction = request.form.get("direction", "")
    if ConfirmForm().validate_on_submit():
        try:
            if services.move_agenda_item(item, direction):
                db.session.commit()
                # Said out loud by screen readers: the focus stays on the button, the new place is news.
                flash(_("“%(title)s” is now item %(position)s.", title=item.title, position=item.position), "info")
        except ConflictError:
            db.session.rollback()
            flash(_("Someone else changed the agenda at the same moment. Check the order and try again."), "error")
    # Keyboard users keep their place: the page puts the focus back on the button they pressed (autofocus; a
    # #fragment would stop browsers from applying it).
    if direction not in ("up", "down"):
        return redirect(_agenda_url(meeting, f"item-{item_id}"))
    return redirect(url_for(".page", meeting_id=meeting.id, moved=item_id, dir=direction))


@bp.post("/<int:meeting_id>/agenda/order")
@requires("meetings.write")
def reorder(meeting_id: int):
    meeting = load_while_open(meeting_id)
    form = ReorderForm()
    if form.validate_on_submit():
        try:
            services.reorder_agenda(meeting, form.item_ids.data)
            db.session.commit()
            flash(_("Agenda order saved."), "success")
        except ConflictError:
            db.session.rollback()
            flash(_("The agenda changed since you opened it; the order was not saved. Try again."), "error")
    return redirect(_agenda_url(meeting))


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/remove", methods=["GET", "POST"])
@requires("meetings.write")
def remove(meeting_id: int, item_id: int):
    meeting, item = _open_item(meeting_id, item_id)
    return removal_view(
        lambda: services.remove_agenda_item(item),
        removed=_("Agenda item %(title)s removed.", title=item.title),
        done_url=_agenda_url(meeting),
        cancel_url=_agenda_url(meeting),
        title=_("Remove %(title)s from the agenda?", title=item.title),
        message=_(
            "The item's minutes and decisions are removed with it; earlier versions of the minutes keep them. "
            "Action items stay with the meeting."
        ),
        confirm_label=_("Remove item"),
    )

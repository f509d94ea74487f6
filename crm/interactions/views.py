"""Contact log pages: the log with filters and export, quick log, a contact, edit, delete, follow-up done."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth.queries import active_users, colleagues_who_act
from crm.coalitions.queries import coalition_choices, dossier_choices
from crm.common.errors import ServiceError
from crm.common.formatting import when
from crm.common.forms import ConfirmForm, int_or_none, page_number, select_choices
from crm.common.urls import safe_next
from crm.common.views import form_status, found_or_404, history_view, paginate
from crm.common.views_records import locked_edit, removal_view
from crm.extensions import db
from crm.inbox.queries import captured_for_interaction
from crm.interactions import queries, services
from crm.interactions.forms import InteractionForm, contact_log_filters
from crm.interactions.models import KIND_LABELS
from crm.interactions.picks import chosen_labels, prefill
from crm.meetings.queries import meeting_for_interaction
from crm.permissions import has_permission, may_read_notes, requires

bp = Blueprint("interactions", __name__, url_prefix="/interactions")


def _load(interaction_id: int):
    return found_or_404(queries.get_interaction_for_page(interaction_id))


def _load_for_change(interaction_id: int):
    """A contact the current user may change. One that stands for a held meeting follows the meeting: it is
    changed there, not here, so the answer is the way to the meeting."""
    interaction = _load(interaction_id)
    services.check_may_edit(current_user, interaction)
    meeting = meeting_for_interaction(interaction.id)
    if meeting is not None:
        flash(
            _("This contact stands for the meeting “%(title)s”; change the meeting instead.", title=meeting.title),
            "info",
        )
        abort(redirect(url_for("meetings.detail", meeting_id=meeting.id)))
    return interaction


def _form(interaction=None, **kwargs) -> InteractionForm:
    """The contact form; the follow-up is offered to colleagues who may do it (and to its current owner)."""
    form = InteractionForm(**kwargs)
    owner = [interaction.follow_up_owner_id] if interaction is not None and interaction.follow_up_owner_id else None
    users = colleagues_who_act(owner)
    form.coalition_id.choices = select_choices([(0, _("— none —")), *((c.id, c.name) for c in coalition_choices())])
    form.follow_up_owner_id.choices = select_choices([(0, _("— nobody —")), *((u.id, u.name) for u in users)])
    return form


def _form_page(form: InteractionForm, interaction=None, status: int | None = None, **extra):
    """The contact form with what its pickers show: chosen records, colleagues, dossiers, recent contacts."""
    recent = queries.recent_contacts_by_others(
        form.person_ids.data or [], form.organisation_ids.data or [], current_user.id
    )
    return render_template(
        "interactions/form.html",
        form=form,
        interaction=interaction,
        chosen=chosen_labels(form),
        users=[(u.id, u.name) for u in colleagues_who_act(form.user_ids.data or None)],  # not read-only colleagues
        dossiers=[(d.id, d.title) for d in dossier_choices(include=form.dossier_ids.data or [])],
        recent=recent,
        back_url=safe_next(form.next.data, url_for(".index")),
        **extra,
    ), status or form_status(form)


@bp.get("/")
@requires("contacts.read")
def index():
    filters = contact_log_filters(request.args)
    filters.sensitive_notes = has_permission(current_user, "contacts.sensitive")
    page = paginate(queries.contact_log_query(filters), page_number(request.args))
    return render_template(
        "interactions/index.html",
        page=page,
        filters=filters,
        kinds=KIND_LABELS,
        users=active_users(),
        dossiers=dossier_choices(),
        coalitions=coalition_choices(),
        chosen_person=queries.people_by_ids([filters.person_id]).get(filters.person_id),
        chosen_organisation=queries.organisations_by_ids([filters.organisation_id]).get(filters.organisation_id),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("contacts.write")
def create():
    form = _form()
    if request.method == "GET":
        prefill(form, request.args, current_user)
    elif form.validate_on_submit():
        try:
            confirmed = bool(form.confirm_not_duplicate.data)
            interaction = services.log_interaction(form.to_input(), author=current_user, allow_duplicate=confirmed)
            db.session.commit()
            flash(_("Contact “%(subject)s” logged.", subject=interaction.subject), "success")
            return redirect(safe_next(form.next.data, url_for(".detail", interaction_id=interaction.id)))
        except services.PossibleDuplicate as repeated:  # sent again (the back button): ask, save nothing yet
            existing_id = repeated.existing.id
            db.session.rollback()
            return _form_page(form, status=422, duplicate=_load(existing_id))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return _form_page(form)


@bp.get("/<int:interaction_id>")
@requires("contacts.read")
def detail(interaction_id: int):
    interaction = _load(interaction_id)
    return render_template(
        "interactions/detail.html",
        interaction=interaction,
        meeting=meeting_for_interaction(interaction.id),
        captured=captured_for_interaction(interaction.id),  # logged from an e-mail: its headers and attachments
        confirm_form=ConfirmForm(),
    )


@bp.route("/<int:interaction_id>/edit", methods=["GET", "POST"])
@requires("contacts.write")
def edit(interaction_id: int):
    interaction = _load_for_change(interaction_id)
    form = _form(interaction)
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")
    return locked_edit(
        form,
        interaction,
        save=lambda: services.update_interaction(
            interaction, form.to_input(), form.submitted_version(), actor=current_user
        ),
        saved=lambda: (
            _("Contact “%(subject)s” saved.", subject=interaction.subject),
            safe_next(form.next.data, url_for(".detail", interaction_id=interaction.id)),
        ),
        reload=lambda: _load(interaction_id),
        stored=lambda current: _form(current, formdata=None),
        page=lambda shown, status, **conflict: _form_page(form, shown, status, **conflict),
    )


@bp.route("/<int:interaction_id>/delete", methods=["GET", "POST"])
@requires("contacts.write")
def delete(interaction_id: int):
    interaction = _load_for_change(interaction_id)
    return removal_view(
        lambda: services.delete_interaction(interaction, actor=current_user),
        removed=_("The contact has been removed. The audit log keeps a record of it."),
        done_url=url_for(".index"),
        cancel_url=url_for(".detail", interaction_id=interaction.id),
        title=_("Remove the contact “%(subject)s”?", subject=interaction.subject),
        message=_("Only remove a contact that was logged by mistake; it disappears from every timeline."),
        confirm_label=_("Remove"),
    )


@bp.post("/<int:interaction_id>/follow-up")
@requires("actions.complete")
def follow_up_done(interaction_id: int):
    interaction = _load(interaction_id)
    services.check_may_close_follow_up(current_user, interaction)
    done = request.form.get("done", "1") == "1"
    if ConfirmForm().validate_on_submit():
        try:
            services.set_follow_up_done(interaction, done, actor=current_user)
            db.session.commit()
            flash(_("Follow-up marked done.") if done else _("Follow-up reopened."), "success")
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
    return redirect(safe_next(request.form.get("next"), url_for(".detail", interaction_id=interaction.id)))


@bp.get("/<int:interaction_id>/history")
@requires("contacts.read")
def history(interaction_id: int):
    interaction = _load(interaction_id)
    # The notes of a contact marked sensitive, in every earlier version too, only for those who may read them.
    hidden = frozenset({"notes"}) if not may_read_notes(current_user, interaction) else frozenset()
    return history_view(interaction, "interaction", url_for(".detail", interaction_id=interaction.id), hidden)


@bp.get("/recent")
@requires("contacts.read")
def recent():
    """Contacts colleagues had lately with the people and organisations chosen so far (the double-ask hint)."""
    person_ids = [i for i in map(int_or_none, request.args.getlist("person")) if i][:20]
    organisation_ids = [i for i in map(int_or_none, request.args.getlist("organisation")) if i][:20]
    found = queries.recent_contacts_by_others(person_ids, organisation_ids, current_user.id)
    return jsonify(
        [
            {
                "subject": i.subject,
                "when": when(i.occurred_at),
                "who": ", ".join(u.name for u in i.users) or (i.created_by.name if i.created_by else ""),
                "url": url_for(".detail", interaction_id=i.id),
            }
            for i in found
        ]
    )

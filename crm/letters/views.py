"""Letter pages: the board and the table, a letter's page, create, edit, workflow steps, history."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions import queries as coalition_queries
from crm.common.commits import made, saved
from crm.common.errors import ServiceError
from crm.common.forms import int_or_none, page_number
from crm.common.locking import ConflictError
from crm.common.views import conflict_rows, form_status, history_view, paginate
from crm.extensions import db
from crm.letters import queries, services
from crm.letters.forms import LetterForm, TransitionForm, letter_filters
from crm.letters.models import LETTER_STATUS_LABELS
from crm.letters.views_common import changed_meanwhile, detail_context, fill_choices, letter_url, load_letter
from crm.partners import queries as partner_queries
from crm.permissions import has_permission, refuse, requires

bp = Blueprint("letters", __name__, url_prefix="/letters")


@bp.get("/")
@requires("letters.read")
def index():
    filters = letter_filters(request.args)
    view = "table" if request.args.get("view") == "table" else "board"
    context = {
        "filters": filters,
        "view": view,
        "statuses": LETTER_STATUS_LABELS,
        "coalitions": coalition_queries.coalition_choices(),
        "dossiers": coalition_queries.dossier_choices([filters.dossier_id] if filters.dossier_id else None),
        "addressees": queries.addressee_choices(),
    }
    if view == "board":
        columns = queries.board(filters)
        context["columns"] = columns
        context["counts"] = queries.signature_counts([letter for column in columns for letter in column.letters])
    else:
        page = paginate(queries.letters_query(filters), page_number(request.args))
        context["page"] = page
        context["counts"] = queries.signature_counts(list(page.items))
    return render_template("letters/index.html", **context)


@bp.get("/<int:letter_id>")
@requires("letters.read")
def detail(letter_id: int):
    letter = load_letter(letter_id)
    return render_template("letters/detail.html", **detail_context(letter, current_user))


def _form_page(form, letter=None, status: int = 200, conflict=None):
    return render_template("letters/form.html", form=form, letter=letter, conflict=conflict), status


@bp.route("/new", methods=["GET", "POST"])
@requires("letters.write")
def create():
    form = LetterForm()
    fill_choices(form, none_label=_("— none —"))
    if request.method == "GET":
        own = queries.own_organisation()
        if own is not None:
            form.lead_organisation_name.data, form.lead_organisation_id.data = own.name, own.id
        coalition = coalition_queries.get_coalition(int_or_none(request.args.get("coalition")) or 0)
        if coalition is not None and not coalition.is_archived:
            form.coalition_id.data = coalition.id
            form.dossier_ids.data = [d.id for d in coalition.dossiers]
        addressee = partner_queries.get_organisation(int_or_none(request.args.get("addressee")) or 0)
        if addressee is not None and not addressee.is_archived:
            form.addressee_organisation_name.data, form.addressee_organisation_id.data = addressee.name, addressee.id
    if form.validate_on_submit():
        letter = made(lambda: services.create_letter(form.to_input(), author=current_user), form)
        if letter is not None:
            flash(_("Letter %(title)s created as a draft.", title=letter.title), "success")
            return redirect(letter_url(letter))
    return _form_page(form, status=form_status(form))


@bp.route("/<int:letter_id>/edit", methods=["GET", "POST"])
@requires("letters.write")
def edit(letter_id: int):
    letter = load_letter(letter_id)
    if letter.is_closed:
        flash(_("This letter is %(status)s and can no longer be changed.", status=letter.status_label), "error")
        return redirect(letter_url(letter))
    form = LetterForm()
    fill_choices(form, letter, none_label=_("— none —"))
    if request.method == "GET":
        form.fill_from(letter, queries.current_version(letter))
    elif form.validate_on_submit():
        try:
            version = services.update_letter(
                letter, form.to_input(), expected_version=form.submitted_version(), author=current_user
            )
            db.session.commit()
            if version is None:
                flash(_("Letter saved; the text did not change."), "success")
            else:
                flash(_("Letter saved as version %(number)s.", number=version.number), "success")
            return redirect(letter_url(letter))
        except ConflictError:
            db.session.rollback()
            letter = load_letter(letter_id)
            stored = LetterForm(formdata=None)
            stored.fill_from(letter, queries.current_version(letter))
            form.version_id.data = letter.version_id
            return _form_page(form, letter, 409, conflict=conflict_rows(form, stored))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return _form_page(form, letter, form_status(form))


@bp.route("/<int:letter_id>/status/<target>", methods=["GET", "POST"])
@requires("letters.write")
def change_status(letter_id: int, target: str):
    """A workflow step. Steps that need a reason show a form first; the others are one button on the letter."""
    letter = load_letter(letter_id)
    move = services.transition_for(letter, target)
    if move is not None and not has_permission(current_user, move.permission):
        refuse(move.permission)
    if move is None:
        flash(_("A letter that is %(status)s cannot make this step.", status=letter.status_label), "error")
        return redirect(letter_url(letter))
    form = TransitionForm()
    if form.validate_on_submit():
        change = partial(services.change_status, letter, target, reason=form.reason.data, author=current_user,
                         expected_version=form.submitted_version())  # fmt: skip
        try:
            if saved(change, form):
                flash(_("The letter is now: %(status)s.", status=letter.status_label), "success")
                return redirect(letter_url(letter))
        except ConflictError:
            return changed_meanwhile(letter)
        letter = load_letter(letter_id)
    elif request.method == "GET":
        form.version_id.data = letter.version_id
    form.target.data = target
    return render_template("letters/transition.html", letter=letter, move=move, form=form), form_status(form)


@bp.get("/<int:letter_id>/history")
@requires("letters.read")
def history(letter_id: int):
    letter = load_letter(letter_id)
    return history_view(letter, "jointletter", letter_url(letter))

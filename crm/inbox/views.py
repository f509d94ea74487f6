"""E-mail to contacts: drop files (then a preview to correct, then save), an attachment, the user's own address."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from crm.coalitions.queries import dossier_choices
from crm.common.errors import ServiceError
from crm.common.files import file_response
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.urls import safe_next
from crm.extensions import db
from crm.inbox import queries, services
from crm.inbox.forms import DropForm, PreviewForm, choices_from
from crm.inbox.preview import preview_items
from crm.permissions import may_read_notes, requires

bp = Blueprint("inbox", __name__, url_prefix="/inbox")
CONTEXT_ARGS = ("person", "organisation", "dossier")


@bp.post("/drop")
@requires("contacts.write")
def drop():
    form = DropForm()
    if form.validate_on_submit():
        try:
            drafts = services.store_drafts(form.uploads(), user=current_user)
            db.session.commit()
            return redirect(url_for(".preview", d=[d.id for d in drafts], next=safe_next(form.next.data, "") or None,
                                    **form.context()))  # fmt: skip
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    back_url = safe_next(form.next.data, url_for("interactions.index"))
    return render_template("inbox/drop.html", form=form, back_url=back_url), 422


def _context(args) -> dict[str, int]:
    found = {name: int_or_none(args.get(name)) for name in CONTEXT_ARGS}
    return {name: value for name, value in found.items() if value}


def _preview_page(form: PreviewForm, items, status: int = 200):
    return render_template(
        "inbox/preview.html",
        form=form,
        items=items,
        dossiers=[(d.id, d.title) for d in dossier_choices(include=form.dossier_ids.data or [])],
        back_url=safe_next(form.next.data, url_for("interactions.index")),
    ), status


@bp.route("/preview", methods=["GET", "POST"])
@requires("contacts.write")
def preview():
    form = PreviewForm()
    if request.method == "GET":
        draft_ids = [i for i in map(int_or_none, request.args.getlist("d")) if i]
        drafts = queries.drafts_of(current_user.id, draft_ids)
        if not drafts:
            flash(_("These e-mails were logged already, or the preview has expired; drop them again."), "info")
            return redirect(safe_next(request.args.get("next"), url_for("interactions.index")))
        context = _context(request.args)
        form.d.data = [d.id for d in drafts]
        form.dossier_ids.data = [context["dossier"]] if "dossier" in context else []
        form.next.data = safe_next(request.args.get("next"), "")
        return _preview_page(form, preview_items(drafts, context))
    drafts = queries.drafts_of(current_user.id, form.d.data or [])
    choices = choices_from(request.form, [d.id for d in drafts], form.dossier_ids.data or [])
    if form.validate_on_submit():
        try:
            results = services.save_drafts(drafts, choices, user=current_user)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            drafts = queries.drafts_of(current_user.id, form.d.data or [])
            items = preview_items(drafts, {}, choices)
            failed = getattr(error, "draft_id", None)
            for item in items:
                if item.draft.id == failed:
                    item.error = str(error.message)
            if failed is None:
                form.form_errors.append(error.message)
            return _preview_page(form, items, 422)
        new = sum(1 for r in results if r.new)
        before = _("These e-mails were logged before; you were added to the contacts.")
        flash(ngettext("%(num)s e-mail logged as a contact.", "%(num)s e-mails logged as contacts.", new) if new
              else before, "success")  # fmt: skip
        if len(results) == 1:
            default = url_for("interactions.detail", interaction_id=results[0].email.interaction_id)
        else:
            default = url_for("interactions.index")
        return redirect(safe_next(form.next.data, default))
    return _preview_page(form, preview_items(drafts, {}, choices), 422)


@bp.get("/attachments/<int:attachment_id>")
@requires("contacts.read")
def attachment(attachment_id: int):
    found = queries.attachment(attachment_id)
    if found is None:
        abort(404)
    if not may_read_notes(current_user, found.email.interaction):  # what came with a sensitive contact
        abort(403)
    inline = request.args.get("inline") == "1"
    return file_response(found.data, filename=found.filename, mimetype=found.mimetype, inline=inline)


@bp.post("/address")
@requires("contacts.write")
def renew_address():
    if ConfirmForm().validate_on_submit():
        services.renew_address(current_user)
        db.session.commit()
        flash(_("Your address for logging e-mail is new; the old one no longer works."), "success")
    return redirect(url_for("auth.account") + "#log-by-email")


def inbound_address_of_current_user() -> str | None:
    """For the account page (a template global): the address, or None when the user has not made one yet."""
    if not current_user.is_authenticated:
        return None
    return services.full_address(queries.address_of(current_user.id))


@bp.record_once
def _register_globals(state) -> None:
    state.app.jinja_env.globals["inbound_mail_address"] = inbound_address_of_current_user

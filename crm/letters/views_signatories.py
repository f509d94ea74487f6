"""Signatories of a letter: add organisations (or a whole coalition), edit, remove, make and revoke signing links."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm
from crm.common.locking import ConflictError
from crm.common.views import confirm_page, form_status, found_or_404
from crm.extensions import db
from crm.letters import mail, queries, signing
from crm.letters.forms import AddSignatoriesForm, SignatoryForm
from crm.letters.views_common import letter_url, load_letter
from crm.permissions import requires

bp = Blueprint("signatories", __name__, url_prefix="/letters")


def _load(letter_id: int, signatory_id: int):
    letter = load_letter(letter_id)
    signatory = found_or_404(queries.get_signatory(letter.id, signatory_id))
    return letter, signatory


def _added_message(added: list) -> None:
    if added:
        flash(ngettext("%(num)s organisation added.", "%(num)s organisations added.", len(added)), "success")
    else:
        flash(_("These organisations were already on the letter."), "info")


@bp.post("/<int:letter_id>/signatories")
@requires("letters.write")
def add(letter_id: int):
    letter = load_letter(letter_id)
    form = AddSignatoriesForm()
    if not form.validate_on_submit() or not form.organisation_ids.data:
        flash(_("Choose one or more organisations from the list."), "error")
        return redirect(letter_url(letter, "signatories"))
    try:
        added = signing.add_signatories(letter, form.organisation_ids.data, author=current_user)
        db.session.commit()
        _added_message(added)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(letter_url(letter, "signatories"))


@bp.post("/<int:letter_id>/signatories/coalition")
@requires("letters.write")
def add_coalition(letter_id: int):
    letter = load_letter(letter_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        added = signing.add_coalition_members(letter, author=current_user)
        db.session.commit()
        _added_message(added)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(letter_url(letter, "signatories"))


@bp.route("/<int:letter_id>/signatories/<int:signatory_id>", methods=["GET", "POST"])
@requires("letters.write")
def edit(letter_id: int, signatory_id: int):
    letter, signatory = _load(letter_id, signatory_id)
    if letter.is_closed:
        flash(_("This letter is %(status)s and can no longer be changed.", status=letter.status_label), "error")
        return redirect(letter_url(letter, "signatories"))
    form = SignatoryForm()
    if not form.is_submitted():
        form.fill_from(signatory)
    elif form.validate_on_submit():
        try:
            signing.update_signatory(signatory, form.to_input(), expected_version=form.submitted_version(),
                                     author=current_user)  # fmt: skip
            db.session.commit()
            flash(_("%(name)s saved.", name=signatory.organisation.name), "success")
            return redirect(letter_url(letter, "signatories"))
        except ConflictError:
            db.session.rollback()
            flash(_("Someone else changed this signatory at the same moment; check and try again."), "error")
            return redirect(url_for(".edit", letter_id=letter_id, signatory_id=signatory_id))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("letters/signatory_form.html", letter=letter, signatory=signatory,
                           form=form), form_status(form)  # fmt: skip


@bp.route("/<int:letter_id>/signatories/<int:signatory_id>/remove", methods=["GET", "POST"])
@requires("letters.write")
def remove(letter_id: int, signatory_id: int):
    letter, signatory = _load(letter_id, signatory_id)
    form = ConfirmForm()
    name = signatory.organisation.name
    if form.validate_on_submit():
        try:
            signing.remove_signatory(signatory, author=current_user)
            db.session.commit()
            flash(_("%(name)s removed from the letter.", name=name), "success")
            return redirect(letter_url(letter, "signatories"))
        except ServiceError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    return confirm_page(
        form,
        title=_("Remove %(name)s from this letter?", name=name),
        message=_("Its signing link stops working; its signature, if any, is no longer on the letter."),
        confirm_label=_("Remove"),
        cancel_url=letter_url(letter, "signatories"),
        danger=True,
    )


@bp.post("/<int:letter_id>/signatories/<int:signatory_id>/link")
@requires("letters.write")
def issue_link(letter_id: int, signatory_id: int):
    """Make a new signing link. It is shown once (only its hash is kept) and mailed when SMTP is configured."""
    letter, signatory = _load(letter_id, signatory_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        token = signing.issue_link(signatory, author=current_user)
        db.session.commit()
    except (ServiceError, ConflictError) as error:
        db.session.rollback()
        flash(getattr(error, "message", _("Someone else changed this signatory; try again.")), "error")
        return redirect(letter_url(letter, "signatories"))
    link = url_for("signing.page", signing_token=token, _external=True)
    mailed = None
    if mail.mail_configured() and signatory.signer_email:
        version = queries.current_version(letter)
        try:
            mail.send(mail.invitation_message(letter, version, signatory, link))
            mailed = True
        except mail.MailNotSent:
            mailed = False
    response = render_template("letters/link.html", letter=letter, signatory=signatory, link=link, mailed=mailed,
                               mail_configured=mail.mail_configured())  # fmt: skip
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/<int:letter_id>/signatories/<int:signatory_id>/revoke")
@requires("letters.write")
def revoke_link(letter_id: int, signatory_id: int):
    letter, signatory = _load(letter_id, signatory_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        signing.revoke_link(signatory, author=current_user)
        db.session.commit()
        flash(_("The signing link of %(name)s no longer works.", name=signatory.organisation.name), "success")
    except (ServiceError, ConflictError) as error:
        db.session.rollback()
        flash(getattr(error, "message", _("Someone else changed this signatory; try again.")), "error")
    return redirect(letter_url(letter, "signatories"))

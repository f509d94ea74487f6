"""Signatories of a letter: add organisations (or a whole coalition), edit, remove, make and revoke signing links."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm
from crm.common.locking import ConflictError
from crm.common.views import confirm_page, form_status, found_or_404
from crm.extensions import db
from crm.letters import queries, services_signing
from crm.letters import tasks as invitation_tasks
from crm.letters.forms import AddSignatoriesForm, SignatoryForm
from crm.letters.invitations import InvitationMail, latest_by_signatory
from crm.letters.views_common import letter_url, load_letter
from crm.mail import sending
from crm.permissions import requires
from crm.tasks import services as tasks
from crm.tasks.queue import QueueUnavailable

bp = Blueprint("signatories", __name__, url_prefix="/letters")


def _load(letter_id: int, signatory_id: int):
    letter = load_letter(letter_id)
    signatory = found_or_404(queries.get_signatory(letter.id, signatory_id))
    return letter, signatory


def _pressed(letter_id: int, signatory_id: int):
    """The letter and signatory of a button on the signatories list (its form's CSRF token, else 400)."""
    letter, signatory = _load(letter_id, signatory_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
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
    added: list = []
    if saved(
        lambda: added.extend(services_signing.add_signatories(letter, form.organisation_ids.data, author=current_user))
    ):
        _added_message(added)
    return redirect(letter_url(letter, "signatories"))


@bp.post("/<int:letter_id>/signatories/coalition")
@requires("letters.write")
def add_coalition(letter_id: int):
    letter = load_letter(letter_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    added: list = []
    if saved(lambda: added.extend(services_signing.add_coalition_members(letter, author=current_user))):
        _added_message(added)
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
            services_signing.update_signatory(signatory, form.to_input(), expected_version=form.submitted_version(),
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
    if form.validate_on_submit() and saved(
        lambda: services_signing.remove_signatory(signatory, author=current_user), form
    ):
        flash(_("%(name)s removed from the letter.", name=name), "success")
        return redirect(letter_url(letter, "signatories"))
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
    """Make a new signing link. It is shown once (only its hash is kept); with SMTP configured a task worker
    e-mails it (the request only queues the invitation)."""
    letter, signatory = _pressed(letter_id, signatory_id)
    by_mail, invitation_id, job_id = invitation_tasks.mail_wanted(signatory), None, None
    try:
        if by_mail:
            tasks.ensure_reachable()  # before anything is written: a queue that is down leaves no new link behind
        token = services_signing.issue_link(signatory, author=current_user)
        link = url_for("signing.page", signing_token=token, _external=True)
        if by_mail:
            invitation = invitation_tasks.queue_invitation(signatory, link, language=current_user.language,
                                                           author=current_user)  # fmt: skip
            invitation_id, job_id = invitation.id, invitation.job_id
        db.session.commit()
        if job_id is not None:
            tasks.start(job_id)
    except (ServiceError, ConflictError) as error:
        db.session.rollback()
        flash(getattr(error, "message", _("Someone else changed this signatory; try again.")), "error")
        return redirect(letter_url(letter, "signatories"))
    except QueueUnavailable:
        db.session.rollback()
        if job_id is None:  # nothing was saved
            flash(str(tasks.QUEUE_DOWN), "error")
            return redirect(letter_url(letter, "signatories"))
        invitation_tasks.mark_failed(invitation_id, str(tasks.QUEUE_DOWN))  # the link exists: show it to copy
    invitation = db.session.get(InvitationMail, invitation_id) if invitation_id else None
    response = render_template("letters/link.html", letter=letter, signatory=signatory, link=link,
                               invitation=invitation, mail_configured=sending.mail_configured())  # fmt: skip
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/<int:letter_id>/signatories/<int:signatory_id>/resend")
@requires("letters.write")
def resend_invitation(letter_id: int, signatory_id: int):
    """Send the invitation whose e-mail failed once more, with the same link."""
    letter, signatory = _pressed(letter_id, signatory_id)
    failed = latest_by_signatory([signatory.id]).get(signatory.id)
    try:
        if failed is None or letter.is_closed:
            raise ServiceError(_("There is no failed e-mail to send again."))
        tasks.ensure_reachable()
        job_id = invitation_tasks.resend(failed, author=current_user).job_id
        db.session.commit()
        tasks.start(job_id)
        flash(_("The invitation to %(email)s is being sent again.", email=failed.recipient), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    except QueueUnavailable:
        db.session.rollback()
        flash(str(tasks.QUEUE_DOWN), "error")
    return redirect(letter_url(letter, "signatories"))


@bp.post("/<int:letter_id>/signatories/<int:signatory_id>/revoke")
@requires("letters.write")
def revoke_link(letter_id: int, signatory_id: int):
    letter, signatory = _pressed(letter_id, signatory_id)
    try:
        services_signing.revoke_link(signatory, author=current_user)
        db.session.commit()
        flash(_("The signing link of %(name)s no longer works.", name=signatory.organisation.name), "success")
    except (ServiceError, ConflictError) as error:
        db.session.rollback()
        flash(getattr(error, "message", _("Someone else changed this signatory; try again.")), "error")
    return redirect(letter_url(letter, "signatories"))

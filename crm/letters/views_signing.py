"""The signing page a partner opens from their personal link: no account, rate-limited, a 404 for any bad link."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.common.errors import ServiceError
from crm.common.forms import int_or_none
from crm.common.locking import ConflictError
from crm.common.views import found_or_404
from crm.extensions import db, limiter
from crm.letters import queries, services_signing
from crm.letters.forms import DeclineForm, SignForm
from crm.letters.texts import diff_texts, has_changes
from crm.permissions import public

bp = Blueprint("signing", __name__, url_prefix="/sign")

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _limit() -> str:
    return current_app.config["SIGNING_RATE_LIMIT"]


def _signatory(signing_token: str):
    return found_or_404(services_signing.signatory_for_token(signing_token))


def _page(signing_token: str, signatory, sign_form, decline_form, status: int = 200, changed_since: int | None = None):
    letter = signatory.letter
    version = queries.current_version(letter)
    changes = None
    since = changed_since or (signatory.signed_version if signatory.needs_reconfirmation(letter.current_sha256)
                              else None)  # fmt: skip
    if since and since != version.number:
        old = queries.version_of(letter.id, since)
        if old is not None:
            paragraphs = diff_texts(old.full_text, version.full_text)
            changes = {"from": old.number, "paragraphs": paragraphs} if has_changes(paragraphs) else None
    others = [s for s in queries.signatories_of(letter.id) if s.id != signatory.id]
    sign_form.seen_sha256.data = version.sha256
    sign_form.seen_version.data = version.number
    body = render_template(
        "letters/sign.html",
        token=signing_token,
        letter=letter,
        version=version,
        signatory=signatory,
        others=others,
        state=services_signing.link_state(letter),
        sign_form=sign_form,
        decline_form=decline_form,
        changes=changes,
    )
    return body, status, HEADERS


@bp.get("/<signing_token>")
@public
@limiter.limit(_limit)
def page(signing_token: str):
    signatory = _signatory(signing_token)
    sign_form, decline_form = SignForm(formdata=None), DeclineForm(formdata=None)
    sign_form.name.data = signatory.signer_name
    sign_form.function.data = signatory.signer_function
    return _page(signing_token, signatory, sign_form, decline_form)


def _answered(signing_token: str, signatory, form, forms, answer, thanks: str):
    """Record the partner's answer (sign or decline) from the submitted `form` and go back to the page. Else the
    page again with `forms` (the sign form, the decline form): 409 for a refusal or someone else's change at the same
    moment (after a change of the text, with what changed since the version they read), 422 for an invalid form."""
    if form.validate_on_submit():
        try:
            answer()
            db.session.commit()
            flash(thanks, "success")
            return redirect(url_for(".page", signing_token=signing_token))
        except (ServiceError, ConflictError) as error:
            db.session.rollback()
            # str(): a lazy message counts as markup to Jinja and would be shown unescaped (as in attach_to)
            form.form_errors.append(str(getattr(error, "message", _("Please try again."))))
            since = error.seen_version if isinstance(error, services_signing.TextChangedError) else None
            return _page(signing_token, _signatory(signing_token), *forms, 409, changed_since=since)
    return _page(signing_token, signatory, *forms, 422)


@bp.post("/<signing_token>")
@public
@limiter.limit(_limit)
def sign(signing_token: str):
    signatory = _signatory(signing_token)
    form = SignForm()

    def answer():
        seen = int_or_none(form.seen_version.data)
        services_signing.sign(signatory, name=form.name.data, function=form.function.data,
                              seen_sha256=form.seen_sha256.data or "", seen_version=seen)  # fmt: skip

    thanks = _("Thank you: %(organisation)s has signed the letter.", organisation=signatory.organisation.name)
    return _answered(signing_token, signatory, form, (form, DeclineForm(formdata=None)), answer, thanks)


@bp.post("/<signing_token>/decline")
@public
@limiter.limit(_limit)
def decline(signing_token: str):
    signatory = _signatory(signing_token)
    form = DeclineForm()

    def answer():
        services_signing.decline(signatory, reason=form.reason.data)

    thanks = _("Your answer is recorded: %(organisation)s does not sign.", organisation=signatory.organisation.name)
    return _answered(signing_token, signatory, form, (SignForm(formdata=None), form), answer, thanks)

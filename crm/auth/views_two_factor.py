"""Two-factor sign-in: set up and switch off under My account, the code step of signing in, an administrator's reset."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.auth import queries, services_two_factor, sessions, two_factor_pending
from crm.auth.forms import CodeForm
from crm.auth.fresh import recent_login_required
from crm.auth.views import landing_page, login_limit
from crm.common.commits import saved
from crm.common.files import file_response
from crm.common.forms import ConfirmForm
from crm.common.views import confirmed_change, form_status, found_or_404
from crm.extensions import db, limiter
from crm.permissions import public, requires

bp = Blueprint("two_factor", __name__)

CODE_THROTTLED = _l("Too many codes tried. Wait a minute and try again.")
# What an administrator who must set up two-factor sign-in may still reach before doing so.
ENROLMENT_ENDPOINTS = frozenset(
    {
        "two_factor.settings",
        "two_factor.begin",
        "two_factor.confirm",
        "two_factor.qr_code",
        "auth.reauthenticate",
        "auth.logout",
        "auth.set_language",
        "static",
    }
)


def _code_limit() -> str:
    return current_app.config["TOTP_RATE_LIMIT"]


def require_enrolment():
    """before_request: with TOTP_REQUIRED_FOR_ADMINS on, an administrator without a second factor enrols first."""
    if not current_user.is_authenticated or request.endpoint in ENROLMENT_ENDPOINTS or request.endpoint is None:
        return None
    if current_user.has_second_factor or not services_two_factor.required_for(current_user):
        return None
    if g.get("api_token") is not None:  # tokens are made in a session, which enrolled first
        return None
    flash(_("Administrators must set up two-factor sign-in before they continue."), "info")
    return redirect(url_for("two_factor.settings"))


@bp.get("/account/two-factor")
@requires("account")
def settings():
    secret = services_two_factor.pending_secret(current_user)
    return render_template(
        "auth/two_factor.html",
        secret=services_two_factor.grouped(secret) if secret else None,
        required=services_two_factor.required_for(current_user),
        form=CodeForm(formdata=None),
        start_form=ConfirmForm(formdata=None),
    )


@bp.post("/account/two-factor/setup")
@requires("account")
@recent_login_required
def begin():
    if ConfirmForm().validate_on_submit():
        saved(lambda: services_two_factor.begin_enrolment(current_user))
    return redirect(url_for(".settings"))


@bp.post("/account/two-factor/confirm")
@requires("account")
@recent_login_required
def confirm():
    form = CodeForm()
    if form.validate_on_submit() and saved(
        lambda: services_two_factor.confirm_enrolment(current_user, form.code.data), form
    ):
        sessions.keep_this_session()
        flash(_("Two-factor sign-in is on. From now on you enter a code from your app after your password."),
              "success")  # fmt: skip
        return redirect(url_for("auth.account"))
    secret = services_two_factor.pending_secret(current_user)
    if secret is None:
        return redirect(url_for(".settings"))
    return render_template(
        "auth/two_factor.html",
        secret=services_two_factor.grouped(secret),
        required=services_two_factor.required_for(current_user),
        form=form,
        start_form=ConfirmForm(formdata=None),
    ), form_status(form)


@bp.get("/account/two-factor/qr.svg")
@requires("account")
def qr_code():
    """The QR code of the secret being set up (an image: no script); gone once the set-up is confirmed."""
    secret = found_or_404(services_two_factor.pending_secret(current_user))
    svg = services_two_factor.qr_svg(services_two_factor.provisioning_uri(current_user, secret))
    return file_response(svg, filename="qr.svg", mimetype="image/svg+xml")  # shown by <img>; opened alone: a download


@bp.route("/account/two-factor/off", methods=["GET", "POST"])
@requires("account")
@recent_login_required
def switch_off():
    if not current_user.has_second_factor:
        return redirect(url_for(".settings"))
    form = CodeForm()
    if form.validate_on_submit() and saved(lambda: services_two_factor.switch_off(current_user, form.code.data), form):
        sessions.keep_this_session()
        flash(_("Two-factor sign-in is off."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/two_factor_off.html", form=form), form_status(form)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"], error_message=lambda: str(CODE_THROTTLED))
@limiter.limit(_code_limit, methods=["POST"], key_func=two_factor_pending.rate_limit_key,
               error_message=lambda: str(CODE_THROTTLED))  # fmt: skip
def code():
    """The second step of signing in: the six-digit code from the user's app."""
    if current_user.is_authenticated:
        return redirect(landing_page(current_user))
    user = two_factor_pending.pending_user()
    if user is None:
        flash(_("Sign in with your email address and password first."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if services_two_factor.verify_code(user, form.code.data):
            db.session.commit()
            remember, target = two_factor_pending.finish()
            sessions.start(user, remember=remember)
            return redirect(target or landing_page(user))
        db.session.rollback()
        form.code.errors = [*form.code.errors, services_two_factor.WRONG_CODE]
    return render_template("auth/two_factor_code.html", form=form), form_status(form)


@bp.route("/admin/users/<int:user_id>/two-factor/reset", methods=["GET", "POST"])
@requires("users.manage")
@recent_login_required
def reset(user_id: int):
    """Recovery: the user lost their phone. Audited (the enabled date is cleared by this administrator)."""
    user = found_or_404(queries.get_user(user_id))
    return confirmed_change(
        lambda: services_two_factor.reset_by_admin(user, acting_user=current_user),
        done=_(
            "Two-factor sign-in of %(email)s is reset; they sign in with their password and set it up again.",
            email=user.email,
        ),
        done_url=url_for("users.edit", user_id=user.id),
        cancel_url=url_for("users.edit", user_id=user.id),
        title=_("Reset two-factor sign-in of %(email)s?", email=user.email),
        message=_(
            "Do this when the user lost the phone with their authenticator app. They are signed out everywhere, sign "
            "in with their password alone and can then set up a new app."
        ),
        confirm_label=_("Reset two-factor sign-in"),
        danger=True,
    )

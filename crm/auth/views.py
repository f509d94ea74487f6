"""Login, logout, language choice and the user's own account."""

from __future__ import annotations

from functools import partial

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.auth import services, sessions, two_factor_pending
from crm.auth.forms import LanguageForm, LoginForm, PasswordChangeForm, ProfileForm, ReauthForm
from crm.auth.fresh import mark_recent, recent_login_required
from crm.common.commits import saved
from crm.common.urls import safe_next
from crm.common.views import form_status
from crm.extensions import db, limiter
from crm.permissions import Role, public, requires

bp = Blueprint("auth", __name__)

LOGIN_FAILED = _l("Sign-in failed: the email address or password is not correct.")
LOGIN_THROTTLED = _l("Too many sign-in attempts. Wait a minute and try again.")


def redirect_to_login():
    """Where Flask-Login sends anonymous visitors: the login page, remembering a safe way back."""
    return sessions.redirect_to_login()


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def landing_page(user) -> str:
    """Where signing in leads when no page was asked for: directors start on the coalition dashboard."""
    return url_for("dashboard.index") if user.role == Role.DIRECTOR else url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"], error_message=lambda: str(LOGIN_THROTTLED))
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), landing_page(current_user)))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.rollback()
            form.form_errors.append(LOGIN_FAILED)
        else:
            db.session.commit()
            target = safe_next(form.next.data, "")
            if user.has_second_factor:  # the password was right; the code from the app comes next
                two_factor_pending.begin(user, remember=form.remember.data, next_url=target)
                return redirect(url_for("two_factor.code"))
            sessions.start(user, remember=form.remember.data)
            return redirect(target or landing_page(user))
    return render_template("auth/login.html", form=form, language_form=LanguageForm(formdata=None)), form_status(form)


@bp.post("/logout")
@requires("account")
def logout():
    services.end_all_sessions(current_user)  # a copied session cookie is worthless from now on
    db.session.commit()
    sessions.end()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/reauth", methods=["GET", "POST"])
@requires("account")
@limiter.limit(login_limit, methods=["POST"], error_message=lambda: str(LOGIN_THROTTLED))
def reauthenticate():
    """Asked by `recent_login_required`: the password again before a sensitive action, then back to `next`."""
    form = ReauthForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")
    if form.validate_on_submit():
        if services.password_matches(current_user, form.password.data):
            mark_recent()
            return redirect(safe_next(form.next.data, url_for(".account")))
        form.password.errors = [*form.password.errors, _("The password is not correct.")]
    return render_template("auth/reauth.html", form=form), form_status(form)


@bp.post("/language")
@public
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            services.update_profile(current_user, name=current_user.name, language=form.language.data)
            db.session.commit()
        else:
            session["language"] = form.language.data
    return redirect(safe_next(form.next.data, url_for("home.index")))


@bp.route("/account", methods=["GET", "POST"])
@requires("account")
def account():
    form = ProfileForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            name=form.name.data,
            language=form.language.data,
            keyboard_shortcuts=form.keyboard_shortcuts.data,
        )
        db.session.commit()
        flash(_("Your settings have been saved."), "success")
        return redirect(url_for(".account"))
    return render_template("auth/account.html", form=form), form_status(form)


@bp.route("/account/password", methods=["GET", "POST"])
@requires("account")
@recent_login_required
def change_password():
    form = PasswordChangeForm()
    form.account = current_user
    change = partial(
        services.change_own_password,
        current_user,
        current_password=form.current_password.data,
        new_password=form.new_password.data,
    )
    if form.validate_on_submit() and saved(change, form):
        sessions.keep_this_session()
        flash(_("Your password has been changed. Other sessions have been signed out."), "success")
        return redirect(url_for(".account"))
    return render_template("auth/password.html", form=form), form_status(form)

"""Personal access tokens under "My account"; administrators see and revoke everyone's, and manage webhooks."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.api import tokens
from crm.api.forms import TokenForm, WebhookForm
from crm.auth.fresh import recent_login_required
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm
from crm.common.time import local_day_start_utc, utcnow
from crm.extensions import db
from crm.permissions import has_permission, requires
from crm.webhooks import queries as webhook_queries
from crm.webhooks import services as webhooks
from crm.webhooks.events import EVENTS
from crm.webhooks.models import Webhook

bp = Blueprint("api_tokens", __name__)


def _token_page(form: TokenForm, new_token: str | None = None):
    return render_template("api/tokens.html", form=form, new_token=new_token, tokens=tokens.tokens_of(current_user),
                           confirm_form=ConfirmForm(formdata=None), now=utcnow())  # fmt: skip


@bp.get("/account/tokens")
@requires("account")
def index():
    return _token_page(TokenForm(formdata=None))


@bp.post("/account/tokens")
@requires("account")
@recent_login_required
def create():
    form = TokenForm()
    if form.validate_on_submit():
        expires = None
        if form.expires_on.data:  # valid through that whole day, as the users read it
            zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
            expires = local_day_start_utc(form.expires_on.data + timedelta(days=1), zone)
        try:
            _row, plain = tokens.create_token(current_user, name=form.name.data, scope=form.scope.data,
                                              expires_at=expires)  # fmt: skip
            db.session.commit()
            # Shown once, on this answer only (not in a redirect's flash message: that is stored in the session).
            return _token_page(TokenForm(formdata=None), new_token=plain)
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return _token_page(form), 422


@bp.post("/account/tokens/<int:token_id>/revoke")
@requires("account")
def revoke(token_id: int):
    token = tokens.get_token(token_id)
    if token is None or (token.user_id != current_user.id and not has_permission(current_user, "integrations.manage")):
        abort(404)  # another colleague's token: as if it did not exist
    if ConfirmForm().validate_on_submit():
        tokens.revoke_token(token, actor=current_user)
        db.session.commit()
        flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    if token.user_id != current_user.id:
        return redirect(url_for(".all_tokens"))
    return redirect(url_for(".index"))


@bp.get("/admin/api-tokens")
@requires("integrations.manage")
def all_tokens():
    return render_template("api/all_tokens.html", tokens=tokens.all_tokens(), confirm_form=ConfirmForm(formdata=None),
                           now=utcnow())  # fmt: skip


@bp.route("/admin/webhooks", methods=["GET", "POST"])
@requires("integrations.manage")
def webhooks_index():
    form = WebhookForm()
    secret = None
    if form.validate_on_submit():
        try:
            hook, secret = webhooks.create_webhook(name=form.name.data, url=form.url.data, events=form.events.data,
                                                   author=current_user)  # fmt: skip
            db.session.commit()
            flash(_("Webhook “%(name)s” made.", name=hook.name), "success")
            form = WebhookForm(formdata=None)
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    status = 422 if form.errors else 200
    return render_template("api/webhooks.html", form=form, secret=secret, hooks=webhook_queries.all_webhooks(),
                           events=EVENTS, confirm_form=ConfirmForm(formdata=None)), status  # fmt: skip


@bp.get("/admin/webhooks/<int:webhook_id>")
@requires("integrations.manage")
def webhook_detail(webhook_id: int):
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    return render_template("api/webhook.html", hook=hook, deliveries=webhook_queries.deliveries_of(hook.id),
                           events=EVENTS, confirm_form=ConfirmForm(formdata=None))  # fmt: skip


@bp.post("/admin/webhooks/<int:webhook_id>/active")
@requires("integrations.manage")
def webhook_active(webhook_id: int):
    hook = db.session.get(Webhook, webhook_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        webhooks.set_active(hook, not hook.active)
        db.session.commit()
        flash(_("Webhook switched on.") if hook.active else _("Webhook switched off."), "success")
    return redirect(url_for(".webhook_detail", webhook_id=hook.id))

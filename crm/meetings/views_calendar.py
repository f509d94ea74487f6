"""Calendars: the personal subscription settings page, and the feed itself (opened by its secret token).

The feed URL is the only credential, so: a long random token (secrets.token_urlsafe(32)), stored only as its
SHA-256, shown in full once (right after it is made), revocable and renewable; a wrong, revoked or malformed token
answers exactly like a missing page (404); the route is rate limited.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.forms import ConfirmForm
from crm.common.time import utcnow
from crm.common.views import confirm_page, found_or_404
from crm.extensions import db, limiter
from crm.meetings import calendar, queries_calendar
from crm.meetings import services_calendar as services
from crm.permissions import public, requires

bp = Blueprint("calendar", __name__, url_prefix="/calendar")
feed_bp = Blueprint("calendar_feed", __name__)

FEED_HISTORY = timedelta(days=365)


def _feed_limit() -> str:
    return current_app.config["CALENDAR_FEED_RATE_LIMIT"]


def _settings(feed_url: str | None = None):
    return render_template(
        "meetings/calendar.html",
        feed=queries_calendar.active_feed_of(current_user.id),
        feed_url=feed_url,
        form=ConfirmForm(),
    )


def _confirm(form, title: str, message: str, confirm_label: str):
    """Both changes to the subscription stop the current address: asked as a danger, cancelling back to settings."""
    return confirm_page(
        form, title=title, message=message, confirm_label=confirm_label, cancel_url=url_for(".settings"), danger=True
    )


@bp.get("")
@requires("account")
def settings():
    return _settings()


@bp.route("/renew", methods=["GET", "POST"])
@requires("account")
def renew():
    form = ConfirmForm()
    if form.validate_on_submit():
        _feed, token = services.renew_feed(current_user.id)
        db.session.commit()
        # Shown once, on this response only: the token is not stored anywhere we could show it again.
        return _settings(feed_url=url_for("calendar_feed.feed", token=token, _external=True))
    if queries_calendar.active_feed_of(current_user.id) is None and request.method == "GET":
        return redirect(url_for(".settings"))
    return _confirm(
        form,
        _("Make a new subscription address?"),
        _("The current address stops working at once; calendar apps using it must subscribe again."),
        _("Make a new address"),
    )


@bp.route("/revoke", methods=["GET", "POST"])
@requires("account")
def revoke():
    form = ConfirmForm()
    if form.validate_on_submit():
        if services.revoke_feeds(current_user.id):
            db.session.commit()
            flash(_("Your calendar subscription is switched off. Calendar apps using it get nothing more."), "success")
        return redirect(url_for(".settings"))
    return _confirm(
        form,
        _("Switch off your calendar subscription?"),
        _("Calendar apps using the address get nothing more. You can make a new address later."),
        _("Switch off"),
    )


@feed_bp.get("/calendar/<token>.ics")
@public
@limiter.limit(_feed_limit)
def feed(token: str):
    found = found_or_404(services.feed_for_token(token))
    user = found.user
    with force_locale(user.language):
        body = calendar.feed_calendar(
            name=_("Bondgenoot – %(name)s", name=user.name),
            user_id=user.id,
            meetings=queries_calendar.meetings_for_calendar(user.id, since=utcnow() - FEED_HISTORY),
            action_items=queries_calendar.action_items_for_calendar(user.id),
            zone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"],
            meeting_url=lambda m: url_for("meetings.detail", meeting_id=m.id, _external=True),
            action_url=lambda a: url_for("meetings.detail", meeting_id=a.meeting_id, _external=True) + "#action-items",
        )
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    return response

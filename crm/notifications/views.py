"""My notifications (the bell's list), my notification settings, following records, the one-click unsubscribe of
our e-mails, and the meeting briefing (page and PDF)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.document_pages import document_made
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.urls import safe_next
from crm.common.views import found_or_404, paginate
from crm.extensions import csrf, db
from crm.meetings import queries as meeting_queries
from crm.notifications import briefing as briefings
from crm.notifications import queries, services
from crm.notifications.emails import ALL_DIGEST_KINDS, read_unsubscribe_token
from crm.notifications.kinds import CHANNEL_LABELS, DIGEST_ONLY, KINDS, Channel, kind_label
from crm.notifications.models import FollowTarget
from crm.permissions import public, requires

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def following_helper():
    """`is_following(...)` for the Follow button (the bell's number comes with the open actions: crm/home)."""

    def following(target_type: str, target_id: int, owner_id: int | None = None) -> bool | str:
        if not current_user.is_authenticated:
            return False
        if owner_id is not None and owner_id == current_user.id:
            return "owner"
        return queries.follows(current_user.id, target_type, target_id)

    return {"is_following": following}


@bp.after_app_request
def start_notification_mail(response):
    """E-mails raised during the request go to the queue once the request's work is committed."""
    if response.status_code < 400:
        services.start_queued_mail()
    else:
        services.discard_queued_mail()
    return response


@bp.get("/my/notifications")
@requires("account")
def index():
    filters = queries.NotificationFilters.from_args(request.args)
    page = paginate(queries.notifications_query(current_user.id, filters), int_or_none(request.args.get("page")) or 1)
    return render_template(
        "notifications/index.html",
        page=page,
        filters=filters,
        form=ConfirmForm(),
        kinds=[(k.value, str(info.label)) for k, info in KINDS.items() if k not in DIGEST_ONLY],
        failed_digests=queries.failed_digests(current_user.id),
    )


@bp.post("/my/notifications/<int:notification_id>/read")
@requires("account")
def mark_read(notification_id: int):
    back = safe_next(request.form.get("next"), url_for(".index"))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return redirect(back)
    found_or_404(services.mark_read(current_user, notification_id))
    db.session.commit()
    return redirect(back)


@bp.post("/my/notifications/read-all")
@requires("account")
def mark_all_read():
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return redirect(url_for(".index"))
    count = services.mark_all_read(current_user)
    db.session.commit()
    flash(_("%(n)s notifications marked as read.", n=count), "success")
    return redirect(url_for(".index"))


@bp.route("/my/notification-settings", methods=["GET", "POST"])
@requires("account")
def settings():
    form = ConfirmForm()
    choices = {
        kind.value: [c for c in Channel if kind not in DIGEST_ONLY or c in (Channel.EMAIL, Channel.OFF)]
        for kind in KINDS
    }

    def page(status: int = 200):
        channels = services.channels_of(current_user.id)
        return render_template("notifications/settings.html", form=form, choices=choices, channels=channels,
                               kind_label=kind_label, channel_labels=CHANNEL_LABELS), status  # fmt: skip

    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("The form had expired; try again."), "error")
            return redirect(url_for(".settings"))
        try:
            for kind, allowed in choices.items():
                chosen = request.form.get(kind)
                if chosen is None:
                    continue
                if chosen not in {c.value for c in allowed}:
                    raise ServiceError(_("Choose one of the options."))
                services.set_channel(current_user, kind, chosen)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return page(422)
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for(".settings"))
    return page()


@bp.post("/following/<target_type>/<int:target_id>")
@requires("registry.read")
def toggle_follow(target_type: str, target_id: int):
    if target_type not in {t.value for t in FollowTarget}:
        abort(404)
    name = found_or_404(queries.target_name(target_type, target_id))
    back = safe_next(request.form.get("next"), url_for("home.index"))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return redirect(back)
    if request.form.get("action") == "unfollow":
        services.unfollow(current_user, target_type, target_id)
        message = _("You no longer follow %(name)s.", name=name)
    else:
        services.follow(current_user, target_type, target_id)
        message = _("You follow %(name)s: new contacts on it reach you as notifications.", name=name)
    db.session.commit()
    flash(message, "success")
    return redirect(back)


@bp.route("/unsubscribe/<unsubscribe_token>", methods=["GET", "POST"])
@public
@csrf.exempt  # the signed token is the proof; mail clients POST here without a session (RFC 8058)
def unsubscribe(unsubscribe_token: str):
    found = read_unsubscribe_token(unsubscribe_token)
    if found is None:
        abort(404)
    user_id, kind = found
    label = _("the daily digest") if kind == ALL_DIGEST_KINDS else kind_label(kind)
    if request.method == "GET":  # a link opened in a browser (or a scanner following it): nothing changes
        return render_template("notifications/unsubscribe.html", label=label, done=False)
    switched = services.unsubscribe(user_id, kind)
    if not switched and kind != ALL_DIGEST_KINDS:
        abort(404)
    db.session.commit()
    return render_template("notifications/unsubscribe.html", label=label, done=True)


@bp.get("/meetings/<int:meeting_id>/briefing")
@requires("meetings.read")
def briefing(meeting_id: int):
    meeting = found_or_404(meeting_queries.get_meeting(meeting_id))
    return render_template(
        "notifications/briefing.html", briefing=briefings.briefing(meeting, current_user), form=ConfirmForm()
    )


@bp.post("/meetings/<int:meeting_id>/briefing/pdf")
@requires("documents.generate")
def briefing_pdf(meeting_id: int):
    from crm.notifications.briefing_pdf import make_briefing_pdf

    meeting = found_or_404(meeting_queries.get_meeting(meeting_id))
    back = redirect(url_for(".briefing", meeting_id=meeting.id))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return back
    return document_made(
        lambda: make_briefing_pdf(briefings.briefing(meeting, current_user), author=current_user), back
    )

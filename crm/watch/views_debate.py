"""The debate preparation of an activity: the page (GET) and its PDF (POST: kept as a generated document with its
provenance, through the one document path, then shown on its document page for download or sending on). The same
document can be added to one of our meetings (listed on the meeting's page) or sent to colleagues (each told by a
notification, by e-mail unless they chose otherwise)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions import queries as dossier_queries
from crm.common.document_pages import document_made
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none, select_choices
from crm.common.time import utc_to_local
from crm.common.views import form_status, found_or_404
from crm.documents import queries_meetings, services_meetings
from crm.documents import services as document_services
from crm.extensions import db
from crm.meetings import queries as meeting_queries
from crm.parliament import queries as parliament
from crm.parliament.values import GUID_PATTERN
from crm.permissions import requires
from crm.rendering.render import RenderOptions
from crm.stakeholders.models import level_label, stance_label
from crm.watch import debate
from crm.watch import services_sharing as sharing
from crm.watch.forms import MeetingChoiceForm, ShareForm
from crm.watch.queries import share_choices

bp = Blueprint("debate", __name__, url_prefix="/parliament/activities")

TEMPLATE = "builtin:debate_preparation"


def _load(activity_id: str):
    if not GUID_PATTERN.match(activity_id):
        abort(404)
    activity = found_or_404(parliament.get_activity(activity_id))
    dossiers = debate.dossiers_of_activity(activity.id)
    wanted = int_or_none(request.args.get("dossier"))
    chosen = next((d for d in dossiers if d.id == wanted), None)
    if chosen is None and wanted is not None:
        chosen = dossier_queries.get_dossier(wanted)  # any dossier may be prepared for, watched or not
    return activity, dossiers, chosen or (dossiers[0] if dossiers else None)


def _meeting_label(meeting) -> str:
    starts = utc_to_local(meeting.starts_at, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return f"{starts:%d-%m-%Y %H:%M} · {meeting.title}"


def _send_page(activity, dossier, form, which: str, status: int = 200):
    """The page of one way to pass the preparation on (`which`: "meeting" or "share"): its form, and what it is."""
    if which == "meeting":
        meetings = queries_meetings.meeting_choices(current_user, dossier.id if dossier else None)
        form.meeting_id.choices = select_choices([("", _("Choose a meeting")),
                                                  *((m.id, _meeting_label(m)) for m in meetings)])  # fmt: skip
    else:
        form.user_ids.choices = select_choices((u.id, u.name) for u in share_choices(current_user.id))
    return render_template("watch/preparation_send.html", activity=activity, dossier=dossier, form=form,
                           which=which), status  # fmt: skip


@bp.get("/<activity_id>/preparation")
@requires("positions.read")
def preparation(activity_id: str):
    activity, dossiers, dossier = _load(activity_id)
    return render_template(
        "watch/preparation.html",
        prep=debate.preparation(activity, dossier),
        dossiers=dossiers,
        form=ConfirmForm(),
        activity_url=parliament.activity_url,
        case_url=parliament.case_url,
        document_url=parliament.document_url,
        stance_label=stance_label,
        level_label=level_label,
    )


def _make(activity, dossier, make):
    """The preparation's values (in Dutch: documents we send are Dutch), title and provenance, handed to `make`."""
    with force_locale("nl"):
        values = debate.preparation_values(debate.preparation(activity, dossier))
    title = _("Debate preparation %(subject)s %(day)s", subject=(activity.subject or activity.soort or "")[:150],
              day=values["activity"]["date"])  # fmt: skip
    provenance = {"report": "debate_preparation", "activity_id": activity.id,
                  "dossier_id": dossier.id if dossier else None}  # fmt: skip
    return make(
        document_services.choose(TEMPLATE), values, title=title, author=current_user,
        options=RenderOptions(tagged=True), dossier_id=dossier.id if dossier else None, provenance=provenance,
    )  # fmt: skip


@bp.post("/<activity_id>/preparation/pdf")
@requires("documents.generate")
def preparation_pdf(activity_id: str):
    activity, _dossiers, dossier = _load(activity_id)
    back = redirect(url_for(".preparation", activity_id=activity.id, dossier=dossier.id if dossier else None))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return back
    return document_made(lambda: _make(activity, dossier, document_services.generate_from_values), back)


@bp.route("/<activity_id>/preparation/meeting", methods=["GET", "POST"])
@requires("documents.generate")
def add_to_meeting(activity_id: str):
    """Choose one of our meetings and confirm: the preparation is made as a document and added to it. Whoever may
    edit that meeting may (else 403)."""
    activity, _dossiers, dossier = _load(activity_id)
    form = MeetingChoiceForm()
    if not form.validate_on_submit():
        return _send_page(activity, dossier, form, "meeting", form_status(form))
    meeting = meeting_queries.get_meeting(form.meeting_id.data) if form.meeting_id.data else None
    if meeting is None:
        form.meeting_id.errors = [_("Choose a meeting.")]
        return _send_page(activity, dossier, form, "meeting", 422)
    try:
        _make(activity, dossier, lambda *args, **kwargs: services_meetings.generate_for_meeting(
            *args, meeting=meeting, **kwargs))  # fmt: skip
    except ServiceError as error:
        db.session.rollback()
        error.attach_to(form)
        return _send_page(activity, dossier, form, "meeting", 422)
    db.session.commit()
    flash(_("The debate preparation was added to the meeting “%(title)s”.", title=meeting.title), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id) + "#documents")


@bp.route("/<activity_id>/preparation/share", methods=["GET", "POST"])
@requires("documents.generate")
def share(activity_id: str):
    """Choose colleagues (active ones, never oneself) and an optional message: the preparation is made as a document
    once, and each of them is told."""
    activity, _dossiers, dossier = _load(activity_id)
    form = ShareForm()
    form.user_ids.choices = select_choices((u.id, u.name) for u in share_choices(current_user.id))
    if not form.validate_on_submit():
        return _send_page(activity, dossier, form, "share", form_status(form))
    try:
        users = sharing.recipients(list(form.user_ids.data or []), sender=current_user)
        document = _make(activity, dossier, document_services.generate_from_values)
        sharing.share(document, users, sender=current_user, note=form.note.data or "")
    except ServiceError as error:
        db.session.rollback()
        error.attach_to(form)
        return _send_page(activity, dossier, form, "share", 422)
    db.session.commit()
    flash(_("The debate preparation was sent to %(names)s.", names=", ".join(u.name for u in users)), "success")
    return redirect(url_for("documents.detail", document_id=document.id))

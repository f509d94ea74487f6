"""The debate preparation of an activity: the page (GET) and its PDF (POST: kept as a generated document with its
provenance, through the one document path, then shown on its document page for download or sending on)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions import queries as dossier_queries
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.views import found_or_404
from crm.documents import services as document_services
from crm.extensions import db
from crm.parliament import queries as parliament
from crm.parliament.values import GUID_PATTERN
from crm.permissions import requires
from crm.rendering.render import RenderOptions
from crm.stakeholders.models import level_label, stance_label
from crm.watch import debate

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


@bp.post("/<activity_id>/preparation/pdf")
@requires("documents.generate")
def preparation_pdf(activity_id: str):
    activity, _dossiers, dossier = _load(activity_id)
    back = redirect(url_for(".preparation", activity_id=activity.id, dossier=dossier.id if dossier else None))
    if not ConfirmForm().validate_on_submit():
        flash(_("The form had expired; try again."), "error")
        return back
    with force_locale("nl"):  # documents we send are Dutch, whatever language the page is read in
        values = debate.preparation_values(debate.preparation(activity, dossier))
    day = values["activity"]["date"]
    title = _("Debate preparation %(subject)s %(day)s", subject=(activity.subject or activity.soort or "")[:150],
              day=day)  # fmt: skip
    provenance = {"report": "debate_preparation", "activity_id": activity.id,
                  "dossier_id": dossier.id if dossier else None}  # fmt: skip
    try:
        document = document_services.generate_from_values(
            document_services.choose(TEMPLATE), values, title=title, author=current_user,
            options=RenderOptions(tagged=True), dossier_id=dossier.id if dossier else None, provenance=provenance,
        )  # fmt: skip
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return back
    db.session.commit()
    flash(_("Document “%(title)s” made.", title=document.title), "success")
    return redirect(url_for("documents.detail", document_id=document.id))

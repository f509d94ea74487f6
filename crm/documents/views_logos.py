"""An organisation's logo: upload (checked and re-encoded), show, remove. Printed on the papers it co-authors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import saved
from crm.common.files import file_response
from crm.common.forms import ConfirmForm
from crm.common.views import confirm_page, found_or_404
from crm.documents import queries, services
from crm.documents.forms import LogoForm
from crm.extensions import db
from crm.partners.queries import get_organisation
from crm.permissions import requires

bp = Blueprint("logos", __name__, url_prefix="/organisations/<int:organisation_id>")


def _organisation(organisation_id: int):
    return found_or_404(get_organisation(organisation_id))


@bp.get("/logo.png")
@requires("registry.read")
def show(organisation_id: int):
    logo = found_or_404(queries.logo_of(organisation_id))
    response = file_response(logo.png, filename="logo.png", mimetype="image/png", inline=True)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/logo", methods=["GET", "POST"])
@requires("documents.generate")
def upload(organisation_id: int):
    organisation = _organisation(organisation_id)
    services.check_may_change_logo(current_user, organisation)
    form = LogoForm()
    if form.validate_on_submit():
        upload = form.logo.data
        data = upload.read(services.LOGO_MAX_BYTES + 1)
        if saved(lambda: services.upload_logo(organisation, data=data, filename=upload.filename or "",
                                              author=current_user, actor=current_user), form):  # fmt: skip
            flash(_("Logo of %(name)s saved.", name=organisation.name), "success")
            return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    status = 422 if form.errors else 200
    return render_template(
        "documents_ui/logo.html", form=form, organisation=organisation, logo=queries.logo_of(organisation.id)
    ), status


@bp.route("/logo/remove", methods=["GET", "POST"])
@requires("documents.generate")
def remove(organisation_id: int):
    organisation = _organisation(organisation_id)
    services.check_may_change_logo(current_user, organisation)
    logo = found_or_404(queries.logo_of(organisation.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.remove_logo(logo, actor=current_user)
        db.session.commit()
        flash(_("Logo removed."), "success")
        return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    return confirm_page(
        form,
        title=_("Remove the logo of %(name)s?", name=organisation.name),
        message=_("Documents made earlier keep it; new documents are made without it."),
        confirm_label=_("Remove logo"),
        cancel_url=url_for("organisations.detail", organisation_id=organisation.id),
        danger=True,
    )

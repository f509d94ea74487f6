"""Dossier pages: list, detail, create, edit, archive/restore, history."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import recent_history
from crm.coalitions import queries, services
from crm.coalitions.forms import DossierForm, dossier_filters
from crm.coalitions.models import DOSSIER_STATUS_LABELS
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, page_number, select_choices
from crm.common.locking import ConflictError
from crm.common.views import (
    archive_view,
    form_status,
    found_or_404,
    history_view,
    paginate,
    prepare_conflict,
    restore_view,
)
from crm.extensions import db
from crm.permissions import has_permission, requires
from crm.stakeholders.queries import stance_counts
from crm.timeline.context import timeline_context
from crm.watch.panel import watch_context

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")


def _load(dossier_id: int):
    return found_or_404(queries.get_dossier(dossier_id))


def _form(dossier=None, **kwargs) -> DossierForm:
    form = DossierForm(**kwargs)
    linked = {c.id for c in dossier.coalitions} if dossier else set()
    form.coalition_ids.choices = select_choices(
        (c.id, c.name) for c in queries.coalition_choices(include_archived=True) if not c.is_archived or c.id in linked
    )
    return form


@bp.get("/")
@requires("registry.read")
def index():
    filters = dossier_filters(request.args)
    page = paginate(queries.dossiers_query(filters), page_number(request.args))
    return render_template(
        "dossiers/index.html",
        page=page,
        filters=filters,
        statuses=DOSSIER_STATUS_LABELS,
        coalitions=queries.coalition_choices(),
    )


@bp.get("/<int:dossier_id>")
@requires("registry.read")
def detail(dossier_id: int):
    dossier = _load(dossier_id)
    return render_template(
        "dossiers/detail.html",
        dossier=dossier,
        involved=queries.organisations_on_dossier(dossier.id),
        # Positions are opinions about people: counted only for those who may read them (one statement).
        stance_counts=stance_counts(dossier.id) if has_permission(current_user, "positions.read") else None,
        history=recent_history("dossier", dossier.id),
        confirm_form=ConfirmForm(),
        **timeline_context("dossier", dossier.id),
        **watch_context(dossier.id),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("registry.write")
def create():
    form = _form()
    if form.validate_on_submit():
        try:
            dossier = services.create_dossier(form.to_input())
            db.session.commit()
            flash(_("Dossier %(name)s created.", name=dossier.title), "success")
            return redirect(url_for(".detail", dossier_id=dossier.id))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("dossiers/form.html", form=form, dossier=None), form_status(form)


@bp.route("/<int:dossier_id>/edit", methods=["GET", "POST"])
@requires("registry.write")
def edit(dossier_id: int):
    dossier = _load(dossier_id)
    services.check_may_edit(current_user, dossier)
    form = _form(dossier)
    if request.method == "GET":
        form.fill_from(dossier)
    elif form.validate_on_submit():
        try:
            services.update_dossier(dossier, form.to_input(), form.submitted_version(), actor=current_user)
            db.session.commit()
            flash(_("Changes to %(name)s saved.", name=dossier.title), "success")
            return redirect(url_for(".detail", dossier_id=dossier.id))
        except ConflictError:
            db.session.rollback()
            current = _load(dossier_id)
            rows = prepare_conflict(form, _form(current, formdata=None), current)
            return render_template("dossiers/form.html", form=form, dossier=current, conflict=rows), 409
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("dossiers/form.html", form=form, dossier=dossier), form_status(form)


@bp.route("/<int:dossier_id>/archive", methods=["GET", "POST"])
@requires("registry.write")
def archive(dossier_id: int):
    dossier = _load(dossier_id)
    services.check_may_archive(current_user, dossier)
    return archive_view(
        dossier,
        name=dossier.title,
        detail_url=url_for(".detail", dossier_id=dossier.id),
        message=_("The dossier disappears from lists. Its links and history are kept; you can restore it."),
    )


@bp.post("/<int:dossier_id>/restore")
@requires("registry.write")
def restore(dossier_id: int):
    dossier = _load(dossier_id)
    services.check_may_archive(current_user, dossier)
    return restore_view(dossier, name=dossier.title, detail_url=url_for(".detail", dossier_id=dossier.id))


@bp.get("/<int:dossier_id>/history")
@requires("registry.read")
def history(dossier_id: int):
    dossier = _load(dossier_id)
    return history_view(dossier, "dossier", url_for(".detail", dossier_id=dossier.id))

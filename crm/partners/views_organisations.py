"""Organisation pages: list, detail, create, edit, archive/restore, history, type-ahead."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import recent_history
from crm.auth.queries import active_users
from crm.coalitions.queries import coalition_choices, memberships_of_organisation
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none, page_number
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
from crm.parliament.queries import upcoming_for_committee
from crm.partners import queries, services
from crm.partners.forms import OrganisationForm, organisation_filters, owner_choices, province_choices
from crm.partners.kinds import KIND_LABELS
from crm.partners.models import organisation_tags
from crm.permissions import has_permission, requires
from crm.stakeholders.queries import current_stances
from crm.timeline.context import timeline_context

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _load(organisation_id: int):
    return found_or_404(queries.get_organisation(organisation_id))


def _duplicate_rows(found) -> list[dict]:
    return [
        {
            "id": o.id,
            "label": str(o),
            "url": url_for(".detail", organisation_id=o.id),
            "archived": o.is_archived,
        }
        for o in found
    ]


def _form(**kwargs) -> OrganisationForm:
    form = OrganisationForm(**kwargs)
    form.owner_id.choices = owner_choices(active_users())
    form.province_id.choices = province_choices(queries.provinces())
    return form


@bp.get("/")
@requires("registry.read")
def index():
    filters = organisation_filters(request.args)
    page = paginate(queries.organisations_query(filters), page_number(request.args))
    return render_template(
        "organisations/index.html",
        page=page,
        filters=filters,
        kinds=KIND_LABELS,
        tags=queries.tags_in_use(organisation_tags),
        coalitions=coalition_choices(),
        provinces=queries.provinces(),
    )


@bp.get("/<int:organisation_id>")
@requires("registry.read")
def detail(organisation_id: int):
    org = _load(organisation_id)
    if org.merged_into_id:  # merged into another organisation (crm/merging): the old address leads there
        return redirect(url_for(".detail", organisation_id=org.merged_into_id), code=301)
    return render_template(
        "organisations/detail.html",
        org=org,
        children=queries.child_organisations(org.id),
        affiliations=queries.organisation_affiliations(org.id),
        memberships=memberships_of_organisation(org.id),
        history=recent_history("organisation", org.id),
        confirm_form=ConfirmForm(),
        logo=org.logo,
        # Positions are opinions about people: read only for those who may (one statement).
        stances=current_stances("organisation", org.id) if has_permission(current_user, "positions.read") else None,
        # A committee the Tweede Kamer keeps: its next activities (one statement; none for other organisations).
        parliament_activities=upcoming_for_committee(org),
        **timeline_context("organisation", org.id, with_summary=True),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("registry.write")
def create():
    form = _form()
    duplicates = []
    if request.method == "GET":
        form.owner_id.data = current_user.id
        parent_id = int_or_none(request.args.get("parent"))
        parent = queries.get_organisation(parent_id) if parent_id else None
        if parent is not None:
            form.parent_name.data, form.parent_id.data = parent.name, parent.id
    if form.validate_on_submit():
        if not form.confirm_not_duplicate.data:
            duplicates = _duplicate_rows(queries.similar_organisations(form.name.data))
        if not duplicates:
            try:
                org = services.create_organisation(form.to_input())
                db.session.commit()
                flash(_("Organisation %(name)s created.", name=org.name), "success")
                return redirect(url_for(".detail", organisation_id=org.id))
            except ServiceError as error:
                db.session.rollback()
                error.attach_to(form)
    status = 422 if duplicates else form_status(form)
    return render_template("organisations/form.html", form=form, org=None, duplicates=duplicates), status


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@requires("registry.write")
def edit(organisation_id: int):
    org = _load(organisation_id)
    services.check_may_edit(current_user, org)
    form = _form()
    if request.method == "GET":
        form.fill_from(org)
    elif form.validate_on_submit():
        try:
            services.update_organisation(org, form.to_input(), form.submitted_version(), actor=current_user)
            db.session.commit()
            flash(_("Changes to %(name)s saved.", name=org.name), "success")
            return redirect(url_for(".detail", organisation_id=org.id))
        except ConflictError:
            db.session.rollback()
            return _conflict(form, organisation_id)
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template("organisations/form.html", form=form, org=org, duplicates=[]), form_status(form)


def _conflict(form: OrganisationForm, organisation_id: int):
    current = _load(organisation_id)
    rows = prepare_conflict(form, _form(formdata=None), current)
    rows = rows
    return render_template("organisations/form.html", form=form, org=current, duplicates=[], conflict=rows), 409


@bp.route("/<int:organisation_id>/archive", methods=["GET", "POST"])
@requires("registry.write")
def archive(organisation_id: int):
    org = _load(organisation_id)
    services.check_may_archive(current_user, org)
    return archive_view(
        org,
        name=org.name,
        detail_url=url_for(".detail", organisation_id=org.id),
        message=_(
            "The organisation disappears from lists and pickers. Its history and links are kept; "
            "it stays findable under “Archived” and you can restore it at any time."
        ),
    )


@bp.post("/<int:organisation_id>/restore")
@requires("registry.write")
def restore(organisation_id: int):
    org = _load(organisation_id)
    services.check_may_archive(current_user, org)
    return restore_view(org, name=org.name, detail_url=url_for(".detail", organisation_id=org.id))


@bp.get("/<int:organisation_id>/history")
@requires("registry.read")
def history(organisation_id: int):
    org = _load(organisation_id)
    return history_view(org, "organisation", url_for(".detail", organisation_id=org.id))


@bp.get("/lookup")
@requires("registry.read")
def lookup():
    kinds = tuple(k for k in request.args.getlist("kind") if k in {str(k) for k in KIND_LABELS})
    found = queries.lookup_organisations(request.args.get("q", "")[:100], kinds=kinds)
    return jsonify([{"id": o.id, "name": o.name, "label": str(o), "hint": o.kind_label} for o in found])


@bp.get("/similar")
@requires("registry.read")
def similar():
    exclude = request.args.get("exclude", "")
    found = queries.similar_organisations(request.args.get("name", "")[:200], exclude_id=int_or_none(exclude))
    rows = _duplicate_rows(found)
    if exclude.isdigit() and has_permission(current_user, "registry.merge"):  # editing one: offer to merge
        for row in rows:
            row["merge_url"] = url_for("merge.compare_organisations", a=int(exclude), b=row["id"])
    return jsonify(rows)

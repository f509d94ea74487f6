"""Coalition pages: list, detail with members, create, edit, members, archive/restore, history (the skeleton:
crm/common/views_records.py)."""

from __future__ import annotations

from operator import attrgetter

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.coalitions import queries, services
from crm.coalitions.forms import CoalitionForm, MemberEditForm, MemberForm, coalition_filters
from crm.common.errors import ServiceError
from crm.common.forms import select_choices
from crm.common.views_records import RecordPages, form_template, locked_edit, removal_view
from crm.extensions import db
from crm.permissions import requires

bp = Blueprint("coalitions", __name__, url_prefix="/coalitions")


def _form(coalition=None, **kwargs) -> CoalitionForm:
    form = CoalitionForm(**kwargs)
    linked = [d.id for d in coalition.dossiers] if coalition else []
    form.dossier_ids.choices = select_choices((d.id, d.title) for d in queries.dossier_choices(include=linked))
    return form


ARCHIVING = _l(
    "The coalition disappears from lists and pickers. Members, dossiers and history are kept; "
    "you can restore it at any time."
)
pages = RecordPages(bp, "coalition", queries.get_coalition, _form, attrgetter("name"), "coalitions/", services)
pages.add_form_routes(
    lambda form: services.create_coalition(form.to_input()),
    lambda coalition: _("Coalition %(name)s created. Add its members below.", name=coalition.name),
    services.update_coalition,
)
pages.add_archive_routes(ARCHIVING)
_load = pages.load


@bp.get("/")
@requires("registry.read")
def index():
    filters = coalition_filters(request.args)
    page = pages.page_of(queries.coalitions_query(filters))
    return pages.list_page(
        filters,
        page,
        counts=queries.member_counts([c.id for c in page.items]),
        dossiers=queries.dossier_choices(),
    )


@bp.get("/<int:coalition_id>")
@requires("registry.read")
def detail(coalition_id: int):
    return pages.detail(_load(coalition_id), member_form=MemberForm(formdata=None))


@bp.post("/<int:coalition_id>/members")
@requires("registry.write")
def add_member(coalition_id: int):
    coalition = pages.editable(coalition_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = services.add_member(coalition, form.to_input(), actor=current_user)
            db.session.commit()
            flash(
                _("%(name)s added as %(role)s.", name=member.organisation.name, role=member.role_label),
                "success",
            )
            return redirect(url_for(".detail", coalition_id=coalition.id) + "#members")
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return pages.detail(coalition, member_form=form), 422


def _editable_member(coalition_id: int, member_id: int):
    """The coalition and its member, for a user who may change the coalition."""
    return pages.editable_part(coalition_id, queries.get_member, member_id, "coalition_id")


@bp.route("/<int:coalition_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
@requires("registry.write")
def edit_member(coalition_id: int, member_id: int):
    coalition, member = _editable_member(coalition_id, member_id)
    form = MemberEditForm()
    version = form.submitted_version
    return locked_edit(
        form,
        member,
        save=lambda: services.update_member(
            member, role=form.role.data, joined_on=form.joined_on.data, expected_version=version(), actor=current_user
        ),
        saved=lambda: (
            _("Membership of %(name)s saved.", name=member.organisation.name),
            url_for(".detail", coalition_id=coalition.id) + "#members",
        ),
        reload=lambda: _editable_member(coalition_id, member_id)[1],
        page=form_template("coalitions/member_form.html", form, "member", coalition=coalition),
    )


@bp.route("/<int:coalition_id>/members/<int:member_id>/remove", methods=["GET", "POST"])
@requires("registry.write")
def remove_member(coalition_id: int, member_id: int):
    coalition, member = _editable_member(coalition_id, member_id)
    names = {"name": member.organisation.name, "coalition": coalition.name}
    return removal_view(
        lambda: services.remove_member(member, actor=current_user),
        removed=_("%(name)s is no longer a member of %(coalition)s.", **names),
        done_url=url_for(".detail", coalition_id=coalition.id) + "#members",
        cancel_url=url_for(".detail", coalition_id=coalition.id),
        title=_("Remove %(name)s from %(coalition)s?", **names),
        message=_("The membership ends; the coalition's history keeps a record of it."),
        confirm_label=_("Remove from coalition"),
    )

"""Coalition pages: list, detail with members, create, edit, members, archive/restore, history (the skeleton:
crm/common/views_records.py)."""

from __future__ import annotations

from operator import attrgetter

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.coalitions import queries, services
from crm.coalitions.forms import CoalitionForm, MemberEditForm, MemberForm, coalition_filters
from crm.common.errors import ServiceError
from crm.common.forms import select_choices
from crm.common.views_records import RecordPages, RecordParts
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
pages.add_list_route(
    coalition_filters,
    queries.coalitions_query,
    lambda filters, page: {
        "counts": queries.member_counts([c.id for c in page.items]),
        "dossiers": queries.dossier_choices(),
    },
)
pages.add_detail_route(lambda coalition: {"member_form": MemberForm(formdata=None)})


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


def _removal_texts(coalition, member) -> dict[str, str]:
    names = {"name": member.organisation.name, "coalition": coalition.name}
    return {
        "removed": _("%(name)s is no longer a member of %(coalition)s.", **names),
        "title": _("Remove %(name)s from %(coalition)s?", **names),
        "message": _("The membership ends; the coalition's history keeps a record of it."),
        "confirm_label": _("Remove from coalition"),
    }


members = RecordParts(
    pages, "member", "members", queries.get_member, "coalition_id", "coalitions/member_form.html", anchor="#members"
)
members.add_edit_route(
    MemberEditForm,
    lambda member, form: services.update_member(
        member,
        role=form.role.data,
        joined_on=form.joined_on.data,
        expected_version=form.submitted_version(),
        actor=current_user,
    ),
    lambda coalition, member: _("Membership of %(name)s saved.", name=member.organisation.name),
)
members.add_remove_route(lambda member: services.remove_member(member, actor=current_user), _removal_texts)

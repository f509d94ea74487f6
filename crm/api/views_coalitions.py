"""API writes of coalitions (with members) and dossiers, through the web forms' validation and the services' rules.
(Their lists and records: views_registry.py.)"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint

from crm.api import schemas
from crm.api.resources import FormInput, add_create, add_detail, add_record_writes, add_removal, add_update
from crm.coalitions import queries, services
from crm.coalitions.forms import CoalitionForm, DossierForm, MemberEditForm, MemberForm
from crm.common.forms import select_choices

blp = Blueprint("api_coalitions", __name__, url_prefix="/api/v1", description="Coalitions and dossiers: writes")


def _coalition_setup(form) -> None:
    form.dossier_ids.choices = select_choices((d.id, d.title) for d in queries.dossier_choices())


def _dossier_setup(form) -> None:
    choices = queries.coalition_choices(include_archived=False)
    form.coalition_ids.choices = select_choices((c.id, c.name) for c in choices)


def _member(coalition_id: int, member_id: int):
    """A member of this coalition (404 for another coalition's)."""
    member = queries.get_member(member_id)
    return member if member is not None and member.coalition_id == coalition_id else None


def _check_coalition_of(actor, member) -> None:
    services.check_may_edit(actor, member.coalition)


COALITION = FormInput(CoalitionForm, _coalition_setup)
DOSSIER = FormInput(DossierForm, _dossier_setup)
# A member's organisation is chosen by id: the picker's typed name only has to be there.
MEMBER = FormInput(MemberForm, renames={"organisation_name": "organisation_id"},
                   values=lambda body: {**body, "organisation_name": "-"})  # fmt: skip
MEMBER_EDIT = FormInput(MemberEditForm)

# --- coalitions and their members ------------------------------------------------------------------------------

COALITION_URL = "/coalitions/<int:coalition_id>"
MEMBER_URL = f"{COALITION_URL}/members/<int:member_id>"
add_record_writes(blp, "/coalitions", name="coalition", body=schemas.CoalitionInput, patch=schemas.CoalitionPatch,
                  schema=schemas.CoalitionSchema, form=COALITION, load=queries.get_coalition,
                  create=services.create_coalition, update=services.update_coalition,
                  check_edit=services.check_may_edit, check_archive=services.check_may_archive)  # fmt: skip
add_create(blp, f"{COALITION_URL}/members", endpoint="add_member", body=schemas.MemberInput,
           schema=schemas.MemberSchema, form=MEMBER, parent=queries.get_coalition, check=services.check_may_edit,
           create=lambda coalition, form: services.add_member(coalition, form.to_input(), actor=current_user),
           location=lambda m: url_for(".member", coalition_id=m.coalition_id, member_id=m.id))  # fmt: skip
add_detail(blp, MEMBER_URL, endpoint="member", permission="registry.read", schema=schemas.MemberSchema,
           load=_member)  # fmt: skip
add_update(blp, MEMBER_URL, endpoint="update_member", body=schemas.MemberPatch(partial=True),
           schema=schemas.MemberSchema, form=MEMBER_EDIT, load=_member, check=_check_coalition_of,
           update=lambda member, form, version: services.update_member(
               member, role=form.role.data, joined_on=form.joined_on.data, expected_version=version,
               actor=current_user),
           doc="Change a member's role or date of joining (the web page's form), while the coalition is not "
               "archived.")  # fmt: skip
add_removal(blp, MEMBER_URL, endpoint="remove_member", load=_member, check=_check_coalition_of,
            remove=lambda member: services.remove_member(member, actor=current_user),
            doc="End a membership; the coalition's history keeps a record of it.")  # fmt: skip

# --- dossiers --------------------------------------------------------------------------------------------------

add_record_writes(blp, "/dossiers", name="dossier", body=schemas.DossierInput, patch=schemas.DossierPatch,
                  schema=schemas.DossierSchema, form=DOSSIER, load=queries.get_dossier,
                  create=services.create_dossier, update=services.update_dossier,
                  check_edit=services.check_may_edit, check_archive=services.check_may_archive)  # fmt: skip

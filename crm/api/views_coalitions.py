"""API writes of coalitions (with members) and dossiers, through the web forms' validation and the services' rules.
(Their lists and records: views_registry.py.)"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint

from crm.api import schemas
from crm.api.resources import FormInput, add_archiving, add_create, add_detail, add_removal, add_update
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
add_create(blp, "/coalitions", endpoint="create_coalition", body=schemas.CoalitionInput, schema=schemas.CoalitionSchema,
           form=COALITION, create=lambda form: services.create_coalition(form.to_input()),
           location=lambda coalition: url_for("api_registry.coalition", coalition_id=coalition.id))  # fmt: skip
add_update(blp, COALITION_URL, endpoint="update_coalition", body=schemas.CoalitionPatch(partial=True),
           schema=schemas.CoalitionSchema, form=COALITION, load=queries.get_coalition, check=services.check_may_edit,
           update=lambda coalition, form, version: services.update_coalition(coalition, form.to_input(), version,
                                                                             actor=current_user))  # fmt: skip
add_archiving(blp, COALITION_URL, name="coalition", schema=schemas.CoalitionSchema, load=queries.get_coalition,
              check=services.check_may_archive)  # fmt: skip
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

DOSSIER_URL = "/dossiers/<int:dossier_id>"
add_create(blp, "/dossiers", endpoint="create_dossier", body=schemas.DossierInput, schema=schemas.DossierSchema,
           form=DOSSIER, create=lambda form: services.create_dossier(form.to_input()),
           location=lambda dossier: url_for("api_registry.dossier", dossier_id=dossier.id))  # fmt: skip
add_update(blp, DOSSIER_URL, endpoint="update_dossier", body=schemas.DossierPatch(partial=True),
           schema=schemas.DossierSchema, form=DOSSIER, load=queries.get_dossier, check=services.check_may_edit,
           update=lambda dossier, form, version: services.update_dossier(dossier, form.to_input(), version,
                                                                         actor=current_user))  # fmt: skip
add_archiving(blp, DOSSIER_URL, name="dossier", schema=schemas.DossierSchema, load=queries.get_dossier,
              check=services.check_may_archive)  # fmt: skip

"""API writes of coalitions (with members) and dossiers, through the web forms' validation and the services' rules.
(Their lists and records: views_registry.py.)"""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint

from crm.api import schemas
from crm.api.resources import FormInput, add_part_records, add_record_writes
from crm.coalitions import queries, services
from crm.coalitions.forms import CoalitionForm, DossierForm, MemberEditForm, MemberForm
from crm.common.forms import select_choices

blp = Blueprint("api_coalitions", __name__, url_prefix="/api/v1", description="Coalitions and dossiers: writes")


def _coalition_setup(form) -> None:
    form.dossier_ids.choices = select_choices((d.id, d.title) for d in queries.dossier_choices())


def _dossier_setup(form) -> None:
    choices = queries.coalition_choices(include_archived=False)
    form.coalition_ids.choices = select_choices((c.id, c.name) for c in choices)


COALITION = FormInput(CoalitionForm, _coalition_setup)
DOSSIER = FormInput(DossierForm, _dossier_setup)
# A member's organisation is chosen by id: the picker's typed name only has to be there.
MEMBER = FormInput(MemberForm, renames={"organisation_name": "organisation_id"},
                   values=lambda body: {**body, "organisation_name": "-"})  # fmt: skip
MEMBER_EDIT = FormInput(MemberEditForm)

# --- coalitions and their members ------------------------------------------------------------------------------

COALITION_URL = "/coalitions/<int:coalition_id>"
add_record_writes(blp, "/coalitions", name="coalition", body=schemas.CoalitionInput, patch=schemas.CoalitionPatch,
                  schema=schemas.CoalitionSchema, form=COALITION, load=queries.get_coalition,
                  create=services.create_coalition, update=services.update_coalition,
                  check_edit=services.check_may_edit, check_archive=services.check_may_archive)  # fmt: skip
add_part_records(blp, COALITION_URL, "members", name="member", part_id="member_id", parent="coalition",
                 body=schemas.MemberInput, patch=schemas.MemberPatch, schema=schemas.MemberSchema, form=MEMBER,
                 edit_form=MEMBER_EDIT, load_parent=queries.get_coalition, load=queries.get_member,
                 check=services.check_may_edit,
                 create=lambda coalition, form: services.add_member(coalition, form.to_input(), actor=current_user),
                 update=lambda member, form, version: services.update_member(
                     member, role=form.role.data, joined_on=form.joined_on.data, expected_version=version,
                     actor=current_user),
                 remove=lambda member: services.remove_member(member, actor=current_user),
                 update_doc="Change a member's role or date of joining (the web page's form), while the coalition "
                            "is not archived.",
                 remove_doc="End a membership; the coalition's history keeps a record of it.")  # fmt: skip

# --- dossiers --------------------------------------------------------------------------------------------------

add_record_writes(blp, "/dossiers", name="dossier", body=schemas.DossierInput, patch=schemas.DossierPatch,
                  schema=schemas.DossierSchema, form=DOSSIER, load=queries.get_dossier,
                  create=services.create_dossier, update=services.update_dossier,
                  check_edit=services.check_may_edit, check_archive=services.check_may_archive)  # fmt: skip

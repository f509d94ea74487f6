"""API writes of coalitions (with members) and dossiers, through the web forms' validation and the services' rules."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint

from crm.api import schemas
from crm.api.resources import add_archiving, add_detail, found, save_patch, saving
from crm.api.writes import expected_version, idempotent_create, validated_form
from crm.coalitions import queries, services
from crm.coalitions.forms import CoalitionForm, DossierForm, MemberEditForm, MemberForm
from crm.common.forms import select_choices
from crm.extensions import db
from crm.permissions import requires

blp = Blueprint("api_coalitions", __name__, url_prefix="/api/v1", description="Coalitions and dossiers: writes")

MEMBER_RENAMES = {"organisation_name": "organisation_id"}


def _coalition_setup(form) -> None:
    form.dossier_ids.choices = select_choices((d.id, d.title) for d in queries.dossier_choices())


def _dossier_setup(form) -> None:
    choices = queries.coalition_choices(include_archived=False)
    form.coalition_ids.choices = select_choices((c.id, c.name) for c in choices)


@blp.post("/coalitions")
@requires("registry.write")
@blp.arguments(schemas.CoalitionInput)
@blp.response(201, schemas.CoalitionSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_coalition(body: dict[str, Any]):
    def make():
        form = validated_form(CoalitionForm, body, setup=_coalition_setup)
        coalition = saving(lambda: services.create_coalition(form.to_input()))
        url = url_for("api_registry.coalition", coalition_id=coalition.id)
        return schemas.CoalitionSchema().dump(coalition), url, coalition

    return idempotent_create(make)


@blp.patch("/coalitions/<int:coalition_id>")
@requires("registry.write")
@blp.arguments(schemas.CoalitionPatch(partial=True))
@blp.response(200, schemas.CoalitionSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_coalition(body: dict[str, Any], coalition_id: int):
    coalition = found(queries.get_coalition(coalition_id))
    return save_patch(coalition, body, form_class=CoalitionForm, setup=_coalition_setup, check=services.check_may_edit,
                      save=lambda form, version: services.update_coalition(coalition, form.to_input(), version,
                                                                           actor=current_user))  # fmt: skip


add_archiving(blp, "/coalitions/<int:coalition_id>", name="coalition", schema=schemas.CoalitionSchema,
              load=queries.get_coalition, check=services.check_may_archive)  # fmt: skip


@blp.post("/coalitions/<int:coalition_id>/members")
@requires("registry.write")
@blp.arguments(schemas.MemberInput)
@blp.response(201, schemas.MemberSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def add_member(body: dict[str, Any], coalition_id: int):
    coalition = found(queries.get_coalition(coalition_id))
    services.check_may_edit(current_user, coalition)

    def make():
        form = validated_form(MemberForm, {**body, "organisation_name": "-"}, renames=MEMBER_RENAMES)
        member = saving(lambda: services.add_member(coalition, form.to_input(), actor=current_user), MEMBER_RENAMES)
        url = url_for(".member", coalition_id=coalition.id, member_id=member.id)
        return schemas.MemberSchema().dump(member), url, member

    return idempotent_create(make)


def _member(coalition_id: int, member_id: int):
    """A member of this coalition (404 for another coalition's)."""
    member = queries.get_member(member_id)
    return member if member is not None and member.coalition_id == coalition_id else None


add_detail(blp, "/coalitions/<int:coalition_id>/members/<int:member_id>", endpoint="member",
           permission="registry.read", schema=schemas.MemberSchema, load=_member)  # fmt: skip


@blp.patch("/coalitions/<int:coalition_id>/members/<int:member_id>")
@requires("registry.write")
@blp.arguments(schemas.MemberPatch(partial=True))
@blp.response(200, schemas.MemberSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_member(body: dict[str, Any], coalition_id: int, member_id: int):
    """Change a member's role or date of joining (the web page's form), while the coalition is not archived."""
    member = found(_member(coalition_id, member_id))
    return save_patch(member, body, form_class=MemberEditForm,
                      check=lambda actor, m: services.check_may_edit(actor, m.coalition),
                      save=lambda form, version: services.update_member(
                          member, role=form.role.data, joined_on=form.joined_on.data, expected_version=version,
                          actor=current_user))  # fmt: skip


@blp.delete("/coalitions/<int:coalition_id>/members/<int:member_id>")
@requires("registry.write")
@blp.response(204)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def remove_member(coalition_id: int, member_id: int):
    """End a membership; the coalition's history keeps a record of it."""
    member = found(_member(coalition_id, member_id))
    services.check_may_edit(current_user, member.coalition)
    expected_version(member)
    saving(lambda: services.remove_member(member, actor=current_user))
    db.session.commit()
    return "", 204


@blp.post("/dossiers")
@requires("registry.write")
@blp.arguments(schemas.DossierInput)
@blp.response(201, schemas.DossierSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_dossier(body: dict[str, Any]):
    def make():
        form = validated_form(DossierForm, body, setup=_dossier_setup)
        dossier = saving(lambda: services.create_dossier(form.to_input()))
        return schemas.DossierSchema().dump(dossier), url_for("api_registry.dossier", dossier_id=dossier.id), dossier

    return idempotent_create(make)


@blp.patch("/dossiers/<int:dossier_id>")
@requires("registry.write")
@blp.arguments(schemas.DossierPatch(partial=True))
@blp.response(200, schemas.DossierSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_dossier(body: dict[str, Any], dossier_id: int):
    dossier = found(queries.get_dossier(dossier_id))
    return save_patch(dossier, body, form_class=DossierForm, setup=_dossier_setup, check=services.check_may_edit,
                      save=lambda form, version: services.update_dossier(dossier, form.to_input(), version,
                                                                         actor=current_user))  # fmt: skip


add_archiving(blp, "/dossiers/<int:dossier_id>", name="dossier", schema=schemas.DossierSchema,
              load=queries.get_dossier, check=services.check_may_archive)  # fmt: skip

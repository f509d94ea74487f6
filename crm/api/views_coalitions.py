"""API writes of coalitions (with members) and dossiers, through the web forms' validation and the services' rules."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint

from crm.api import schemas
from crm.api.views_registry import _current_values, _etag_headers, _found, _write
from crm.api.writes import expected_version, idempotent_create, validated_form
from crm.coalitions import queries, services
from crm.coalitions.forms import CoalitionForm, DossierForm, MemberForm
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
        coalition = _write(lambda: services.create_coalition(form.to_input()), {})
        return (
            schemas.CoalitionSchema().dump(coalition),
            url_for("api_registry.coalition", coalition_id=coalition.id),
            coalition,
        )

    return idempotent_create(make)


@blp.patch("/coalitions/<int:coalition_id>")
@requires("registry.write")
@blp.arguments(schemas.CoalitionPatch(partial=True))
@blp.response(200, schemas.CoalitionSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_coalition(body: dict[str, Any], coalition_id: int):
    coalition = _found(queries.get_coalition(coalition_id))
    services.check_may_edit(current_user, coalition)
    version = expected_version(coalition)
    values = {**_current_values(CoalitionForm, coalition, _coalition_setup), **body}
    form = validated_form(CoalitionForm, values, setup=_coalition_setup)
    _write(lambda: services.update_coalition(coalition, form.to_input(), version, actor=current_user), {})
    db.session.commit()
    return coalition, 200, _etag_headers(coalition)


@blp.post("/coalitions/<int:coalition_id>/members")
@requires("registry.write")
@blp.arguments(schemas.MemberInput)
@blp.response(201, schemas.MemberSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def add_member(body: dict[str, Any], coalition_id: int):
    coalition = _found(queries.get_coalition(coalition_id))
    services.check_may_edit(current_user, coalition)

    def make():
        form = validated_form(MemberForm, {**body, "organisation_name": "-"}, renames=MEMBER_RENAMES)
        member = _write(lambda: services.add_member(coalition, form.to_input(), actor=current_user), MEMBER_RENAMES)
        return schemas.MemberSchema().dump(member), url_for("api_registry.coalition", coalition_id=coalition.id), member

    return idempotent_create(make)


@blp.post("/dossiers")
@requires("registry.write")
@blp.arguments(schemas.DossierInput)
@blp.response(201, schemas.DossierSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_dossier(body: dict[str, Any]):
    def make():
        form = validated_form(DossierForm, body, setup=_dossier_setup)
        dossier = _write(lambda: services.create_dossier(form.to_input()), {})
        return schemas.DossierSchema().dump(dossier), url_for("api_registry.dossier", dossier_id=dossier.id), dossier

    return idempotent_create(make)


@blp.patch("/dossiers/<int:dossier_id>")
@requires("registry.write")
@blp.arguments(schemas.DossierPatch(partial=True))
@blp.response(200, schemas.DossierSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_dossier(body: dict[str, Any], dossier_id: int):
    dossier = _found(queries.get_dossier(dossier_id))
    services.check_may_edit(current_user, dossier)
    version = expected_version(dossier)
    values = {**_current_values(DossierForm, dossier, _dossier_setup), **body}
    form = validated_form(DossierForm, values, setup=_dossier_setup)
    _write(lambda: services.update_dossier(dossier, form.to_input(), version, actor=current_user), {})
    db.session.commit()
    return dossier, 200, _etag_headers(dossier)

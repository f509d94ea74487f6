"""API: organisations, people (with positions), coalitions (with members), dossiers and tags."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from crm.api import schemas
from crm.api.paging import page
from crm.api.problems import ApiProblem
from crm.api.writes import expected_version, idempotent_create, service_problem, validated_form
from crm.auth.queries import active_users
from crm.coalitions import queries as coalition_queries
from crm.coalitions.forms import coalition_filters, dossier_filters
from crm.coalitions.models import Coalition, Dossier
from crm.common.errors import ServiceError
from crm.common.locking import ConflictError
from crm.extensions import db
from crm.partners import queries, services
from crm.partners.forms import (
    AffiliationForm,
    OrganisationForm,
    PersonForm,
    organisation_filters,
    owner_choices,
    people_filters,
    province_choices,
)
from crm.partners.models import Organisation, Person, Tag
from crm.permissions import requires

blp = Blueprint("api_registry", __name__, url_prefix="/api/v1", description="The partner registry")

WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 422, 428, 429)


def _found(record: Any) -> Any:
    if record is None:
        raise ApiProblem(404, _l("Not found"), _l("There is no record with this id."))
    return record


def _setup_registry_form(form) -> None:
    form.owner_id.choices = owner_choices(active_users())
    if hasattr(form, "province_id"):
        form.province_id.choices = province_choices(queries.provinces())


def _current_values(form_class: type, record: Any, setup=_setup_registry_form) -> dict[str, Any]:
    """What the web form shows for this record: a PATCH changes only the fields it sends."""
    form = form_class(formdata=None, meta={"csrf": False})
    setup(form)
    form.fill_from(record)
    return {field.name: field.data for field in form if field.name not in ("form_token", "csrf_token")}


def _form_values(body: dict[str, Any], pickers: dict[str, str]) -> dict[str, Any]:
    """The API's fields as the web form names them: a picker's id (`parent_id`) goes with an empty name."""
    values = dict(body)
    if "tags" in values:
        values["tags"] = ", ".join(values["tags"] or [])
    for id_field, name_field in pickers.items():
        if id_field in values:
            values[name_field] = ""
            values[id_field] = values[id_field] or ""
    for select_field in ("owner_id", "province_id"):
        if select_field in values and values[select_field] is None:
            values[select_field] = 0
    return values


def _write(action, renames: dict[str, str]):
    try:
        return action()
    except ConflictError:
        db.session.rollback()
        raise ApiProblem(
            412, _l("Conflict"), _l("Someone else changed this record in the meantime. Read it again.")
        ) from None
    except ServiceError as error:
        db.session.rollback()
        raise service_problem(error, renames) from None


def _etag_headers(record: Any) -> dict[str, str]:
    return {"ETag": f'"{record.version_id}"'}


# --- organisations ---------------------------------------------------------------------------------------------

ORG_PICKERS = {"parent_id": "parent_name"}
ORG_RENAMES = {"parent_name": "parent_id"}


@blp.get("/organisations")
@requires("registry.read")
@blp.arguments(schemas.OrganisationListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.page_schema(schemas.OrganisationSchema, "OrganisationPage"))
def organisations(sort: str, limit: int, cursor: str | None = None, **_filters):
    query = queries.organisations_query(organisation_filters(request.args))
    items, next_cursor = page(query, Organisation, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/organisations/<int:organisation_id>")
@requires("registry.read")
@blp.response(200, schemas.OrganisationSchema)
def organisation(organisation_id: int):
    org = _found(queries.get_organisation(organisation_id))
    return org, 200, _etag_headers(org)


@blp.post("/organisations")
@requires("registry.write")
@blp.arguments(schemas.OrganisationInput)
@blp.response(201, schemas.OrganisationSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_organisation(body: dict[str, Any]):
    def make():
        form = validated_form(OrganisationForm, _form_values(body, ORG_PICKERS), renames=ORG_RENAMES,
                              setup=_setup_registry_form)  # fmt: skip
        org = _write(lambda: services.create_organisation(form.to_input()), ORG_RENAMES)
        url = url_for(".organisation", organisation_id=org.id)
        return schemas.OrganisationSchema().dump(org), url, org

    return idempotent_create(make)


@blp.patch("/organisations/<int:organisation_id>")
@requires("registry.write")
@blp.arguments(schemas.OrganisationPatch(partial=True))
@blp.response(200, schemas.OrganisationSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_organisation(body: dict[str, Any], organisation_id: int):
    org = _found(queries.get_organisation(organisation_id))
    services.check_may_edit(current_user, org)
    version = expected_version(org)
    values = {**_current_values(OrganisationForm, org), **_form_values(body, ORG_PICKERS)}
    form = validated_form(OrganisationForm, values, renames=ORG_RENAMES, setup=_setup_registry_form)
    _write(lambda: services.update_organisation(org, form.to_input(), version, actor=current_user), ORG_RENAMES)
    db.session.commit()
    return org, 200, _etag_headers(org)


# --- people ----------------------------------------------------------------------------------------------------

PERSON_PICKERS = {"party_id": "party_name"}
PERSON_RENAMES = {"party_name": "party_id"}


@blp.get("/people")
@requires("registry.read")
@blp.arguments(schemas.PeopleListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.page_schema(schemas.PersonSchema, "PersonPage"))
def people(sort: str, limit: int, cursor: str | None = None, **_filters):
    query = queries.people_query(people_filters(request.args))
    items, next_cursor = page(query, Person, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/people/<int:person_id>")
@requires("registry.read")
@blp.response(200, schemas.PersonSchema)
def person(person_id: int):
    found = _found(queries.get_person(person_id))
    return found, 200, _etag_headers(found)


@blp.post("/people")
@requires("registry.write")
@blp.arguments(schemas.PersonInput)
@blp.response(201, schemas.PersonSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_person(body: dict[str, Any]):
    def make():
        form = validated_form(PersonForm, _form_values(body, PERSON_PICKERS), renames=PERSON_RENAMES,
                              setup=_setup_registry_form)  # fmt: skip
        created = _write(lambda: services.create_person(form.to_input()), PERSON_RENAMES)
        return schemas.PersonSchema().dump(created), url_for(".person", person_id=created.id), created

    return idempotent_create(make)


@blp.patch("/people/<int:person_id>")
@requires("registry.write")
@blp.arguments(schemas.PersonPatch(partial=True))
@blp.response(200, schemas.PersonSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_person(body: dict[str, Any], person_id: int):
    found = _found(queries.get_person(person_id))
    services.check_may_edit(current_user, found)
    version = expected_version(found)
    values = {**_current_values(PersonForm, found), **_form_values(body, PERSON_PICKERS)}
    form = validated_form(PersonForm, values, renames=PERSON_RENAMES, setup=_setup_registry_form)
    _write(lambda: services.update_person(found, form.to_input(), version, actor=current_user), PERSON_RENAMES)
    db.session.commit()
    return found, 200, _etag_headers(found)


@blp.post("/people/<int:person_id>/positions")
@requires("registry.write")
@blp.arguments(schemas.PositionInput)
@blp.response(201, schemas.PositionSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def add_position(body: dict[str, Any], person_id: int):
    found = _found(queries.get_person(person_id))
    services.check_may_edit(current_user, found)
    renames = {"organisation_name": "organisation_id"}

    def make():
        values = {**body, "organisation_name": "-"}  # the picker's typed name: the id decides
        form = validated_form(AffiliationForm, values, renames=renames)
        affiliation = _write(lambda: services.add_affiliation(found, form.to_input(), actor=current_user), renames)
        return schemas.PositionSchema().dump(affiliation), url_for(".person", person_id=found.id), affiliation

    return idempotent_create(make)


# --- coalitions, dossiers, tags --------------------------------------------------------------------------------


@blp.get("/coalitions")
@requires("registry.read")
@blp.arguments(schemas.ListArgs.from_dict({"dossier": schemas.Int()}, name="CoalitionListArgs"),
               location="query", as_kwargs=True)  # fmt: skip
@blp.response(200, schemas.page_schema(schemas.CoalitionSchema, "CoalitionPage"))
def coalitions(sort: str, limit: int, cursor: str | None = None, **_filters):
    query = coalition_queries.coalitions_query(coalition_filters(request.args))
    items, next_cursor = page(query, Coalition, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/coalitions/<int:coalition_id>")
@requires("registry.read")
@blp.response(200, schemas.CoalitionSchema)
def coalition(coalition_id: int):
    found = _found(coalition_queries.get_coalition(coalition_id))
    return found, 200, _etag_headers(found)


@blp.get("/dossiers")
@requires("registry.read")
@blp.arguments(schemas.ListArgs.from_dict({"coalition": schemas.Int(), "dossier_status": schemas.Str()},
                                          name="DossierListArgs"), location="query", as_kwargs=True)  # fmt: skip
@blp.response(200, schemas.page_schema(schemas.DossierSchema, "DossierPage"))
def dossiers(sort: str, limit: int, cursor: str | None = None, **_filters):
    query = coalition_queries.dossiers_query(dossier_filters(request.args))
    items, next_cursor = page(query, Dossier, sort=sort, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@blp.get("/dossiers/<int:dossier_id>")
@requires("registry.read")
@blp.response(200, schemas.DossierSchema)
def dossier(dossier_id: int):
    found = _found(coalition_queries.get_dossier(dossier_id))
    return found, 200, _etag_headers(found)


@blp.get("/tags")
@requires("registry.read")
@blp.response(200, schemas.TagSchema(many=True))
def tags():
    return list(db.session.scalars(select(Tag).order_by(Tag.key).limit(1000)))

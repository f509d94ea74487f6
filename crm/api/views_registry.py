"""API: organisations, people (with positions), coalitions and dossiers (reads), and tags."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from crm.api import schemas
from crm.api.resources import add_archiving, add_detail, add_list, found, save_patch, saving
from crm.api.writes import expected_version, idempotent_create, validated_form
from crm.auth.queries import active_users
from crm.coalitions import queries as coalition_queries
from crm.coalitions.forms import coalition_filters, dossier_filters
from crm.coalitions.models import Coalition, Dossier
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

ORG_PICKERS = {"parent_id": "parent_name"}
ORG_RENAMES = {"parent_name": "parent_id"}
PERSON_PICKERS = {"party_id": "party_name"}
PERSON_RENAMES = {"party_name": "party_id"}
POSITION_RENAMES = {"organisation_name": "organisation_id"}


def _setup_registry_form(form) -> None:
    form.owner_id.choices = owner_choices(active_users())
    if hasattr(form, "province_id"):
        form.province_id.choices = province_choices(queries.provinces())


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


# --- organisations ---------------------------------------------------------------------------------------------

add_list(blp, "/organisations", endpoint="organisations", permission="registry.read",
         args=schemas.OrganisationListArgs, schema=schemas.OrganisationSchema, page_name="OrganisationPage",
         model=Organisation,
         query=lambda args, **_: queries.organisations_query(organisation_filters(args)))  # fmt: skip
add_detail(blp, "/organisations/<int:organisation_id>", endpoint="organisation", permission="registry.read",
           schema=schemas.OrganisationSchema, load=queries.get_organisation)  # fmt: skip


@blp.post("/organisations")
@requires("registry.write")
@blp.arguments(schemas.OrganisationInput)
@blp.response(201, schemas.OrganisationSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_organisation(body: dict[str, Any]):
    def make():
        form = validated_form(OrganisationForm, _form_values(body, ORG_PICKERS), renames=ORG_RENAMES,
                              setup=_setup_registry_form)  # fmt: skip
        org = saving(lambda: services.create_organisation(form.to_input()), ORG_RENAMES)
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
    org = found(queries.get_organisation(organisation_id))
    return save_patch(org, _form_values(body, ORG_PICKERS), form_class=OrganisationForm, setup=_setup_registry_form,
                      check=services.check_may_edit, renames=ORG_RENAMES,
                      save=lambda form, version: services.update_organisation(org, form.to_input(), version,
                                                                              actor=current_user))  # fmt: skip


add_archiving(blp, "/organisations/<int:organisation_id>", name="organisation", schema=schemas.OrganisationSchema,
              load=queries.get_organisation, check=services.check_may_archive)  # fmt: skip

# --- people ----------------------------------------------------------------------------------------------------

add_list(blp, "/people", endpoint="people", permission="registry.read", args=schemas.PeopleListArgs,
         schema=schemas.PersonSchema, page_name="PersonPage", model=Person,
         query=lambda args, **_: queries.people_query(people_filters(args)))  # fmt: skip
add_detail(blp, "/people/<int:person_id>", endpoint="person", permission="registry.read", schema=schemas.PersonSchema,
           load=queries.get_person)  # fmt: skip


@blp.post("/people")
@requires("registry.write")
@blp.arguments(schemas.PersonInput)
@blp.response(201, schemas.PersonSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def create_person(body: dict[str, Any]):
    def make():
        form = validated_form(PersonForm, _form_values(body, PERSON_PICKERS), renames=PERSON_RENAMES,
                              setup=_setup_registry_form)  # fmt: skip
        created = saving(lambda: services.create_person(form.to_input()), PERSON_RENAMES)
        return schemas.PersonSchema().dump(created), url_for(".person", person_id=created.id), created

    return idempotent_create(make)


@blp.patch("/people/<int:person_id>")
@requires("registry.write")
@blp.arguments(schemas.PersonPatch(partial=True))
@blp.response(200, schemas.PersonSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_person(body: dict[str, Any], person_id: int):
    person = found(queries.get_person(person_id))
    return save_patch(person, _form_values(body, PERSON_PICKERS), form_class=PersonForm, setup=_setup_registry_form,
                      check=services.check_may_edit, renames=PERSON_RENAMES,
                      save=lambda form, version: services.update_person(person, form.to_input(), version,
                                                                        actor=current_user))  # fmt: skip


add_archiving(blp, "/people/<int:person_id>", name="person", schema=schemas.PersonSchema, load=queries.get_person,
              check=services.check_may_archive)  # fmt: skip


@blp.post("/people/<int:person_id>/positions")
@requires("registry.write")
@blp.arguments(schemas.PositionInput)
@blp.response(201, schemas.PositionSchema)
@blp.alt_response(422, description="The data is not valid: the web form's messages per field")
def add_position(body: dict[str, Any], person_id: int):
    person = found(queries.get_person(person_id))
    services.check_may_edit(current_user, person)

    def make():
        values = {**body, "organisation_name": "-"}  # the picker's typed name: the id decides
        form = validated_form(AffiliationForm, values, renames=POSITION_RENAMES)
        affiliation = saving(lambda: services.add_affiliation(person, form.to_input(), actor=current_user),
                             POSITION_RENAMES)  # fmt: skip
        url = url_for(".position", person_id=person.id, affiliation_id=affiliation.id)
        return schemas.PositionSchema().dump(affiliation), url, affiliation

    return idempotent_create(make)


def _position(person_id: int, affiliation_id: int):
    """A position of this person (404 for another person's)."""
    affiliation = queries.get_affiliation(affiliation_id)
    return affiliation if affiliation is not None and affiliation.person_id == person_id else None


add_detail(blp, "/people/<int:person_id>/positions/<int:affiliation_id>", endpoint="position",
           permission="registry.read", schema=schemas.PositionSchema, load=_position)  # fmt: skip


@blp.patch("/people/<int:person_id>/positions/<int:affiliation_id>")
@requires("registry.write")
@blp.arguments(schemas.PositionPatch(partial=True))
@blp.response(200, schemas.PositionSchema)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def update_position(body: dict[str, Any], person_id: int, affiliation_id: int):
    """Change a position (the web page's form): an editor, while the person is not archived."""
    affiliation = found(_position(person_id, affiliation_id))
    values = {**body, "organisation_name": "-"} if "organisation_id" in body else body
    return save_patch(affiliation, values, form_class=AffiliationForm, renames=POSITION_RENAMES,
                      check=lambda actor, a: services.check_may_edit(actor, a.person),
                      save=lambda form, version: services.update_affiliation(affiliation, form.to_input(), version,
                                                                             actor=current_user))  # fmt: skip


@blp.delete("/people/<int:person_id>/positions/<int:affiliation_id>")
@requires("registry.write")
@blp.response(204)
@blp.alt_response(412, description="Someone changed the record since your ETag")
@blp.alt_response(428, description="Send If-Match")
def remove_position(person_id: int, affiliation_id: int):
    """Remove a position entered by mistake (one that ended gets an `end_date` instead)."""
    affiliation = found(_position(person_id, affiliation_id))
    services.check_may_edit(current_user, affiliation.person)
    expected_version(affiliation)
    saving(lambda: services.remove_affiliation(affiliation, actor=current_user))
    db.session.commit()
    return "", 204


# --- coalitions, dossiers (their writes: views_coalitions.py), tags ---------------------------------------------

add_list(blp, "/coalitions", endpoint="coalitions", permission="registry.read",
         args=schemas.ListArgs.from_dict({"dossier": schemas.Int()}, name="CoalitionListArgs"),
         schema=schemas.CoalitionSchema, page_name="CoalitionPage", model=Coalition,
         query=lambda args, **_: coalition_queries.coalitions_query(coalition_filters(args)))  # fmt: skip
add_detail(blp, "/coalitions/<int:coalition_id>", endpoint="coalition", permission="registry.read",
           schema=schemas.CoalitionSchema, load=coalition_queries.get_coalition)  # fmt: skip
add_list(blp, "/dossiers", endpoint="dossiers", permission="registry.read",
         args=schemas.ListArgs.from_dict({"coalition": schemas.Int(), "dossier_status": schemas.Str()},
                                         name="DossierListArgs"),
         schema=schemas.DossierSchema, page_name="DossierPage", model=Dossier,
         query=lambda args, **_: coalition_queries.dossiers_query(dossier_filters(args)))  # fmt: skip
add_detail(blp, "/dossiers/<int:dossier_id>", endpoint="dossier", permission="registry.read",
           schema=schemas.DossierSchema, load=coalition_queries.get_dossier)  # fmt: skip


@blp.get("/tags")
@requires("registry.read")
@blp.response(200, schemas.TagSchema(many=True))
def tags():
    return list(db.session.scalars(select(Tag).order_by(Tag.key).limit(1000)))

"""API: organisations, people (with positions), coalitions and dossiers (reads), and tags."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from crm.api import schemas
from crm.api.resources import FormInput, add_detail, add_list, add_part_records, add_record_writes
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


def _picker_values(pickers: dict[str, str]):
    return lambda body: _form_values(body, pickers)


ORGANISATION = FormInput(OrganisationForm, _setup_registry_form, {"parent_name": "parent_id"},
                         _picker_values({"parent_id": "parent_name"}))  # fmt: skip
PERSON = FormInput(PersonForm, _setup_registry_form, {"party_name": "party_id"},
                   _picker_values({"party_id": "party_name"}))  # fmt: skip


def _position_values(body: dict[str, Any]) -> dict[str, Any]:
    """A position's organisation is chosen by id: the picker's typed name only has to be there."""
    return {**body, "organisation_name": "-"} if "organisation_id" in body else body


POSITION = FormInput(AffiliationForm, renames={"organisation_name": "organisation_id"}, values=_position_values)


# --- organisations ---------------------------------------------------------------------------------------------

ORG_URL = "/organisations/<int:organisation_id>"
add_list(blp, "/organisations", endpoint="organisations", permission="registry.read",
         args=schemas.OrganisationListArgs, schema=schemas.OrganisationSchema, page_name="OrganisationPage",
         model=Organisation,
         query=lambda args, **_: queries.organisations_query(organisation_filters(args)))  # fmt: skip
add_detail(blp, ORG_URL, endpoint="organisation", permission="registry.read", schema=schemas.OrganisationSchema,
           load=queries.get_organisation)  # fmt: skip
add_record_writes(blp, "/organisations", name="organisation", body=schemas.OrganisationInput,
                  patch=schemas.OrganisationPatch, schema=schemas.OrganisationSchema, form=ORGANISATION,
                  load=queries.get_organisation, create=services.create_organisation,
                  update=services.update_organisation, check_edit=services.check_may_edit,
                  check_archive=services.check_may_archive)  # fmt: skip

# --- people and their positions --------------------------------------------------------------------------------

PERSON_URL = "/people/<int:person_id>"
add_list(blp, "/people", endpoint="people", permission="registry.read", args=schemas.PeopleListArgs,
         schema=schemas.PersonSchema, page_name="PersonPage", model=Person,
         query=lambda args, **_: queries.people_query(people_filters(args)))  # fmt: skip
add_detail(blp, PERSON_URL, endpoint="person", permission="registry.read", schema=schemas.PersonSchema,
           load=queries.get_person)  # fmt: skip
add_record_writes(blp, "/people", name="person", body=schemas.PersonInput, patch=schemas.PersonPatch,
                  schema=schemas.PersonSchema, form=PERSON, load=queries.get_person, create=services.create_person,
                  update=services.update_person, check_edit=services.check_may_edit,
                  check_archive=services.check_may_archive)  # fmt: skip
add_part_records(blp, PERSON_URL, "positions", name="position", part_id="affiliation_id", parent="person",
                 body=schemas.PositionInput, patch=schemas.PositionPatch, schema=schemas.PositionSchema, form=POSITION,
                 load_parent=queries.get_person, load=queries.get_affiliation, check=services.check_may_edit,
                 create=lambda person, form: services.add_affiliation(person, form.to_input(), actor=current_user),
                 update=lambda affiliation, form, version: services.update_affiliation(
                     affiliation, form.to_input(), version, actor=current_user),
                 remove=lambda affiliation: services.remove_affiliation(affiliation, actor=current_user),
                 update_doc="Change a position (the web page's form): an editor, while the person is not archived.",
                 remove_doc="Remove a position entered by mistake (one that ended gets an `end_date` "
                            "instead).")  # fmt: skip

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

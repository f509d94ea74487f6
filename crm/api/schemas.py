"""The API's resources as marshmallow schemas: the OpenAPI document is generated from these.

Input schemas refuse unknown fields (422); the values are then checked by the web form of the same record, so the
API speaks the form's messages. Output schemas are plain classes to subclass: a later field (such as the
`merged_into` of a person merged away) is one line added to them.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from crm.api.paging import DEFAULT_LIMIT, MAX_LIMIT, SORTS
from crm.partners.kinds import OrganisationKind

Str = fields.String
Int = fields.Integer


def _opt_str(**kwargs):
    return Str(allow_none=True, **kwargs)


def _id(**kwargs):
    """An id sent by a client: a positive 32-bit number (a larger one is refused, never looked up)."""
    return Int(validate=validate.Range(1, 2**31 - 1), **kwargs)


def _names():
    return fields.Function(lambda o: [t.name for t in o.tags], metadata={"type": "array", "items": {"type": "string"}})


def _archived():
    return fields.Function(lambda o: o.is_archived, metadata={"type": "boolean"})


class InputSchema(Schema):
    class Meta:
        unknown = RAISE


class ListArgs(Schema):
    """Paging and sort order; every list also takes the filters of its web page (documented per list)."""

    class Meta:
        unknown = RAISE

    cursor = Str(metadata={"description": "The `next_cursor` of the previous page."})
    limit = Int(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT))
    sort = Str(load_default="id", validate=validate.OneOf(SORTS))
    q = Str(validate=validate.Length(max=200), metadata={"description": "Words to find, as the list's search box."})
    status = Str(validate=validate.OneOf(["active", "archived", "all"]))
    tag = Str(validate=validate.Length(max=60))


def _both_ways(name: str, *texts: str) -> type[Schema]:
    """The optional texts a record has both ways (read, and written in the web form's words): a base of its output
    and its input schema."""
    return Schema.from_dict({text: _opt_str() for text in texts}, name=name)


def _patch_of(schema: type[Schema]) -> type[Schema]:
    """A PATCH's body: the fields of a new record (only the fields sent change: the view loads it with `partial=True`),
    named as its own in the OpenAPI document."""
    return schema.from_dict({}, name=schema.__name__.replace("Input", "Patch"))


class RecordSchema(Schema):
    id = Int(required=True)
    updated_at = fields.DateTime(required=True)


OrganisationFields = _both_ways("OrganisationFields", "acronym", "website", "email", "phone", "address",
                                "postal_code", "city", "description")  # fmt: skip


class OrganisationSchema(RecordSchema, OrganisationFields):
    name = Str(required=True)
    kind = Str(required=True)
    parent_id = Int(allow_none=True)
    province_id = Int(allow_none=True)
    tags = _names()
    owner_id = Int(allow_none=True)
    archived = _archived()
    merged_into = Int(attribute="merged_into_id", allow_none=True)  # merged away (crm/merging): the one kept
    created_at = fields.DateTime()


class OrganisationInput(InputSchema, OrganisationFields):
    name = Str(validate=validate.Length(max=1000))
    kind = Str(validate=validate.OneOf([k.value for k in OrganisationKind]))
    parent_id = _id(allow_none=True)
    province_id = _id(allow_none=True)
    tags = fields.List(Str(), allow_none=True)
    owner_id = _id(allow_none=True)


OrganisationPatch = _patch_of(OrganisationInput)


class OrganisationListArgs(ListArgs):
    kind = Str()
    coalition = Int()
    owner = Int()
    parent = Int()
    province = Int()


class OrganisationRowSchema(Schema):
    """A row that names an organisation: a person's position, a coalition's member, a letter's signatory."""

    id = Int(required=True)
    organisation_id = Int(required=True)
    organisation_name = fields.Function(lambda row: row.organisation.name, metadata={"type": "string"})


class PositionSchema(OrganisationRowSchema):
    role = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    updated_at = fields.DateTime()


PersonFields = _both_ways("PersonFields", "first_name", "initials", "name_prefix", "salutation", "email", "phone",
                          "notes")  # fmt: skip


class PersonSchema(RecordSchema, PersonFields):
    last_name = Str(required=True)
    full_name = fields.Function(lambda p: str(p), metadata={"type": "string"})
    party_id = Int(allow_none=True)
    tags = _names()
    owner_id = Int(allow_none=True)
    archived = _archived()
    merged_into = Int(attribute="merged_into_id", allow_none=True)  # merged away (crm/merging): the one kept
    positions = fields.List(fields.Nested(PositionSchema), attribute="affiliations")
    created_at = fields.DateTime()


class PersonInput(InputSchema, PersonFields):
    last_name = Str()
    party_id = _id(allow_none=True)
    tags = fields.List(Str(), allow_none=True)
    owner_id = _id(allow_none=True)


PersonPatch = _patch_of(PersonInput)


class PositionInput(InputSchema):
    organisation_id = _id(required=True)
    role = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)


PositionPatch = _patch_of(PositionInput)


class PeopleListArgs(ListArgs):
    organisation = Int()
    coalition = Int()
    party = Int()
    owner = Int()


class MemberSchema(OrganisationRowSchema):
    role = Str()
    joined_on = fields.Date(allow_none=True)


class CoalitionSchema(RecordSchema):
    name = Str(required=True)
    description = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    archived = _archived()
    members = fields.List(fields.Nested(MemberSchema))


class DossierSchema(RecordSchema):
    title = Str(required=True)
    description = _opt_str()
    status = Str()
    archived = _archived()


class CoalitionInput(InputSchema):
    name = Str()
    description = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    dossier_ids = fields.List(_id(), allow_none=True)


CoalitionPatch = _patch_of(CoalitionInput)


class MemberInput(InputSchema):
    organisation_id = _id(required=True)
    role = Str(validate=validate.OneOf(["initiator", "carrier", "partner", "observer"]))
    joined_on = fields.Date(allow_none=True)


class MemberPatch(InputSchema):
    """Only the fields sent change (the organisation stays: remove the member and add another)."""

    role = Str(validate=validate.OneOf(["initiator", "carrier", "partner", "observer"]))
    joined_on = fields.Date(allow_none=True)


class DossierInput(InputSchema):
    title = Str()
    description = _opt_str()
    status = Str(validate=validate.OneOf(["active", "monitoring", "closed"]))
    coalition_ids = fields.List(_id(), allow_none=True)


DossierPatch = _patch_of(DossierInput)


class TagSchema(Schema):
    id = Int(required=True)
    name = Str(required=True)


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A page of a list: its items and the cursor of the next page (null on the last)."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item), required=True), "next_cursor": Str(allow_none=True)},
        name=name,
    )

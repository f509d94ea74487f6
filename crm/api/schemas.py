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


class RecordSchema(Schema):
    id = Int(required=True)
    updated_at = fields.DateTime(required=True)


class OrganisationSchema(RecordSchema):
    name = Str(required=True)
    acronym = _opt_str()
    kind = Str(required=True)
    parent_id = Int(allow_none=True)
    province_id = Int(allow_none=True)
    website = _opt_str()
    email = _opt_str()
    phone = _opt_str()
    address = _opt_str()
    postal_code = _opt_str()
    city = _opt_str()
    description = _opt_str()
    tags = fields.Function(lambda o: [t.name for t in o.tags], metadata={"type": "array", "items": {"type": "string"}})
    owner_id = Int(allow_none=True)
    archived = fields.Function(lambda o: o.is_archived, metadata={"type": "boolean"})
    merged_into = Int(attribute="merged_into_id", allow_none=True)  # merged away (crm/merging): the one kept
    created_at = fields.DateTime()


class OrganisationInput(InputSchema):
    name = Str(validate=validate.Length(max=1000))
    acronym = _opt_str()
    kind = Str(validate=validate.OneOf([k.value for k in OrganisationKind]))
    parent_id = Int(allow_none=True, validate=validate.Range(1, 2**31 - 1))
    province_id = Int(allow_none=True, validate=validate.Range(1, 2**31 - 1))
    website = _opt_str()
    email = _opt_str()
    phone = _opt_str()
    address = _opt_str()
    postal_code = _opt_str()
    city = _opt_str()
    description = _opt_str()
    tags = fields.List(Str(), allow_none=True)
    owner_id = Int(allow_none=True, validate=validate.Range(1, 2**31 - 1))


class OrganisationPatch(OrganisationInput):
    """Only the fields sent change."""


class OrganisationListArgs(ListArgs):
    kind = Str()
    coalition = Int()
    owner = Int()
    parent = Int()
    province = Int()


class PositionSchema(Schema):
    id = Int(required=True)
    organisation_id = Int(required=True)
    organisation_name = fields.Function(lambda a: a.organisation.name, metadata={"type": "string"})
    role = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    updated_at = fields.DateTime()


class PersonSchema(RecordSchema):
    first_name = _opt_str()
    initials = _opt_str()
    name_prefix = _opt_str()
    last_name = Str(required=True)
    full_name = fields.Function(lambda p: str(p), metadata={"type": "string"})
    salutation = _opt_str()
    email = _opt_str()
    phone = _opt_str()
    notes = _opt_str()
    party_id = Int(allow_none=True)
    tags = fields.Function(lambda o: [t.name for t in o.tags], metadata={"type": "array", "items": {"type": "string"}})
    owner_id = Int(allow_none=True)
    archived = fields.Function(lambda o: o.is_archived, metadata={"type": "boolean"})
    merged_into = Int(attribute="merged_into_id", allow_none=True)  # merged away (crm/merging): the one kept
    positions = fields.List(fields.Nested(PositionSchema), attribute="affiliations")
    created_at = fields.DateTime()


class PersonInput(InputSchema):
    first_name = _opt_str()
    initials = _opt_str()
    name_prefix = _opt_str()
    last_name = Str()
    salutation = _opt_str()
    email = _opt_str()
    phone = _opt_str()
    notes = _opt_str()
    party_id = Int(allow_none=True, validate=validate.Range(1, 2**31 - 1))
    tags = fields.List(Str(), allow_none=True)
    owner_id = Int(allow_none=True, validate=validate.Range(1, 2**31 - 1))


class PersonPatch(PersonInput):
    """Only the fields sent change."""


class PositionInput(InputSchema):
    organisation_id = Int(required=True, validate=validate.Range(1, 2**31 - 1))
    role = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)


class PositionPatch(PositionInput):
    """Only the fields sent change."""


class PeopleListArgs(ListArgs):
    organisation = Int()
    coalition = Int()
    party = Int()
    owner = Int()


class MemberSchema(Schema):
    id = Int(required=True)
    organisation_id = Int(required=True)
    organisation_name = fields.Function(lambda m: m.organisation.name, metadata={"type": "string"})
    role = Str()
    joined_on = fields.Date(allow_none=True)


class CoalitionSchema(RecordSchema):
    name = Str(required=True)
    description = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    archived = fields.Function(lambda o: o.is_archived, metadata={"type": "boolean"})
    members = fields.List(fields.Nested(MemberSchema))


class DossierSchema(RecordSchema):
    title = Str(required=True)
    description = _opt_str()
    status = Str()
    archived = fields.Function(lambda o: o.is_archived, metadata={"type": "boolean"})


class CoalitionInput(InputSchema):
    name = Str()
    description = _opt_str()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    dossier_ids = fields.List(Int(validate=validate.Range(1, 2**31 - 1)), allow_none=True)


class CoalitionPatch(CoalitionInput):
    """Only the fields sent change."""


class MemberInput(InputSchema):
    organisation_id = Int(required=True, validate=validate.Range(1, 2**31 - 1))
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
    coalition_ids = fields.List(Int(validate=validate.Range(1, 2**31 - 1)), allow_none=True)


class DossierPatch(DossierInput):
    """Only the fields sent change."""


class TagSchema(Schema):
    id = Int(required=True)
    name = Str(required=True)


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A page of a list: its items and the cursor of the next page (null on the last)."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item), required=True), "next_cursor": Str(allow_none=True)},
        name=name,
    )

"""The API's schemas for the work: contacts, meetings, action items, joint letters, stakeholder positions, documents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from crm.api.schemas import InputSchema, Int, ListArgs, OrganisationRowSchema, RecordSchema, Str, _id, _opt_str
from crm.interactions.models import InteractionKind

IDS = fields.List(_id(), allow_none=True)


def _ids(attribute: str):
    return fields.Function(lambda o: [r.id for r in getattr(o, attribute)],
                           metadata={"type": "array", "items": {"type": "integer"}})  # fmt: skip


class ContactSchema(RecordSchema):
    kind = Str(required=True)
    occurred_at = fields.DateTime(required=True)
    subject = Str(required=True)
    location = _opt_str()
    # Notes marked sensitive are null for whoever may not read them, as on screen.
    notes = fields.Method("_notes", metadata={"type": ["string", "null"]})
    sensitive = fields.Boolean()
    person_ids = _ids("people")
    organisation_ids = _ids("organisations")
    user_ids = _ids("users")
    dossier_ids = _ids("dossiers")
    coalition_id = Int(allow_none=True)
    created_by_id = Int(allow_none=True)
    follow_up = _opt_str()
    follow_up_owner_id = Int(allow_none=True)
    follow_up_due = fields.Date(allow_none=True)
    follow_up_done_at = fields.DateTime(allow_none=True)

    def _notes(self, interaction):
        from flask_login import current_user

        from crm.permissions import may_read_notes

        return interaction.notes if may_read_notes(current_user, interaction) else None


class ContactPatch(InputSchema):
    """Only the fields sent change (the same fields as a new contact, without the duplicate warning)."""

    kind = Str(validate=validate.OneOf([k.value for k in InteractionKind]))
    occurred_at = fields.AwareDateTime(allow_none=True, default_timezone=None)
    subject = Str()
    location = _opt_str()
    notes = _opt_str()
    sensitive = fields.Boolean()
    person_ids = IDS
    organisation_ids = IDS
    user_ids = IDS
    dossier_ids = IDS
    coalition_id = _id(allow_none=True)
    follow_up = _opt_str()
    follow_up_owner_id = _id(allow_none=True)
    follow_up_due = fields.Date(allow_none=True)


class ContactInput(ContactPatch):
    kind = Str(required=True, validate=validate.OneOf([k.value for k in InteractionKind]))
    subject = Str(required=True)
    confirm_not_duplicate = fields.Boolean(metadata={"description": "Log it even when it looks like one just logged."})


class ContactListArgs(ListArgs):
    kind = Str()
    from_ = fields.Date(data_key="from")
    until = fields.Date()
    user = Int()
    person = Int()
    organisation = Int()
    dossier = Int()
    coalition = Int()
    open = Str(validate=validate.OneOf(["1"]))


class MeetingSchema(RecordSchema):
    title = Str(required=True)
    series_id = Int(allow_none=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    location = _opt_str()
    organiser_id = Int(allow_none=True)
    coalition_id = Int(allow_none=True)
    status = Str()
    dossier_ids = _ids("dossiers")


class MeetingListArgs(ListArgs):
    status = Str(metadata={"description": "The meeting's status, as the web list's filter."})
    series = Int()
    coalition = Int()
    dossier = Int()
    period = Str()
    from_ = fields.Date(data_key="from")
    until = fields.Date()


class ActionItemSchema(RecordSchema):
    meeting_id = Int(required=True)
    description = Str(required=True)
    owner_user_id = Int(allow_none=True)
    owner_person_id = Int(allow_none=True)
    due_date = fields.Date(allow_none=True)
    status = Str()
    done_at = fields.DateTime(allow_none=True)


class ActionItemListArgs(ListArgs):
    status = Str(validate=validate.OneOf(["open", "done", "cancelled"]))
    meeting = Int()
    owner = Int()
    open = Str(validate=validate.OneOf(["1"]))


class SignatorySchema(OrganisationRowSchema):
    status = Str()
    signed_at = fields.DateTime(allow_none=True)
    signed_version = Int(allow_none=True)


class LetterSchema(RecordSchema):
    title = Str(required=True)
    status = Str(required=True)
    occasion = _opt_str()
    addressee_organisation_id = Int(allow_none=True)
    addressee_person_id = Int(allow_none=True)
    lead_organisation_id = Int(allow_none=True)
    coalition_id = Int(allow_none=True)
    signature_deadline = fields.Date(allow_none=True)
    current_version = Int()
    approved_version = Int(allow_none=True)
    sent_on = fields.Date(allow_none=True)
    dossier_ids = _ids("dossiers")


class LetterDetailSchema(LetterSchema):
    signatories = fields.Method("_signatories", metadata={"type": "array", "items": {"type": "object"}})

    def _signatories(self, letter):
        from crm.letters.queries import signatories_of

        return SignatorySchema(many=True).dump(signatories_of(letter.id))


class LetterListArgs(ListArgs):
    status = Str(metadata={"description": "The letter's status, as the web board's filter."})
    coalition = Int()
    dossier = Int()
    addressee = Int()
    deadline = fields.Date()


class StakeholderPositionSchema(RecordSchema):
    dossier_id = Int(required=True)
    person_id = Int(allow_none=True)
    organisation_id = Int(allow_none=True)
    stance = Str(required=True)
    influence = Str()
    interest = Str()
    rationale = _opt_str()
    source = _opt_str()
    observed_on = fields.Date()
    created_by_id = Int(allow_none=True)


class StakeholderPositionInput(InputSchema):
    """A new observation (the history keeps the earlier ones): of a person or an organisation, on a dossier."""

    dossier_id = _id(required=True)
    person_id = _id(allow_none=True)
    organisation_id = _id(allow_none=True)
    stance = Str(required=True)
    influence = Str(required=True)
    interest = Str(required=True)
    rationale = _opt_str()
    source = _opt_str()
    observed_on = fields.Date(required=True)


class PositionListArgs(ListArgs):
    dossier = Int()
    person = Int()
    organisation = Int()


class DocumentSchema(Schema):
    id = Int(required=True)
    # Made once and never changed: its `updated_at` is when it was made.
    updated_at = fields.Function(lambda d: d.created_at.isoformat(), required=True,
                                 metadata={"type": "string", "format": "date-time"})  # fmt: skip
    title = Str()
    kind = Str()
    filename = Str()
    size = Int()
    sha256 = Str()
    page_count = Int()
    dossier_id = Int(allow_none=True)
    created_by_id = Int(allow_none=True)
    download_url = fields.Function(lambda d: f"/api/v1/documents/{d.id}/download", metadata={"type": "string"})


class DocumentListArgs(ListArgs):
    kind = Str()
    author = Int()

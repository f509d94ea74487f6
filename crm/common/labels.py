"""Human labels for entity types and field names, used where records are described generically (history)."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l

from crm.common.choices import LabelledEnum
from crm.extensions import db

ENTITY_LABELS = {
    "organisation": _l("Organisation"),
    "person": _l("Person"),
    "affiliation": _l("Position"),
    "coalition": _l("Coalition"),
    "coalitionmember": _l("Coalition member"),
    "dossier": _l("Dossier"),
    "user": _l("User"),
    "interaction": _l("Contact"),
    "meeting": _l("Meeting"),
    "meetingseries": _l("Series"),
    "meetingattendee": _l("Attendee"),
    "agendaitem": _l("Agenda item"),
    "decision": _l("Decision"),
    "minutesversion": _l("Minutes version"),
    "actionitem": _l("Action item"),
    "calendarfeed": _l("Calendar subscription"),
    "documenttemplate": _l("Document template"),
    "templateversion": _l("Template version"),
    "generateddocument": _l("Generated document"),
    "organisationlogo": _l("Logo"),
    "stakeholderposition": _l("Stakeholder position"),
    "jointletter": _l("Joint letter"),
    "letterversion": _l("Letter version"),
    "signatory": _l("Co-signatory"),
    "letteranswer": _l("Answer"),
    "personprivacy": _l("Privacy record"),
    "mergejob": _l("Mail merge"),
    "letter_events": _l("Letter history"),
    "watchrule": _l("Watch rule"),
    "watchdismissal": _l("Dismissed Kamer item"),
    "capturedemail": _l("E-mail"),
    "emailattachment": _l("E-mail attachment"),
    "inboundaddress": _l("Address for logging e-mail"),
}

ACTION_LABELS = {
    "create": _l("created"),
    "update": _l("changed"),
    "archive": _l("archived"),
    "restore": _l("restored"),
    "delete": _l("removed"),
    "erase": _l("anonymised"),
    "access_export": _l("exported (access request)"),
}

FIELD_LABELS = {
    # contacts logged from e-mail (crm/inbox)
    "message_key": _l("Message-ID"),
    "sender": _l("From"),
    "sent_at": _l("Sent"),
    "unmatched": _l("Not recognised"),
    "body_text": _l("Text"),  # on the erasure preview: where a mention is
    "headers": _l("E-mail headers"),
    "captured_by": _l("Logged by"),
    "mimetype": _l("File type"),
    "name": _l("Name"),
    "acronym": _l("Acronym"),
    "kind": _l("Kind"),
    # a dossier's watch rules and dismissed Kamer items (crm/watch)
    "value": _l("Watched value"),
    "label": _l("Shown as"),
    "item_kind": _l("Kind of item"),
    "item_id": _l("Kamer item"),
    "dismissed_by": _l("Dismissed by"),
    "parent": _l("Part of"),
    "website": _l("Website"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "address": _l("Address"),
    "postal_code": _l("Postal code"),
    "city": _l("City"),
    "description": _l("Description"),
    "tags": _l("Tags"),
    "owner": _l("Relationship owner"),
    "archived_at": _l("Archived"),
    "first_name": _l("First name"),
    "initials": _l("Initials"),
    "name_prefix": _l("Prefix"),
    "last_name": _l("Last name"),
    "salutation": _l("Salutation"),
    "notes": _l("Notes"),
    "party": _l("Political party"),
    "person": _l("Person"),
    "organisation": _l("Organisation"),
    "role": _l("Role"),
    "start_date": _l("Start"),
    "end_date": _l("End"),
    "coalition": _l("Coalition"),
    "joined_on": _l("Joined on"),
    "title": _l("Title"),
    "status": _l("Status"),
    "dossiers": _l("Dossiers"),
    "coalitions": _l("Coalitions"),
    "language": _l("Language"),
    "active": _l("Active"),
    "province": _l("Province"),
    "occurred_at": _l("When"),
    "subject": _l("Subject"),
    "people": _l("People"),
    "organisations": _l("Organisations"),
    "users": _l("Who of us took part"),
    "created_by": _l("Logged by"),
    "follow_up": _l("Follow-up"),
    "follow_up_owner": _l("Follow-up by"),
    "follow_up_due": _l("Follow-up due"),
    "follow_up_done_at": _l("Follow-up done"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "location": _l("Location"),
    "online_url": _l("Online meeting link"),
    "series": _l("Series"),
    "organiser": _l("Organiser"),
    "minutes_status": _l("Minutes"),
    "minutes_finalised_at": _l("Minutes finalised"),
    "minutes_finalised_by": _l("Minutes finalised by"),
    "interaction": _l("Contact log entry"),
    "meeting": _l("Meeting"),
    "attendance": _l("Attendance"),
    "user": _l("Colleague"),
    "position": _l("Order"),
    "presenter": _l("Presenter"),
    "duration_minutes": _l("Duration (minutes)"),
    "text": _l("Text"),
    "agenda_item": _l("Agenda item"),
    "number": _l("Version"),
    "event": _l("What"),
    "note": _l("Reason"),
    "author": _l("By"),
    "owner_user": _l("Owner (colleague)"),
    "owner_person": _l("Owner (person)"),
    "due_date": _l("Due date"),
    "done_at": _l("Done"),
    "revoked_at": _l("Switched off"),
    "dossier": _l("Dossier"),
    "stance": _l("Stance"),
    "influence": _l("Influence"),
    "interest": _l("Interest"),
    "rationale": _l("Rationale"),
    "source": _l("Source"),
    "source_id": _l("Id at the source"),
    "merged_into_id": _l("Merged into (number)"),  # a duplicate person or organisation merged into another
    "observed_on": _l("Observed on"),
    # joint letters, their versions, co-signatories and answers
    "letter": _l("Letter"),
    "occasion": _l("Occasion"),
    "signature_deadline": _l("Deadline for signatures"),
    "signature_block": _l("Our signature"),
    "addressee_organisation": _l("Addressed to (organisation)"),
    "addressee_person": _l("Addressed to (person)"),
    "lead_organisation": _l("Lead organisation"),
    "current_version": _l("Current version"),
    "current_sha256": _l("SHA-256 of the current text"),
    "approved_version": _l("Approved version"),
    "sent_on": _l("Sent on"),
    "sent_channel": _l("Sent by"),
    "sent_sha256": _l("SHA-256 of the sent text"),
    "sent_document": _l("Sent PDF"),
    "closing": _l("Closing"),
    "sha256": _l("SHA-256"),
    "restored_from": _l("Restored from version"),
    "signer_name": _l("Signs as (name)"),
    "signer_function": _l("Signer's function"),
    "signer_email": _l("Signer's email"),
    "comment": _l("Comment"),
    "invited_at": _l("Invited"),
    "agreed_at": _l("Agreed"),
    "signed_at": _l("Signed"),
    "declined_at": _l("Declined"),
    "signed_version": _l("Signed version"),
    "signed_sha256": _l("SHA-256 of the signed text"),
    "token_issued_at": _l("Signing link made"),
    "token_revoked_at": _l("Signing link revoked"),
    "received_on": _l("Received on"),
    "summary": _l("Summary"),
    "pdf_filename": _l("PDF file"),
    "pdf_size": _l("PDF size (bytes)"),
    # documents, templates and logos
    "filename": _l("File name"),
    "template": _l("Template"),
    "template_version": _l("Template version"),
    "builtin_template": _l("Built-in template"),
    "template_sha256": _l("SHA-256 of the template"),
    "options": _l("Options"),
    "page_count": _l("Pages"),
    "size": _l("Size (bytes)"),
    "copied_from": _l("Copied from"),
    "live_version": _l("Live version"),
    "original_filename": _l("Original file"),
    "width": _l("Width (px)"),
    "height": _l("Height (px)"),
    # users
    "keyboard_shortcuts": _l("Single-key shortcuts"),
    "template_editor": _l("May edit document templates"),
    # privacy
    "sensitive": _l("Sensitive (political opinions)"),
    "lawful_basis": _l("Lawful basis"),
    "data_source": _l("Source of the data"),
    "notice_given_on": _l("Privacy notice given on"),
    "review_on": _l("Retention review on"),
    "erased_at": _l("Anonymised on"),
    "erasure_reason": _l("Reason for erasure"),
    "retention_reason": _l("Reason to keep sent letters"),
    "format": _l("Format"),
    "summary_of_erasure": _l("What was anonymised"),
    # free text an erasure looks through (crm/privacy/queries_mentions.py)
    "minutes": _l("Minutes"),
    "body": _l("Letter text"),
    "content": _l("Content"),
    "detail": _l("Detail"),
    "actor_label": _l("By"),
    "entity_label": _l("Name in the history"),
    "recipients_label": _l("Recipients"),
    "input_snapshot": _l("Input of the document"),
    "totp_enabled_at": _l("Two-factor sign-in since"),
}


@cache
def _stored_choices() -> dict[tuple[str, str], type[LabelledEnum]]:
    """The enum of each column declared with `info=choices(...)`, keyed as the history keys it: (entity type, field)."""
    found = {}
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        entity_type = getattr(model, "__audit_type__", "") or model.__name__.lower()  # as Audited.audit_type()
        for field, column in mapper.columns.items():
            if "choices" in getattr(column, "info", {}):
                found[(entity_type, field)] = column.info["choices"]
    return found


def value_label(value, entity_type: str, field: str):
    enum = _stored_choices().get((entity_type, field))
    if enum is None or not isinstance(value, str):
        return value
    return enum.label_of(value)


def entity_label(name: str) -> str:
    return str(ENTITY_LABELS.get(name, name))


def action_label(name: str) -> str:
    return str(ACTION_LABELS.get(name, name))


def field_label(name: str) -> str:
    if name not in FIELD_LABELS and name.endswith("_id") and name.removesuffix("_id") in FIELD_LABELS:
        name = name.removesuffix("_id")  # a reference recorded by its id: "dossier_id" is the dossier
    return str(FIELD_LABELS.get(name, name.replace("_", " ")))

"""An access request (inzageverzoek): everything we hold about one person, and nothing about anyone else.

The export is gathered once, as rows of plain values, and then written as JSON (dates ISO 8601) or handed to the
access_request document template (the PDF): both say the same. Labels are Dutch, like every document we send.

"Nothing about anyone else": a contact or meeting the person shared with others names the organisations involved
and counts the other people, never who they were; their names and email addresses are replaced in the free text
(subject, notes, titles) by "[andere persoon]". Colleagues (our users) are not named either: the export says what
we did, not which employee did it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import force_locale

from crm.audit.models import AuditEvent
from crm.common.labels import action_label, entity_label, field_label
from crm.common.time import utcnow
from crm.inbox.queries import captured_emails_of
from crm.partners.models import Person
from crm.privacy import queries_links as links
from crm.privacy.identity import identities_of, identity_of
from crm.privacy.models import PersonPrivacy, lawful_basis_label
from crm.privacy.scrub import replace_in, term_pattern
from crm.stakeholders.models import level_label, stance_label

OTHER_PERSON = "[andere persoon]"
# Fields of the person's own history that name a colleague, not them.
NOT_ABOUT_THEM = frozenset({"owner"})


# Per part of the export: its heading in the PDF and the columns the PDF prints (the JSON holds every key).
TABLES = {
    "affiliations": (
        "Functies",
        (("organisation", "Organisatie"), ("role", "Functie"), ("start_date", "Van"), ("end_date", "Tot")),
    ),
    "interactions": (
        "Contacten",
        (
            ("occurred_at", "Wanneer"),
            ("kind", "Soort"),
            ("subject", "Onderwerp"),
            ("organisations", "Organisaties"),
            ("notes", "Notities"),
        ),
    ),
    "captured_emails": (
        "E-mails bij contacten",
        (("sent_at", "Verzonden"), ("sender", "Afzender"), ("subject", "Onderwerp"), ("attachments", "Bijlagen")),
    ),
    "meetings": (
        "Bijeenkomsten",
        (("starts_at", "Wanneer"), ("title", "Bijeenkomst"), ("organisation", "Namens"), ("attendance", "Aanwezig")),
    ),
    "action_items": (
        "Actiepunten",
        (("meeting", "Bijeenkomst"), ("description", "Actie"), ("due_date", "Uiterlijk"), ("status", "Status")),
    ),
    "letters": (
        "Brieven",
        (
            ("title", "Brief"),
            ("role", "Rol"),
            ("organisation", "Organisatie"),
            ("status", "Status"),
            ("signed_as", "Ondertekend als"),
        ),
    ),
    "stakeholder_positions": (
        "Standpunten",
        (
            ("dossier", "Dossier"),
            ("observed_on", "Waargenomen"),
            ("stance", "Standpunt"),
            ("rationale", "Toelichting"),
            ("source", "Bron"),
        ),
    ),
    "audit": (
        "Wijzigingen in het logboek",
        (("at", "Wanneer"), ("action", "Wat"), ("record", "Gegevens"), ("summary", "Velden")),
    ),
}


@dataclass
class Table:
    key: str  # the JSON key
    title: str  # the heading in the PDF
    columns: list[tuple[str, str]]  # (row key, label): what the PDF prints
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AccessExport:
    person_id: int
    full_name: str
    made_at: datetime
    record: list[tuple[str, str, Any]]  # (key, label, value) of the person record and privacy record
    tables: list[Table]


def _record(person: Person, privacy: PersonPrivacy | None) -> list[tuple[str, str, Any]]:
    return [
        ("id", "Nummer in Bondgenoot", person.id),
        ("first_name", "Voornaam", person.first_name),
        ("initials", "Voorletters", person.initials),
        ("name_prefix", "Tussenvoegsel", person.name_prefix),
        ("last_name", "Achternaam", person.last_name),
        ("salutation", "Aanhef", person.salutation),
        ("email", "E-mail", person.email),
        ("phone", "Telefoon", person.phone),
        ("notes", "Notities", person.notes),
        ("tags", "Labels", [tag.name for tag in person.tags]),
        ("party", "Politieke partij", person.party.name if person.party else None),
        ("created_at", "Vastgelegd op", person.created_at),
        ("updated_at", "Laatst gewijzigd", person.updated_at),
        ("archived_at", "Gearchiveerd op", person.archived_at),
        ("lawful_basis", "Grondslag", lawful_basis_label(privacy.lawful_basis if privacy else None)),
        ("data_source", "Bron van de gegevens", privacy.data_source if privacy else None),
        ("notice_given_on", "Privacyverklaring gegeven op", privacy.notice_given_on if privacy else None),
        ("review_on", "Bewaartermijn herzien op", privacy.review_on if privacy else None),
    ]


def _changes_text(changes: dict) -> str:
    parts = []
    for name, values in changes.items():
        if isinstance(values, list) and len(values) == 2:
            old, new = (", ".join(map(str, v)) if isinstance(v, list) else v for v in values)
            parts.append(f"{field_label(name)}: {old if old not in (None, '') else '—'} → "
                         f"{new if new not in (None, '') else '—'}")  # fmt: skip
    return "; ".join(parts)


def _audit_row(event: AuditEvent) -> dict[str, Any]:
    changes = {k: v for k, v in (event.changes or {}).items() if k not in NOT_ABOUT_THEM}
    return {
        "at": event.created_at,
        "action": action_label(event.action),
        "record": entity_label(event.entity_type),
        "changes": changes,
        "summary": _changes_text(changes),
    }


def access_export(person: Person, privacy: PersonPrivacy | None) -> AccessExport:
    """Everything about `person`, in a fixed number of statements."""
    identity = identity_of(person)
    contacts = links.interactions_of(person.id)
    attendances = links.attendances_of(person.id)
    others = {p.id: p for i in contacts for p in i.people if p.id != person.id}
    others.update({p.id: p for p in links.fellow_attendees([a.meeting_id for a in attendances], person.id)})
    hide = term_pattern(identities_of(list(others.values())).terms)
    with force_locale("nl"):
        contact_rows = [
            {
                "occurred_at": i.occurred_at,
                "kind": i.kind_label,
                "subject": i.subject,
                "location": i.location,
                "notes": i.notes,
                "sensitive": i.sensitive,
                "follow_up": i.follow_up,
                "organisations": [o.name for o in i.organisations],
                "dossiers": [d.title for d in i.dossiers],
                "other_people": sum(1 for p in i.people if p.id != person.id),
            }
            for i in contacts
        ]
        email_rows = [
            {
                "sent_at": e.sent_at or e.created_at,
                "sender": e.sender,
                "subject": e.subject,
                "to": e.headers.get("to", "") if isinstance(e.headers, dict) else "",
                "text": e.body_text,
                "attachments": [a.filename for a in e.attachments],
            }
            for e in captured_emails_of([i.id for i in contacts])
        ]
        meeting_rows = [
            {
                "starts_at": a.meeting.starts_at,
                "title": a.meeting.title,
                "series": a.meeting.series.name if a.meeting.series else None,
                "location": a.meeting.location or ("Online" if a.meeting.online_url else None),
                "attendance": a.attendance_label,
                "organisation": a.organisation.name if a.organisation else None,
            }
            for a in attendances
        ]
        action_rows = [
            {
                "meeting": item.meeting.title,
                "description": item.description,
                "due_date": item.due_date,
                "status": item.status_label,
            }
            for item in links.action_items_of(person.id)
        ]
        letter_rows = [
            {
                "title": letter.title,
                "role": "Geadresseerde",
                "organisation": letter.addressee_organisation.name if letter.addressee_organisation else None,
                "status": letter.status_label,
                "sent_on": letter.sent_on,
                "signed_as": None,
                "signed_at": None,
                "comment": None,
            }
            for letter in links.letters_addressed_to(person.id)
        ] + [
            {
                "title": s.letter.title,
                "role": "Ondertekenaar",
                "organisation": s.organisation.name,
                "status": s.status_label,
                "sent_on": s.letter.sent_on,
                "signed_as": ", ".join(p for p in (s.signer_name, s.signer_function, s.signer_email) if p),
                "signed_at": s.signed_at,
                "comment": s.comment,
            }
            for s in links.signatories_of(person, identity)
        ]
        position_rows = [
            {
                "dossier": p.dossier.title,
                "observed_on": p.observed_on,
                "stance": stance_label(p.stance),
                "influence": level_label(p.influence),
                "interest": level_label(p.interest),
                "rationale": p.rationale,
                "source": p.source,
            }
            for p in links.positions_of(person.id)
        ]
        audit_rows = [_audit_row(event) for event in links.audit_events_about(person.id)]
        affiliation_rows = [
            {
                "organisation": a.organisation.name,
                "role": a.role,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "current": a.is_current,
            }
            for a in person.affiliations
        ]
    rows = {
        "affiliations": affiliation_rows,
        "interactions": contact_rows,
        "captured_emails": email_rows,
        "meetings": meeting_rows,
        "action_items": action_rows,
        "letters": letter_rows,
        "stakeholder_positions": position_rows,
        "audit": audit_rows,
    }
    tables = [Table(key, title, list(columns), rows[key]) for key, (title, columns) in TABLES.items()]
    for table in tables:
        table.rows = [replace_in(row, hide, OTHER_PERSON) for row in table.rows]
    with force_locale("nl"):
        record = _record(person, privacy)
    return AccessExport(person.id, person.full_name, utcnow(), record, tables)


# --- writing it out ----------------------------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(item) for item in value]
    return value


def as_json(export: AccessExport) -> dict[str, Any]:
    record = {key: _iso(value) for key, _label, value in export.record}
    privacy_keys = ("lawful_basis", "data_source", "notice_given_on", "review_on")
    return {
        "export": {"person_id": export.person_id, "made_at": _iso(export.made_at), "format": "Bondgenoot 1"},
        "person": {key: value for key, value in record.items() if key not in privacy_keys},
        "privacy": {key: record[key] for key in privacy_keys},
        **{table.key: [_iso(row) for row in table.rows] for table in export.tables},
    }

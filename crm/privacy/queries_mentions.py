"""Where a person is mentioned in free text, across the registry: what the erasure preview lists, per record.

Every free-text column that can hold a mention is searched (`PARTS`), and the audit trail's changed values. Rows
belong to a record the administrator confirms as a whole (a "unit"): a meeting with its agenda, minutes, decisions,
action items and minutes versions; a letter with its versions, events, answer and co-signatories' comments; a
person (someone else) with their notes and positions' roles. A record linked to the person (their contacts, meetings,
letters, the PDFs that name them) is checked by default, and so is one that holds their e-mail address or phone
number; a mention of the surname elsewhere may be about a namesake, so the administrator decides.

The database does a rough first sieve (LIKE, vowels left open for accents); Python decides (crm/privacy/mentions.py).
A fixed number of statements: one per kind of row, one for the trail, one per kind of record for the headings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast, func, or_, select

from crm.audit.models import AuditEvent
from crm.coalitions.models import Coalition, Dossier
from crm.documents.models import DocumentTemplate, GeneratedDocument, MergeJob, TemplateVersion
from crm.extensions import db
from crm.inbox.models import CapturedEmail, EmailAttachment
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter, LetterAnswer, LetterEvent, LetterVersion, Signatory
from crm.meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingSeries, MinutesVersion
from crm.partners.models import Affiliation, Organisation, Person
from crm.privacy.mentions import Matcher, Span, snippet
from crm.stakeholders.models import AUDIT_PARENT, StakeholderPosition


@dataclass(frozen=True)
class Part:
    """Rows of one model whose free text may mention someone, and the record (unit) they belong to."""

    model: type
    columns: tuple[str, ...]
    unit: str  # the kind of record the administrator confirms: its audit entity type
    unit_column: str = "id"  # the column that holds that record's id
    json_columns: tuple[str, ...] = ()
    audited: bool = True  # whether the model writes to the audit trail (its entity type is the unit's or its own)
    label_is_text: bool = False  # the audit trail's label of a row is its free text (a contact's subject)

    @property
    def audit_type(self) -> str | None:
        return self.model.audit_type() if self.audited else None

    @property
    def kind(self) -> str:
        """What a row of this part is called on the preview: its audit type, else the record's or its table's."""
        if self.audited:
            return self.model.audit_type()
        return self.unit if self.unit_column == "id" else self.model.__tablename__


DOCUMENT_JSON = ("input_snapshot",)
PARTS = (
    Part(Interaction, ("subject", "location", "notes", "follow_up"), "interaction", label_is_text=True),
    Part(Meeting, ("title", "location"), "meeting", label_is_text=True),
    Part(AgendaItem, ("title", "presenter", "minutes"), "meeting", "meeting_id", label_is_text=True),
    Part(Decision, ("text",), "meeting", "meeting_id", label_is_text=True),
    Part(ActionItem, ("description",), "meeting", "meeting_id", label_is_text=True),
    Part(MinutesVersion, ("note",), "meeting", "meeting_id", json_columns=("content",)),
    Part(MeetingSeries, ("name", "description"), "meetingseries", label_is_text=True),
    Part(JointLetter, ("title", "occasion", "signature_block"), "jointletter", label_is_text=True),
    Part(LetterVersion, ("salutation", "body", "closing"), "jointletter", "letter_id"),
    Part(LetterEvent, ("detail", "actor_label"), "jointletter", "letter_id", json_columns=("params",), audited=False),
    Part(LetterAnswer, ("summary",), "jointletter", "letter_id"),
    Part(Signatory, ("comment",), "jointletter", "letter_id"),
    Part(StakeholderPosition, ("rationale", "source"), "stakeholderposition"),
    Part(Person, ("notes",), "person"),
    Part(Affiliation, ("role",), "person", "person_id", label_is_text=True),
    Part(Organisation, ("description",), "organisation"),
    Part(Coalition, ("description",), "coalition"),
    Part(Dossier, ("description",), "dossier"),
    Part(GeneratedDocument, ("title", "filename"), "generateddocument", json_columns=DOCUMENT_JSON, label_is_text=True),
    Part(DocumentTemplate, ("description",), "documenttemplate"),
    Part(TemplateVersion, ("note",), "documenttemplate", "template_id"),
    Part(MergeJob, (), "mergejob", json_columns=("arguments",), audited=False),  # title, recipients, fields
    # A contact's e-mail (crm/inbox): the message and its attachments' names belong to the contact.
    Part(
        CapturedEmail,
        ("sender", "subject", "body_text"),
        "interaction",
        "interaction_id",
        json_columns=("headers", "unmatched"),
        label_is_text=True,
    ),
    Part(EmailAttachment, ("filename",), "interaction", "interaction_id", label_is_text=True),
)
UNIT_TYPES = frozenset(part.unit for part in PARTS)
# Per audited entity type: the fields of its trail that hold free text, and whether its label is free text.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {p.audit_type: p.columns for p in PARTS if p.audit_type}
LABEL_IS_TEXT = frozenset(p.audit_type for p in PARTS if p.audit_type and p.label_is_text)
# The heading of each kind of record: its model, and how it reads.
HEADS: dict[str, tuple[type, Any]] = {
    "interaction": (Interaction, lambda r: (r.subject, r.occurred_at)),
    "meeting": (Meeting, lambda r: (r.title, r.starts_at)),
    "meetingseries": (MeetingSeries, lambda r: (r.name, None)),
    "jointletter": (JointLetter, lambda r: (r.title, r.created_at)),
    "stakeholderposition": (StakeholderPosition, lambda r: (str(r), None)),
    "person": (Person, lambda r: (r.full_name, None)),
    "organisation": (Organisation, lambda r: (r.name, None)),
    "coalition": (Coalition, lambda r: (r.name, None)),
    "dossier": (Dossier, lambda r: (r.title, None)),
    "generateddocument": (GeneratedDocument, lambda r: (r.title, r.created_at)),
    "documenttemplate": (DocumentTemplate, lambda r: (r.name, None)),
    "mergejob": (MergeJob, lambda r: (r.title, r.created_at)),
}


@dataclass(frozen=True)
class Mention:
    part: str  # the kind of row it is in when that is not the record itself ("decision" of a meeting), else ""
    field: str  # the column or trail field it is in (for its label)
    before: str
    text: str
    after: str
    in_history: bool = False  # in the audit trail, not in the record as it is now


@dataclass
class MentionUnit:
    """One record in the preview, with a checkbox: all its mentions are replaced, or none."""

    entity_type: str
    entity_id: int
    label: str = ""
    when: datetime | None = None
    linked: bool = False  # a record of theirs: their contact, meeting, letter, a PDF naming them
    strong: bool = False  # holds their e-mail address or phone number
    mentions: list[Mention] = field(default_factory=list)
    # For the record's page (entity_url reads these as it reads an audit event).
    parent_type: str | None = None
    parent_id: int | None = None
    action: str = "update"

    @property
    def key(self) -> str:
        return f"{self.entity_type}:{self.entity_id}"

    @property
    def default(self) -> bool:
        return self.linked or self.strong


def unit_of_event(event: AuditEvent) -> tuple[str, int]:
    """The record an audit event belongs to in the preview: its own, else its parent (an agenda item's meeting)."""
    if event.entity_type in UNIT_TYPES:
        return event.entity_type, event.entity_id
    if event.parent_type in UNIT_TYPES and event.parent_id is not None:
        return event.parent_type, event.parent_id
    return event.entity_type, event.entity_id


def event_text(event: AuditEvent) -> list[tuple[str, Any]]:
    """(field, value) of an event's free text: the text fields of its kind of record, and its label when that is
    free text. Names in references (a contact's people, an attendee, a co-signatory's name, a colleague) are not
    free text: they are replaced where they are the person's own, never because of a surname alone."""
    fields = TEXT_FIELDS.get(event.entity_type, ())
    changes = event.changes if isinstance(event.changes, dict) else {}
    found = [(key, value) for key, value in changes.items() if key in fields]
    if event.entity_type in LABEL_IS_TEXT:
        found.append(("entity_label", event.entity_label))
    return found


def _sieve(column, patterns: list[str]) -> list:
    lowered = func.lower(column)
    return [lowered.like(pattern, escape="\\") for pattern in patterns]


def _exclusions(part: Part, person_id: int) -> list:
    """The person's own rows are not mentions: they are anonymised or removed anyway."""
    if part.model is Person:
        return [Person.id != person_id]
    if part.model is Affiliation:
        return [Affiliation.person_id != person_id]
    if part.model is StakeholderPosition:
        return [or_(StakeholderPosition.person_id.is_(None), StakeholderPosition.person_id != person_id)]
    return []


class _Collector:
    def __init__(self, matcher: Matcher, linked: dict[str, set[int]]) -> None:
        self.matcher = matcher
        self.linked = linked
        self.units: dict[tuple[str, int], MentionUnit] = {}

    def unit(self, entity_type: str, entity_id: int) -> MentionUnit:
        key = (entity_type, entity_id)
        if key not in self.units:
            linked = entity_id in self.linked.get(entity_type, set())
            self.units[key] = MentionUnit(entity_type, entity_id, linked=linked)
        return self.units[key]

    def look(self, unit_key: tuple[str, int], part: str, name: str, value: Any, *, in_history: bool = False) -> None:
        for text in self.matcher.strings_in(value):
            spans: list[Span] = self.matcher.spans(text)
            if not spans:
                continue
            unit = self.unit(*unit_key)
            for span in spans:
                unit.strong = unit.strong or span.strong
                mention = Mention(
                    "" if part == unit_key[0] else part, name, *snippet(text, span), in_history=in_history
                )
                if mention not in unit.mentions:
                    unit.mentions.append(mention)


def _rows(collector: _Collector, person_id: int, patterns: list[str]) -> None:
    for part in PARTS:
        columns = [getattr(part.model, c) for c in part.columns]
        columns += [cast(getattr(part.model, c), Text) for c in part.json_columns]
        sieve = [condition for column in columns for condition in _sieve(column, patterns)]
        query = select(part.model).where(or_(*sieve), *_exclusions(part, person_id))
        for row in db.session.scalars(query):
            unit_key = (part.unit, getattr(row, part.unit_column))
            for name in (*part.columns, *part.json_columns):
                collector.look(unit_key, part.kind, name, getattr(row, name))


def _history(collector: _Collector, events: list[AuditEvent], skip: set[int], handled: set[tuple[str, int]]) -> None:
    for event in events:
        unit_key = unit_of_event(event)
        if event.id in skip or unit_key in handled:
            continue
        for name, value in event_text(event):
            collector.look(unit_key, event.entity_type, name, value, in_history=True)


def history_candidates(patterns: list[str]) -> list[AuditEvent]:
    """Audit events whose changes or label pass the rough sieve (one statement)."""
    if not patterns:
        return []
    sieve = [*_sieve(cast(AuditEvent.changes, Text), patterns), *_sieve(AuditEvent.entity_label, patterns)]
    return list(db.session.scalars(select(AuditEvent).where(or_(*sieve)).order_by(AuditEvent.id)).unique())


def _headings(units: list[MentionUnit], events: list[AuditEvent]) -> None:
    by_key = {(u.entity_type, u.entity_id): u for u in units}
    by_type: dict[str, set[int]] = defaultdict(set)
    for unit in units:
        by_type[unit.entity_type].add(unit.entity_id)
    for entity_type, ids in by_type.items():
        if entity_type not in HEADS:
            continue
        model, read = HEADS[entity_type]
        for row in db.session.scalars(select(model).where(model.id.in_(ids))):
            unit = by_key[(entity_type, row.id)]
            unit.label, unit.when = read(row)
            if entity_type == "stakeholderposition":
                unit.parent_type, unit.parent_id = AUDIT_PARENT, row.dossier_id
    newest = {unit_of_event(e): e for e in events}  # events come oldest first: the last one wins
    for unit in units:
        if not unit.label:  # a record that no longer exists, or one no part describes (a user): the trail's name
            event = newest.get((unit.entity_type, unit.entity_id))
            unit.label = event.entity_label if event is not None else f"#{unit.entity_id}"
            if unit.entity_type in HEADS:
                unit.action = "delete"  # the record is gone: entity_url gives no link for a removed record


def find_mentions(person_id: int, matcher: Matcher, linked: dict[str, set[int]], own_events: set[int],
                  handled: set[tuple[str, int]]) -> list[MentionUnit]:  # fmt: skip
    """Every record that mentions the person in free text, linked ones first, then by kind and time.
    `own_events`: the trail of their own records (blanked by the erasure, never listed); `handled`: records the
    erasure deals with whatever is chosen (their stakeholder positions are removed, the PDFs that name them for
    certain replaced), so not listed either."""
    if matcher.empty:
        return []
    patterns = matcher.like_patterns()
    collector = _Collector(matcher, linked)
    _rows(collector, person_id, patterns)
    events = history_candidates(patterns)
    _history(collector, events, own_events, handled)
    units = [unit for key, unit in collector.units.items() if key not in handled]
    _headings(units, events)
    return sorted(units, key=lambda u: (not u.linked, u.entity_type, u.when or datetime.min, u.entity_id))


def chosen_keys(units: list[MentionUnit], chosen: set[str] | None, shown: set[str] | None) -> set[str]:
    """The records whose mentions are replaced: those ticked on the preview; a record found since the preview was
    shown (not in `shown`) follows its default; with no preview at all (the retention review), every default."""
    if chosen is None:
        return {u.key for u in units if u.default}
    shown = shown or set()
    return {u.key for u in units if u.key in chosen or (u.key not in shown and u.default)}

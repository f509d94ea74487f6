"""Replacing a person's mentions in free text, in the records the administrator confirmed on the erasure preview:
their current text, every kept version (minutes versions, letter versions) and the audit trail of those records.

Part of the erasure's one transaction (services_erasure.py calls these with the trail switched off, then scrubs
the trail itself); a record not chosen keeps its text, in the record and in its history alike.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, inspect, or_, select

from crm.audit.models import AuditEvent
from crm.documents.models import GeneratedDocument, MergeJob
from crm.extensions import db
from crm.letters.models import LetterVersion
from crm.privacy.mentions import Matcher
from crm.privacy.queries_mentions import LABEL_IS_TEXT, PARTS, TEXT_FIELDS, unit_of_event

MERGE_RESULT_REMOVED = "Het resultaat is verwijderd: het bevatte gegevens van een persoon die op verzoek zijn gewist."


def fit(obj: Any, attribute: str, value: str | None) -> str | None:
    """A value cut to its column's length (a pseudonym is longer than most names)."""
    if value is None:
        return None
    length = getattr(inspect(type(obj)).columns[attribute].type, "length", None)
    return value[:length] if length else value


def rewrite(obj: Any, attributes: tuple[str, ...], matcher: Matcher, replacement: str) -> bool:
    """Replace the mentions in these text columns of one row; whether anything changed."""
    changed = False
    for attribute in attributes:
        old = getattr(obj, attribute)
        new = fit(obj, attribute, matcher.replace(old, replacement))
        if new != old:
            setattr(obj, attribute, new)
            changed = True
    return changed


def _by_type(keys: set[str]) -> dict[str, set[int]]:
    grouped: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        entity_type, _, entity_id = key.partition(":")
        if entity_id.isdigit():
            grouped[entity_type].add(int(entity_id))
    return grouped


def rewrite_records(chosen: set[str], matcher: Matcher, replacement: str, *, kept_letters: set[int]) -> int:
    """The chosen records' free text, with all their parts and kept versions (one statement per kind of row).
    Generated documents are not rewritten here: a chosen PDF is replaced by a notice (services_erasure.py). The
    versions of a sent letter kept for a recorded reason (`kept_letters`) stay as they were sent. Returns the number
    of rows changed."""
    ids = _by_type(chosen)
    changed = 0
    for part in PARTS:
        if part.model is GeneratedDocument or not ids.get(part.unit):
            continue
        query = select(part.model).where(getattr(part.model, part.unit_column).in_(ids[part.unit]))
        if part.model is LetterVersion and kept_letters:
            query = query.where(LetterVersion.letter_id.not_in(kept_letters))
        for row in db.session.scalars(query):
            touched = rewrite(row, part.columns, matcher, replacement)
            for column in part.json_columns:
                old = getattr(row, column)
                new = matcher.replace_in(old, replacement)
                if new != old:
                    setattr(row, column, new)
                    touched = True
            if part.model is MergeJob and row.result is not None:
                row.result, row.error, touched = None, MERGE_RESULT_REMOVED, True
            changed += touched
    return changed


def trail_of(chosen: set[str]) -> list[AuditEvent]:
    """The audit trail of the chosen records and of their parts (one statement)."""
    conditions = []
    for entity_type, ids in _by_type(chosen).items():
        conditions.append(and_(AuditEvent.entity_type == entity_type, AuditEvent.entity_id.in_(ids)))
        conditions.append(and_(AuditEvent.parent_type == entity_type, AuditEvent.parent_id.in_(ids)))
    if not conditions:
        return []
    return list(db.session.scalars(select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id)).unique())


def scrub_event_text(event: AuditEvent, changes: dict[str, Any], *, chosen: set[str], automatic: bool,
                     matcher: Matcher, exact: Matcher, replacement: str) -> tuple[dict[str, Any], str]:  # fmt: skip
    """An event's changes and label with the person taken out.

    Free text (a contact's notes, a decision) follows the administrator's choice of its record: all mentions go, or
    none. What refers to the person by name elsewhere (a contact's list of people, an attendee, a co-signatory's
    name) goes in every event the erasure found naming them for certain (`automatic`)."""
    is_chosen = "{}:{}".format(*unit_of_event(event)) in chosen
    fields = TEXT_FIELDS.get(event.entity_type, ())
    result = {}
    for name, values in changes.items():
        if name in fields:
            values = matcher.replace_in(values, replacement) if is_chosen else values
        elif automatic:
            values = exact.replace_in(values, replacement)
        result[name] = values
    label = event.entity_label
    if event.entity_type in LABEL_IS_TEXT:
        label = matcher.replace(label, replacement) if is_chosen else label
    elif automatic:
        label = exact.replace(label, replacement)
    return result, (label or "")[:255]

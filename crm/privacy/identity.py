"""Everything that names a person: their current and earlier names, email addresses, phone numbers, salutation.

Earlier values come from the person's own audit trail (replayed in order), so an erasure also finds them where
they were recorded under an old name or address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.extensions import db
from crm.partners.models import Person
from crm.privacy.mentions import Matcher, NameParts
from crm.privacy.scrub import clean_terms

NAME_FIELDS = ("first_name", "initials", "name_prefix", "last_name")
CONTACT_FIELDS = ("email", "phone", "salutation")


def name_forms(state: dict) -> list[str]:
    """The ways a name is written: "Jan de Vries", "J. de Vries", "Vries, Jan de" (as lists sort it)."""
    first, initials, prefix, last = (state.get(key) or "" for key in NAME_FIELDS)
    if not last:
        return []
    given = first or initials
    forms = [" ".join(p for p in (given, prefix, last) if p)]
    if first and initials:
        forms.append(" ".join(p for p in (initials, prefix, last) if p))
    if given:
        forms.append(f"{last}, {' '.join(p for p in (given, prefix) if p)}")
    return forms


@dataclass
class Identity:
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    salutations: list[str] = field(default_factory=list)
    name_parts: list[NameParts] = field(default_factory=list)  # each name they had: how they are mentioned

    @property
    def terms(self) -> list[str]:
        return clean_terms([*self.names, *self.emails, *self.phones, *self.salutations])

    @property
    def lower_emails(self) -> set[str]:
        return {e.strip().lower() for e in self.emails if e and e.strip()}

    def matcher(self) -> Matcher:
        """Every mention of them in free text: addresses and numbers, full names, and surname phrases."""
        return Matcher(self.name_parts, [*self.emails, *self.phones], [*self.names, *self.salutations])

    def exact_matcher(self) -> Matcher:
        """Only what names them for certain (no surname alone): for references to them, which are never about
        anyone else (a contact's list of people, a signatory's name)."""
        return Matcher([], [*self.emails, *self.phones], [*self.names, *self.salutations])


def _state_of(person: Person) -> dict:
    return {key: getattr(person, key) for key in (*NAME_FIELDS, *CONTACT_FIELDS)}


def identity_of(person: Person) -> Identity:
    """Current and earlier names and contact details of one person (one statement)."""
    identity = Identity()

    def note(state: dict) -> None:
        identity.names.extend(name_forms(state))
        if state.get("last_name"):
            identity.name_parts.append(NameParts(*(state.get(key) for key in NAME_FIELDS)))
        for key, target in (("email", identity.emails), ("phone", identity.phones),
                            ("salutation", identity.salutations)):  # fmt: skip
            if state.get(key):
                target.append(str(state[key]))

    note(_state_of(person))
    query = (
        select(AuditEvent.changes)
        .where(AuditEvent.entity_type == "person", AuditEvent.entity_id == person.id)
        .order_by(AuditEvent.id)
    )
    state: dict = {}
    for changes in db.session.scalars(query):
        if not isinstance(changes, dict):
            continue
        before = dict(state)
        for key in (*NAME_FIELDS, *CONTACT_FIELDS):
            values = changes.get(key)
            if isinstance(values, list) and len(values) == 2:
                if values[0] is not None:
                    before[key] = values[0]
                state[key] = values[1]
        note(before)
        note(state)
    for attribute in ("names", "emails", "phones", "salutations"):
        values = getattr(identity, attribute)
        setattr(identity, attribute, list(dict.fromkeys(str(v) for v in values if v)))
    identity.name_parts = list(dict.fromkeys(identity.name_parts))
    return identity


def identities_of(people: list[Person]) -> Identity:
    """The current names and email addresses of several people (others in a shared contact): no statements."""
    combined = Identity()
    for person in people:
        state = _state_of(person)
        combined.names.extend(name_forms(state))
        if person.email:
            combined.emails.append(person.email)
    return combined

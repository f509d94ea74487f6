"""From a spreadsheet row to what would be saved: the values per field, the row's problems and its duplicates.

The same checks serve the preview (the first rows, shown) and the job (every row, saved): what the preview
promises is what the import does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from crm.common.text import fold
from crm.imports.fields import Field, fields_of
from crm.imports.models import ImportKind
from crm.imports.values import NotADate, organisation_kind, parse_date, text_of, valid_email
from crm.interactions.models import InteractionKind
from crm.partners.duplicates import OrganisationsIndex, PeopleIndex, person_match_key


@dataclass
class CheckedRow:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # ids of people or organisations it may repeat
    organisation_id: int | None = None  # the organisation named in the row, found
    parent_id: int | None = None
    person_id: int | None = None  # contacts: the person named, found
    bad_fields: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


class RowChecker:
    """Checks rows of one import against the registry, read once (two statements, whatever the number of rows)."""

    def __init__(self, kind: str, mapping: dict[str, str]) -> None:
        self.kind = ImportKind(kind)
        self.fields = fields_of(kind)
        self.mapping = {int(index): name for index, name in mapping.items() if name in self.fields}
        self.organisations = OrganisationsIndex()
        self.people = PeopleIndex() if self.kind != ImportKind.ORGANISATIONS else None
        self.people_by_email: dict[str, list[int]] = self.people.by_email if self.people else {}

    def missing_required(self) -> list[Field]:
        mapped = set(self.mapping.values())
        return [f for f in self.fields.values() if f.required and f.name not in mapped]

    def check(self, number: int, cells: list[Any]) -> CheckedRow:
        row = CheckedRow(number)
        for index, name in self.mapping.items():
            spec = self.fields[name]
            raw = cells[index] if index < len(cells) else ""
            row.values[name] = self._value(spec, raw, row)
        for spec in self.fields.values():
            if spec.required and row.values.get(spec.name) in (None, "") and spec.name not in row.bad_fields:
                row.problems.append(str(_l("%(field)s is missing.", field=spec.label)))
        if self.kind == ImportKind.PEOPLE:
            self._check_person(row)
        elif self.kind == ImportKind.ORGANISATIONS:
            self._check_organisation(row)
        else:
            self._check_contact(row)
        return row

    def _value(self, spec: Field, raw: Any, row: CheckedRow) -> Any:
        if spec.type == "date":
            try:
                return parse_date(raw)
            except NotADate:
                row.bad_fields.add(spec.name)
                row.problems.append(str(_l("%(field)s: date not understood (%(value)s).", field=spec.label,
                                           value=text_of(raw)[:40])))  # fmt: skip
                return None
        text = text_of(raw)
        if len(text) > spec.max_length:
            row.problems.append(
                str(_l("%(field)s: at most %(max)s characters.", field=spec.label, max=spec.max_length))
            )
            return text[: spec.max_length]
        if spec.type == "email" and text:
            if not valid_email(text):
                row.problems.append(str(_l("%(field)s: not a valid e-mail address (%(value)s).", field=spec.label,
                                           value=text[:60])))  # fmt: skip
            return text.lower()
        if spec.type == "org_kind":
            if not text:
                return None
            kind = organisation_kind(text)
            if kind is None:
                row.problems.append(str(_l("Kind not known: %(value)s.", value=text[:60])))
            return kind
        if spec.type == "contact_kind":
            return _contact_kind(text, row)
        return text or None

    def _find_organisation(self, row: CheckedRow, name: str | None, label: Any) -> int | None:
        if not name:
            return None
        found = self.organisations.by_name(name)
        if not found:
            row.problems.append(str(_l("%(field)s not found in the registry: %(value)s.", field=label, value=name)))
            return None
        if len(found) > 1:
            row.problems.append(str(_l("Several organisations are called %(value)s.", value=name)))
            return None
        return found[0]

    def _check_person(self, row: CheckedRow) -> None:
        values = row.values
        row.organisation_id = self._find_organisation(row, values.get("organisation"), _l("Organisation"))
        if values.get("last_name"):
            row.duplicates = self.people.similar(values.get("first_name"), values["last_name"], values.get("email"))

    def _check_organisation(self, row: CheckedRow) -> None:
        row.parent_id = self._find_organisation(row, row.values.get("parent"), _l("Part of (organisation)"))
        if row.values.get("name"):
            row.duplicates = self.organisations.similar(row.values["name"])

    def _check_contact(self, row: CheckedRow) -> None:
        values = row.values
        row.organisation_id = self._find_organisation(row, values.get("organisation"), _l("Organisation"))
        if who := values.get("person"):
            row.person_id = self._find_person(row, who)
        if not values.get("person") and not values.get("organisation"):
            row.problems.append(str(_l("Name a person or an organisation the contact was with.")))

    def _find_person(self, row: CheckedRow, who: str) -> int | None:
        """A person by e-mail address, or by exactly their name ("Ilse van der Wouden")."""
        if "@" in who:
            found = list(self.people_by_email.get(who.strip().lower(), []))
        else:
            parts = who.split()
            key = person_match_key(" ".join(parts[:-1]) or None, parts[-1]) if parts else ""
            found = [i for i, k in self.people.by_letter.get(key[:1], {}).items() if k == key]
        if not found:
            row.problems.append(str(_l("Person not found in the registry: %(value)s.", value=who)))
            return None
        if len(found) > 1:
            row.problems.append(str(_l("Several people match %(value)s; use their e-mail address.", value=who)))
            return None
        return found[0]


CONTACT_KIND_WORDS = {
    "telefoon": "call", "telefoongesprek": "call", "bellen": "call", "gebeld": "call", "call": "call",
    "phone": "call", "phone call": "call", "e-mail": "email", "email": "email", "mail": "email",
    "overleg": "meeting", "afspraak": "meeting", "vergadering": "meeting", "meeting": "meeting",
    "werkbezoek": "work_visit", "work visit": "work_visit", "evenement": "event", "bijeenkomst": "event",
    "event": "event", "brief": "letter", "letter": "letter", "media": "media", "pers": "media",
    "social media": "social", "social": "social", "overig": "other", "anders": "other", "other": "other",
}  # fmt: skip


def _contact_kind(text: str, row: CheckedRow) -> str:
    key = fold(text)
    if not key:
        return InteractionKind.OTHER.value
    if key in {k.value for k in InteractionKind}:
        return key
    kind = CONTACT_KIND_WORDS.get(key)
    if kind is None:
        row.problems.append(str(_l("Kind not known: %(value)s.", value=text[:60])))
        return InteractionKind.OTHER.value
    return kind

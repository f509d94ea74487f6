"""The values of a person or organisation an import may change: kept before an update, put back by undo."""

from __future__ import annotations

from typing import Any

from crm.partners.models import Organisation, Person

PERSON_FIELDS = ("first_name", "initials", "name_prefix", "last_name", "salutation", "email", "phone", "notes")
ORGANISATION_FIELDS = ("name", "acronym", "kind", "website", "email", "phone", "address", "postal_code", "city",
                       "description", "parent_id")  # fmt: skip


def fields_of(record: Any) -> tuple[str, ...]:
    if isinstance(record, Person):
        return PERSON_FIELDS
    if isinstance(record, Organisation):
        return ORGANISATION_FIELDS
    return ()


def snapshot(record: Any) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in fields_of(record)}
    values["tags"] = [tag.name for tag in record.tags]
    return values

"""Stored choices with their labels: a StrEnum whose members are written `DRAFT = "draft", _l("Draft")`.

The member is the plain string ("draft" is what the database stores and the forms post); its label is
`member.label`, and `Enum.labels()` is the {member: label} table the forms and `register_value_labels` take.
A record shows the label of a stored value with `label_of`: `stance_label = label_of("stance", Stance.label_for)`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, Self


class LabelledEnum(StrEnum):
    label: Any

    def __new__(cls, value: str, label: Any) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls) -> dict[Self, Any]:
        return {member: member.label for member in cls}

    @classmethod
    def label_for(cls, value: str | None) -> str:
        """The label of a stored value; a value that is not (or no longer) one of the choices shows as itself."""
        return str(cls(value).label) if value in set(cls) else str(value or "")


def label_of(attribute: str, labeller: Callable[[Any], str]) -> property:
    """A read-only attribute of a record or a row: the label of the value of another of its attributes."""
    return property(lambda record: labeller(getattr(record, attribute)))

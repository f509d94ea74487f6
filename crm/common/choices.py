"""Stored choices with their labels: a StrEnum whose members are written `DRAFT = "draft", _l("Draft")`.

The member is the plain string ("draft" is what the database stores and the forms post); its label is
`member.label`, and `Enum.labels()` is the {member: label} table the forms take. A column declares the enum it
stores with `info=choices(Enum)`: the history finds the labels of its values there (crm/common/labels.py).
"""

from __future__ import annotations

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
    def label_of(cls, value: str | None) -> str:
        """A stored value as the user reads it: its member's label, or the value itself when it is no member."""
        member = cls._value2member_map_.get(value)
        return str(member.label) if member is not None else str(value or "")

    @classmethod
    def label_property(cls, field: str) -> property:
        """A record's read-only attribute: the label of the value stored in its `field`."""
        return property(lambda record: cls.label_of(getattr(record, field)))


def choices(enum: type[LabelledEnum]) -> dict[str, Any]:
    """The `info` of a column that stores members of `enum`."""
    return {"choices": enum}

"""Stored choices with their labels: a StrEnum whose members are written `DRAFT = "draft", _l("Draft")`.

The member is the plain string ("draft" is what the database stores and the forms post); its label is
`member.label`, and `Enum.labels()` is the {member: label} table the forms and `register_value_labels` take.
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

"""Cell values as the registry wants them: dates in the forms Dutch and English spreadsheets hold, e-mail addresses,
organisation kinds by their Dutch or English label."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from crm.common.text import fold
from crm.partners.kinds import KIND_LABELS, OrganisationKind

DUTCH_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "apr": 4, "april": 4, "mei": 5,
    "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8, "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "oct": 10,
    "october": 10,
}  # fmt: skip
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
_NUMERIC = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


class NotADate(ValueError):
    pass


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value) -> date | None:
    """A date from an XLSX date cell, an Excel day number, or text: 2024-03-01, 1-3-2024, 01/03/2024, 1.3.2024,
    1 maart 2024, 1 mrt. 2024 (day first, as in the Netherlands). Empty: None. Anything else: NotADate."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_day(value)
    text = fold(str(value)).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _excel_day(float(text))
    if match := _NUMERIC.match(text):
        first, second, third = (int(g) for g in match.groups())
        if len(match.group(1)) == 4:  # 2024-03-01
            return _make(first, second, third)
        if len(match.group(3)) == 4:  # 1-3-2024: day first
            return _make(third, second, first)
        if len(match.group(3)) == 2:  # 1-3-24
            return _make(2000 + third, second, first)
    if match := _WORDS.match(text):
        month = DUTCH_MONTHS.get(match.group(2))
        if month:
            return _make(int(match.group(3)), month, int(match.group(1)))
    raise NotADate(str(value))


def _excel_day(number: float) -> date:
    if not 1 <= number < 2958466:
        raise NotADate(str(number))
    return EXCEL_EPOCH + timedelta(days=int(number))


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise NotADate(f"{year}-{month}-{day}") from error


def valid_email(text: str) -> bool:
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def organisation_kind(text: str) -> str | None:
    """An organisation kind by its code, its English or its Dutch label; None when unknown."""
    key = fold(text)
    if not key:
        return OrganisationKind.OTHER.value
    return _kind_lookup().get(key)


@lru_cache(maxsize=1)
def _kind_lookup() -> dict[str, str]:
    from flask_babel import force_locale

    lookup = {}
    for kind in OrganisationKind:
        lookup[kind.value] = lookup[fold(kind.value.replace("_", " "))] = kind.value
    for locale in ("en", "nl"):
        with force_locale(locale):
            for kind, label in KIND_LABELS.items():
                lookup[fold(str(label))] = kind.value
    return lookup

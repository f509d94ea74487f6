"""Replacing what identifies a person in free text and in stored JSON (audit changes, document inputs).

Pure functions: they know nothing of the database, so they are tested on their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

MIN_TERM = 4  # shorter strings (initials, "06") would match far too much


def clean_terms(candidates: Iterable[str | None]) -> list[str]:
    """The distinct terms worth replacing, longest first (so "Jan de Vries" goes before "de Vries" would)."""
    seen: dict[str, str] = {}
    for value in candidates:
        text = re.sub(r"\s+", " ", (value or "")).strip()
        if len(text) >= MIN_TERM:
            seen.setdefault(text.casefold(), text)
    return sorted(seen.values(), key=lambda term: (-len(term), term))


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all terms, as whole words; a space in a term matches any whitespace."""
    if not terms:
        return None
    parts = [r"\s+".join(re.escape(word) for word in term.split(" ")) for term in terms]
    # Whole words only: "Jan de Vries" is not the start of "Jan de Vriesland".
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def replace_in(value: Any, pattern: re.Pattern[str] | None, replacement: str) -> Any:
    """The same structure (dicts, lists, strings) with every match replaced; other values unchanged."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, dict):
        return {key: replace_in(item, pattern, replacement) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [replace_in(item, pattern, replacement) for item in value]
    return value


def blank_values(changes: dict[str, Any], fields: Iterable[str], marker: str) -> dict[str, Any]:
    """Audit changes ({field: [old, new]}) with the values of these fields replaced by `marker` (None stays None):
    the history still says the field changed, not what it said."""
    fields = set(fields)
    result = {}
    for key, values in changes.items():
        if key in fields and isinstance(values, list):
            result[key] = [None if v in (None, "", []) else marker for v in values]
        else:
            result[key] = values
    return result


def json_forms(term: str) -> list[str]:
    """How a term may be spelled inside stored JSON text: as typed, and with non-ASCII escaped (\\u00eb)."""
    escaped = json.dumps(term)[1:-1]
    return [term] if escaped == term else [term, escaped]

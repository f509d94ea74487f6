"""Text normalisation shared by search, duplicate detection and tags."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s@.'-]+")


def fold(value: str | None) -> str:
    """Lower-case, strip accents, unify quotes and spaces: "Kunsten ’92" and "kunsten '92" fold alike."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.translate(_QUOTES))
    # Drop accents and control characters (a NUL would break PostgreSQL text parameters).
    without_marks = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and (ch.isprintable() or ch.isspace())
    )
    return _SPACES.sub(" ", without_marks.casefold()).strip()


def fold_for_match(value: str | None) -> str:
    """Like `fold`, but also drops punctuation, for comparing names that may be near-duplicates."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(value)).replace("'", "")).strip()


def escape_like(value: str) -> str:
    """Escape LIKE wildcards so user input matches literally (used with escape='\\')."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def split_tags(raw: str | None) -> list[str]:
    """Comma- or semicolon-separated tags, trimmed, de-duplicated case-insensitively, order kept."""
    seen: set[str] = set()
    tags: list[str] = []
    for part in re.split(r"[,;]", raw or ""):
        name = _SPACES.sub(" ", part).strip()
        if name and fold(name) not in seen:
            seen.add(fold(name))
            tags.append(name)
    return tags

"""Query building blocks shared by the list pages of every domain."""

from __future__ import annotations

from crm.common.text import escape_like, fold

STATUSES = ("active", "archived", "all")


def word_filters(column, q: str) -> list:
    """Every word of the query must occur in the folded search text (any order, accents ignored)."""
    return [column.like(f"%{escape_like(word)}%", escape="\\") for word in fold(q).split()[:8]]


def archived_filter(model, status: str) -> list:
    if status == "archived":
        return [model.archived_at.is_not(None)]
    if status == "all":
        return []
    return [model.archived_at.is_(None)]

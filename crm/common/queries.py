"""Query building blocks shared by the list pages of every domain."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.common.text import escape_like, fold
from crm.extensions import db

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


def capped_count(query, cap: int) -> int:
    """How many rows the query returns, counting no further than `cap` + 1 (shown as "cap+")."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(limited)) or 0

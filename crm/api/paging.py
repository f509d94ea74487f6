"""Cursor paging for the API's lists: the list's filters as on the web page, then a stable order on a column and
the id, and an opaque cursor naming the last row seen. Rows added meanwhile never shift a page (no offsets)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_

from crm.api.problems import ApiProblem
from crm.extensions import db

SORTS = ("id", "-id", "updated_at", "-updated_at")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _encode(sort: str, value: Any, row_id: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps({"s": sort, "v": value, "i": row_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data["s"] != sort or not isinstance(data["i"], int):
            raise ValueError
        value = data["v"]
        if sort.lstrip("-") == "updated_at":
            value = datetime.fromisoformat(value)
        elif not isinstance(value, int):
            raise ValueError
        return value, data["i"]
    except (ValueError, KeyError, TypeError):
        raise ApiProblem(400, _l("Bad request"), _l("This cursor is not valid (for this sort order).")) from None


def page(query: Select, model: Any, *, sort: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of the query's rows (entities of `model`) and the cursor of the next page (None on the last)."""
    if sort not in SORTS:
        sort = "id"
    column = getattr(model, sort.lstrip("-"))
    descending = sort.startswith("-")
    query = query.order_by(None)
    if cursor:
        value, last_id = _decode(cursor, sort)
        if descending:
            query = query.where(or_(column < value, and_(column == value, model.id < last_id)))
        else:
            query = query.where(or_(column > value, and_(column == value, model.id > last_id)))
    if descending:
        query = query.order_by(column.desc(), model.id.desc())
    else:
        query = query.order_by(column.asc(), model.id.asc())
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode(sort, getattr(last, sort.lstrip("-")), last.id)

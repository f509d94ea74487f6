"""Small helpers for reading what a user sees."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import datetime

from sqlalchemy import func, select

from crm.common.time import local_to_utc
from crm.extensions import db

TAG = re.compile(r"<[^>]+>")


def text_of(response) -> str:
    """The visible text of an HTML response, whitespace folded: what a user reads."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", body))).strip()


def csv_rows(response, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV download as the user's Excel splits them: on ";" for a Dutch user (the default), on ","
    for an English one."""
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # the byte-order mark that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def form_values(**fields) -> dict:
    """Form data with empty strings for None (as a browser sends empty fields)."""
    return {key: ("" if value is None else value) for key, value in fields.items()}


def rows_of(response) -> list[str]:
    """The visible text of each row in the page's tables (results, not the filter menus)."""
    body = response.get_data(as_text=True)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", row))).strip() for row in rows]


def listed(response) -> str:
    """All table rows of a page joined: what the result list shows."""
    return " | ".join(rows_of(response))


def section(text: str, start: str, end: str) -> str:
    """The part of a page's text from `start` up to `end`: one widget or section, read on its own."""
    return start + text.split(start, 1)[1].split(end, 1)[0]


def local(*parts) -> datetime:
    """A moment as a Dutch user reads the clock (datetime(*parts) in Europe/Amsterdam), as the database stores it."""
    return local_to_utc(datetime(*parts), "Europe/Amsterdam")

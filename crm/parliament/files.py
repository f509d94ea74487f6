"""Answer OData requests from files in the API's own format, as the Gegevensmagazijn would.

A folder holds, per entity set, files named `<Set>*.json`, each a collection envelope `{"value": [...]}` (recorded
or synthetic pages). `FileApi` answers `GET <base>/<Set>?$filter=ApiGewijzigdOp gt <mark>&$orderby=ApiGewijzigdOp
&$skip=N` like the real service: the rows after the mark, oldest first, a page at a time with `@odata.nextLink`.
Other conditions in `$filter` (the activity window) are not applied.

Used by the demo (`DemoTransport`: the bundled demo parliament, through the same client and importer as the real
API), by the tests' local HTTP server and by the benchmark's. It reads only the folder it was given, and only files
named after a known entity set: nothing in a URL becomes a path.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from crm.parliament.records import BY_NAME
from crm.parliament.values import AMSTERDAM, sortable_mark

MARK_FILTER = re.compile(r"ApiGewijzigdOp (gt|ge) (\S+)")
DEMO_FOLDER = Path(__file__).resolve().parents[1] / "demo" / "parliament"
DEMO_BASE_URL = "http://demo.bondgenoot.invalid/OData/v4/2.0/"


def load_rows(folder: Path, entity_set: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob(f"{entity_set}*.json")):
        if path.stem == entity_set or path.stem.startswith(f"{entity_set}_"):  # not CommissieZetel for Commissie
            rows.extend(json.loads(path.read_text(encoding="utf-8"))["value"])
    return rows


class FileApi:
    def __init__(self, folder: Path, *, page_size: int = 250, transform: Callable[[str, dict], dict] | None = None):
        self.folder = folder
        self.page_size = page_size
        self.transform = transform
        self._cache: dict[str, tuple[list[tuple], list[dict[str, Any]]]] = {}

    def rows(self, entity_set: str) -> list[dict[str, Any]]:
        return self._sorted(entity_set)[1]

    def _sorted(self, entity_set: str) -> tuple[list[tuple], list[dict[str, Any]]]:
        """The set's rows oldest first, with their sort keys (for a binary search on the mark)."""
        if entity_set not in self._cache:
            rows = load_rows(self.folder, entity_set)
            if self.transform:
                rows = [self.transform(entity_set, row) for row in rows]
            keyed = sorted((((_key(_published(row)), _row_id(row)), row) for row in rows), key=lambda pair: pair[0])
            self._cache[entity_set] = ([key for key, _row in keyed], [row for _key_, row in keyed])
        return self._cache[entity_set]

    def answer(self, url: str) -> tuple[int, dict[str, Any]]:
        """(status, JSON body) for a GET of `url`."""
        parts = urlsplit(url)
        entity_set = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if entity_set not in BY_NAME:
            return 404, {"error": {"code": "404", "message": f"Resource not found for the segment '{entity_set}'."}}
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        keys, rows = self._sorted(entity_set)
        match = MARK_FILTER.search(params.get("$filter", ""))
        if match:  # a binary search for the first row after (gt) or at (ge) the mark
            mark = _key(match.group(2))
            start = bisect_right(keys, (mark, "\uffff")) if match.group(1) == "gt" else bisect_left(keys, (mark,))
            rows = rows[start:]
        skip = int(params.get("$skip", "0") or 0)
        size = min(int(params.get("$top", self.page_size) or self.page_size), self.page_size)
        body: dict[str, Any] = {
            "@odata.context": f"{url.split(entity_set)[0]}$metadata#{entity_set}",
            "value": rows[skip : skip + size],
        }
        if skip + size < len(rows):
            params["$skip"] = str(skip + size)
            body["@odata.nextLink"] = f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(params)}"
        return 200, body


def _published(row: Any) -> Any:
    return row.get("ApiGewijzigdOp") if isinstance(row, dict) else None


def _row_id(row: Any) -> str:
    return str(row.get("Id")) if isinstance(row, dict) else ""


def _key(value: Any) -> tuple:
    try:
        return sortable_mark(value)
    except (ValueError, TypeError):
        return (datetime.min, 0)


# --- the demo: files whose dates move with today ------------------------------------------------------------------

DEMO_ANCHOR = date(2026, 1, 5)  # a Monday: the demo files' "this week"
SHIFTED_SETS = frozenset({"Activiteit", "Agendapunt", "Zaak", "Document", "Besluit", "Toezegging"})
SHIFTED_FIELDS = frozenset(
    {
        "Datum",
        "Aanvangstijd",
        "Eindtijd",
        "GestartOp",
        "DatumRegistratie",
        "DatumNakoming",
        "Aanmaakdatum",
        "GewijzigdOp",
    }
)


def shift_value(value: str, days: int) -> str:
    """An ISO date or Amsterdam time moved by whole days on the local calendar (10:00 stays 10:00 across summer
    time, with the offset of its new day)."""
    if len(value) == 10:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(AMSTERDAM)
    local = moment.replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=AMSTERDAM).isoformat()


def demo_transform(today: date) -> Callable[[str, dict], dict]:
    """Move the demo's agenda by whole weeks so that its "this week" is today's week (weekdays stay)."""
    days = ((today - DEMO_ANCHOR).days // 7) * 7

    def transform(entity_set: str, row: dict) -> dict:
        if entity_set not in SHIFTED_SETS or not days:
            return row
        return {
            key: shift_value(value, days) if key in SHIFTED_FIELDS and isinstance(value, str) else value
            for key, value in row.items()
        }

    return transform


class DemoTransport(httpx.BaseTransport):
    """httpx transport that answers from the bundled demo folder only (no network)."""

    def __init__(self, today: date, folder: Path = DEMO_FOLDER):
        self.api = FileApi(folder, transform=demo_transform(today))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        status, body = self.api.answer(str(request.url))
        return httpx.Response(status, json=body, request=request)

"""The dashboard as the fields of the dashboard_report template (for the board meeting): every widget's table as
plain values, the kinds and the heat map with what the PDF draws them with. Always in Dutch, like the other
documents we send, whatever language the director reads the site in."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import force_locale, format_date

from crm.coalitions import queries as coalition_queries
from crm.dashboard import tables
from crm.dashboard.queries import Dashboard, DashboardFilters

# The widgets in the order the PDF prints them, each with the column its bars are drawn from (None: no bars) and
# what a full bar stands for: the largest value of that column (None), or a fixed whole — the government reached is a
# share of all organisations of its kind, drawn against 100 % as the dashboard on screen draws it.
PRINTED = (
    ("contacts-by-kind", 1, None),
    ("government", 3, 100),
    ("letters", 1, None),
    ("waiting", None, None),
    ("going-cold", None, None),
    ("upcoming", None, None),
    ("overdue", 1, None),
    ("dossiers", None, None),
)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_date(value, "d MMM yyyy") + value.strftime(" %H:%M")
    if isinstance(value, date):
        return format_date(value, "d MMM yyyy")
    return "" if value is None else value


def _table(table: tables.Table, bars: int | None, whole: int | None = None) -> dict[str, Any]:
    rows = [[_cell(value) for value in row] for row in table.rows]
    peak = max((row[bars] for row in table.rows if isinstance(row[bars], int)), default=0) if bars is not None else 0
    peak = whole if whole is not None and bars is not None else peak
    return {"title": table.title, "headers": table.headers, "rows": rows, "bars": -1 if bars is None else bars,
            "peak": peak}  # fmt: skip


def _scope(filters: DashboardFilters, colleague: str | None) -> str:
    parts = []
    if filters.coalition_id:
        found = coalition_queries.coalitions_by_ids([filters.coalition_id])
        parts.append(f"Coalitie: {found[0].name}" if found else "")
    if filters.dossier_id:
        found = coalition_queries.dossiers_by_ids([filters.dossier_id])
        parts.append(f"Dossier: {found[0].title}" if found else "")
    if colleague:
        parts.append(f"Collega: {colleague}")
    return "; ".join(part for part in parts if part)


def dashboard_values(data: Dashboard, filters: DashboardFilters, colleague: str | None) -> dict[str, Any]:
    with force_locale("nl"):
        printed = PRINTED if data.stakeholders is None else (*PRINTED, ("stakeholders", None, None))
        widgets = [_table(tables.WIDGETS[name](data), bars, whole) for name, bars, whole in printed]
        weeks = _table(tables.contacts_per_week(data), 1)
        activity = {
            "months": [format_date(month.first, "MMM yy") for month in data.activity.months],
            "rows": [
                {"name": row.name, "cells": [cell.total for cell in row.cells], "total": row.total}
                for row in data.activity.rows
            ],
            "peak": data.activity.peak,
        }
        return {
            "period": {
                "start": data.period.start.isoformat(),
                "end": data.period.end.isoformat(),
                "previous_start": data.previous.start.isoformat(),
                "previous_end": data.previous.end.isoformat(),
            },
            "scope": _scope(filters, colleague),
            "summary": {
                "contacts": data.contacts,
                "contacts_before": data.contacts_before,
                "cold": data.cold.total,
                "cold_days": filters.cold_days,
                "waiting": len(data.waiting),
                "overdue": sum(o.count for o in data.overdue),
            },
            "weeks": weeks,
            "widgets": widgets,
            "activity": activity,
        }

"""Spreadsheet files made the way Excel and LibreOffice write them, for the import tests."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook

PEOPLE_HEADERS_NL = [
    "Voornaam",
    "Tussenvoegsel",
    "Achternaam",
    "E-mailadres",
    "Organisatie",
    "Functie",
    "In functie sinds",
]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """Excel's "CSV UTF-8" (a BOM, `;` in Dutch Excel), or "CSV (gescheiden door lijstteken)" with cp1252."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], *, number_formats: dict[int, str] | None = None) -> bytes:
    """An .xlsx written with openpyxl: dates as real date cells (Excel stores them as day numbers with a date format)
    or as text, as the rows hold them."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for column, number_format in (number_formats or {}).items():
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def people_rows(count: int, *, start: int = 0, organisation: str = "Stichting Proef") -> list[list]:
    return [
        [f"Anna{n}", "van", f"Berg{n:05d}", f"anna{n}@voorbeeld.example", organisation, "Beleidsmedewerker",
         date(2023, 1 + n % 12, 1 + n % 28)]
        for n in range(start, start + count)
    ]  # fmt: skip


def as_text_dates(rows: list[list]) -> list[list]:
    return [[f"{v.day}-{v.month}-{v.year}" if isinstance(v, date | datetime) else v for v in row] for row in rows]

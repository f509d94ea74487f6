"""Spreadsheet exports (CSV and XLSX) that are safe to open: no cell is ever taken for a formula.

Every CSV download goes through `csv_response`, which writes the CSV the way the user's Excel reads it: Excel
splits a CSV on the list separator of the Windows region, which is ";" in the Netherlands (where "," is the
decimal comma) and "," in English-speaking regions. So a Dutch user gets ";" and decimal commas, an English user
"," and decimal points; both with a UTF-8 byte-order mark so Excel picks the right encoding.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from flask import Response, stream_with_context
from flask_babel import get_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A spreadsheet evaluates a cell starting with one of these as a formula (or DDE command): OWASP "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal: str


DUTCH_EXCEL = CsvDialect(delimiter=";", decimal=",")
ENGLISH_EXCEL = CsvDialect(delimiter=",", decimal=".")


def csv_dialect() -> CsvDialect:
    """The separators the current user's Excel expects, by the language they use Bondgenoot in."""
    locale = get_locale()
    return ENGLISH_EXCEL if locale is not None and locale.language == "en" else DUTCH_EXCEL


def _csv_text(value: Any, dialect: CsvDialect = DUTCH_EXCEL) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(value).replace(".", dialect.decimal)
    return str(neutralise(value))


def csv_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    """Streamed CSV (RFC 4180 quoting, UTF-8 with a byte-order mark so spreadsheets pick the right encoding), with
    the separators of the user's Excel (`csv_dialect`)."""
    dialect = csv_dialect()  # read now: the generator runs after the view has returned

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=dialect.delimiter)
        buffer.write("\ufeff")
        writer.writerow([_csv_text(h, dialect) for h in headers])
        for row in rows:
            writer.writerow([_csv_text(v, dialect) for v in row])
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    _attach(response, filename)
    return response


def xlsx_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str, sheet: str) -> Response:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(worksheet, value=str(title))
        cell.font = bold
        header_cells.append(cell)
    worksheet.append(header_cells)
    for row in rows:
        worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    response = Response(output.getvalue(), mimetype=XLSX_MIMETYPE)
    _attach(response, filename)
    return response


def _xlsx_cell(worksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula; text stays text
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def content_disposition(disposition: str, filename: str) -> str:
    """A download name that survives every browser: plain ASCII, plus the exact name in UTF-8 (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _attach(response: Response, filename: str) -> None:
    response.headers["Content-Disposition"] = content_disposition("attachment", filename)

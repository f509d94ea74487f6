"""Reading an uploaded spreadsheet into header + rows of text, refusing what is not one.

- The type is told by the content, never by the file name: an XLSX is a ZIP with `xl/workbook.xml`; anything else
  must be text (no NUL bytes, no known binary signature). An old .xls is refused with the advice to save as .xlsx.
- Text: UTF-8 (with or without a byte-order mark) or Windows-1252 as Excel writes "CSV (gescheiden door lijstteken)".
  Bytes that are broken UTF-8 (valid multi-byte sequences next to invalid ones) are refused rather than guessed.
- The delimiter is sniffed (`;`, `,`, tab or `|`).
- XLSX: openpyxl in read-only mode. Formulas are never evaluated: with `data_only=False` a formula cell reads as its
  text ("=SUM(A1:A3)") and is stored as that text; dates come as dates (or as Excel's day numbers, see values.py).
- Limits: the file size, the number of columns of any row and the number of rows (settings IMPORT_MAX_*).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError

BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Excel .xls (and .doc)
# Lead bytes followed by continuation bytes: text that was meant to be UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
XLSX_MAX_UNPACKED = 400 * 1024 * 1024  # a ZIP that unpacks to more than this is a bomb, not a member list


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]  # cells: str, or date/datetime/number from an XLSX
    file_type: str  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None


def _limits() -> tuple[int, int, int]:
    config = current_app.config
    return config["IMPORT_MAX_BYTES"], config["IMPORT_MAX_COLUMNS"], config["IMPORT_MAX_ROWS"]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def check_size(size: int) -> None:
    max_bytes = _limits()[0]
    if size > max_bytes:
        raise ServiceError(
            _l("This file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.",
               size=megabytes(size), limit=megabytes(max_bytes)), field="file"
        )  # fmt: skip


def read_table(data: bytes) -> Table:
    check_size(len(data))
    if not data.strip():
        raise ServiceError(_l("The file is empty."), field="file")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(OLE_SIGNATURE):
        raise ServiceError(_l("This is an old Excel file (.xls). Save it as .xlsx or CSV and try again."), field="file")
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise ServiceError(_l("This is not a CSV or Excel (.xlsx) file."), field="file")
    text, encoding = decode_text(data)
    return _read_csv(text, encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _broken_utf8(data, error.start + 3) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data) or _CP1252_UNDEFINED & set(data):
            raise _broken_utf8(data, error.start) from error
        return data.decode("cp1252"), "windows-1252"


def _broken_utf8(data: bytes, position: int) -> ServiceError:
    line = data.count(b"\n", 0, position) + 1
    return ServiceError(
        _l("The file is not valid UTF-8 text (line %(line)s has bytes that are no characters). Save it again as "
           "\"CSV UTF-8\" and try again.", line=line), field="file"
    )  # fmt: skip


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:65536].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count)


def _read_csv(text: str, encoding: str) -> Table:
    _max_bytes, max_columns, max_rows = _limits()
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    try:
        for number, row in enumerate(reader, start=1):
            _check_row(number, len(row), max_columns, max_rows)
            rows.append([cell.strip() for cell in row])
    except csv.Error as error:
        raise ServiceError(
            _l("The file could not be read as CSV: %(reason)s", reason=str(error)), field="file"
        ) from error
    return _table(rows, "csv", encoding=encoding, delimiter=delimiter)


def _check_row(number: int, columns: int, max_columns: int, max_rows: int) -> None:
    if columns > max_columns:
        raise ServiceError(
            _l("Row %(row)s has %(n)s columns; at most %(max)s are allowed.", row=number, n=columns, max=max_columns),
            field="file",
        )
    if number > max_rows + 1:
        raise ServiceError(_l("The file has more than %(max)s rows. Split it into smaller files.", max=max_rows),
                           field="file")  # fmt: skip


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ServiceError(_l("This is not a CSV or Excel (.xlsx) file."), field="file") from error
    if "xl/workbook.xml" not in names:
        raise ServiceError(_l("This is not a CSV or Excel (.xlsx) file."), field="file")
    if unpacked > XLSX_MAX_UNPACKED:
        raise ServiceError(_l("This Excel file unpacks to more than %(limit)s MB.", limit=megabytes(XLSX_MAX_UNPACKED)),
                           field="file")  # fmt: skip
    _max_bytes, max_columns, max_rows = _limits()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ServiceError(
            _l("The Excel file could not be read; save it again and try again."), field="file"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[Any]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            while cells and cells[-1] in (None, ""):
                cells.pop()
            _check_row(number, len(cells), max_columns, max_rows)
            rows.append([_cell(value) for value in cells])
    except ServiceError:
        raise
    except Exception as error:
        raise ServiceError(
            _l("The Excel file could not be read; save it again and try again."), field="file"
        ) from error
    finally:
        workbook.close()
    return _table(rows, "xlsx")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, date | int | float):
        return value
    return str(value).strip()


def _table(rows: list[list[Any]], file_type: str, **details) -> Table:
    rows = [row for row in rows if any(cell not in ("", None) for cell in row)]
    if not rows:
        raise ServiceError(_l("The file is empty."), field="file")
    headers = [str(cell).strip() for cell in rows[0]]
    width = len(headers)
    body = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows[1:]]
    return Table(headers=headers, rows=body, file_type=file_type, **details)

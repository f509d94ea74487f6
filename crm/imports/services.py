"""Writes for imports: upload a file, map its columns, check it, queue the job. Views and the CLI call these; they
flush, the caller commits. Running the rows is in running.py, undoing an import in undo.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.files import clean_filename
from crm.extensions import db
from crm.imports.fields import fields_of, mapping_by_header, suggest_mapping
from crm.imports.models import Import, ImportKind, ImportMapping, ImportStatus, RowChoice
from crm.imports.reading import Table, read_table
from crm.imports.rows import CheckedRow, RowChecker
from crm.tasks.services import new_job

JOB_KIND = "import_rows"
PREVIEW_ROWS = 100  # rows shown in full; beyond them only the rows with problems or duplicates
PREVIEW_MAX = 500


def saved_mapping(kind: str, name: str | None) -> ImportMapping | None:
    if not name:
        return None
    return db.session.scalar(select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name))


def upload(filename: str | None, data: bytes, kind: str, *, author: User | None,
           mapping_name: str | None = None) -> Import:  # fmt: skip
    """A new import from a file's bytes: refused (ServiceError, nothing saved) unless it reads as CSV or XLSX."""
    if kind not in {k.value for k in ImportKind}:
        raise ServiceError(_l("Choose what the rows are."), field="kind")
    saved = saved_mapping(kind, mapping_name)
    if mapping_name and saved is None:
        raise ServiceError(_l("There is no saved mapping called %(name)s.", name=mapping_name), field="mapping_name")
    table = read_table(data)
    imp = Import(
        kind=kind,
        filename=clean_filename(filename, "import"),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
        headers=table.headers,
        mapping=suggest_mapping(kind, table.headers, saved.columns if saved else None),
        mapping_name=saved.name if saved else None,
        rows_total=len(table.rows),
        created_by=author,
        status=ImportStatus.DRAFT.value,
    )
    db.session.add(imp)
    db.session.flush()
    return imp


def ensure_draft(imp: Import) -> None:
    if imp.status != ImportStatus.DRAFT:
        raise ServiceError(_l("This import has been started already; its mapping cannot change."))


def set_mapping(imp: Import, mapping: dict[str, str], *, save_as: str | None, author: User | None) -> None:
    """The chosen {column index: field}; each field at most once, the required ones present. `save_as` keeps it
    (by header names) for the next file."""
    ensure_draft(imp)
    known = fields_of(imp.kind)
    chosen = {index: name for index, name in mapping.items() if name}
    unknown = [name for name in chosen.values() if name not in known]
    if unknown or any(not index.isdigit() or int(index) >= len(imp.headers) for index in chosen):
        raise ServiceError(_l("Choose a field of the list for each column."))
    twice = sorted({str(known[n].label) for n in chosen.values() if list(chosen.values()).count(n) > 1})
    if twice:
        raise ServiceError(_l("Each field can be chosen for one column only: %(fields)s.", fields=", ".join(twice)))
    missing = [str(f.label) for f in known.values() if f.required and f.name not in chosen.values()]
    if missing:
        raise ServiceError(_l("Choose a column for: %(fields)s.", fields=", ".join(missing)))
    imp.mapping = chosen
    if save_as:
        name = save_as.strip()[:100]
        saved = saved_mapping(imp.kind, name) or ImportMapping(
            name=name, kind=imp.kind, created_by_id=getattr(author, "id", None)
        )
        saved.columns = mapping_by_header(imp.headers, chosen)
        db.session.add(saved)
        imp.mapping_name = name
    db.session.flush()


def table_of(imp: Import) -> Table:
    return read_table(imp.data)


@dataclass
class Preview:
    rows: list[CheckedRow]
    total: int
    with_problems: int = 0
    with_duplicates: int = 0
    missing: list[str] = field(default_factory=list)
    duplicate_labels: dict[int, str] = field(default_factory=dict)


def preview(imp: Import) -> Preview:
    """Every row checked (in memory, after two statements); the first rows and every row with a problem or a
    duplicate returned for the page."""
    checker = RowChecker(imp.kind, imp.mapping)
    table = table_of(imp)
    result = Preview(rows=[], total=len(table.rows), missing=[str(f.label) for f in checker.missing_required()])
    for offset, cells in enumerate(table.rows):
        row = checker.check(offset + 2, cells)
        result.with_problems += bool(row.problems)
        result.with_duplicates += bool(row.duplicates and not row.problems)
        shown = offset < PREVIEW_ROWS or row.problems or row.duplicates
        if shown and len(result.rows) < PREVIEW_MAX:
            result.rows.append(row)
    from crm.imports.queries import record_labels

    ids = {i for row in result.rows for i in row.duplicates}
    result.duplicate_labels = record_labels(imp.kind, ids)
    return result


def start(imp: Import, choices: dict[str, str], default_choice: str, *, author: User | None):
    """Queue the import as one job (flushed; the caller commits, then starts the job)."""
    ensure_draft(imp)
    valid = {c.value for c in RowChoice}
    if default_choice not in valid or any(choice not in valid for choice in choices.values()):
        raise ServiceError(_l("Choose skip, update or create for each row."))
    if RowChecker(imp.kind, imp.mapping).missing_required():
        raise ServiceError(_l("Choose a column for every required field first."))
    imp.choices = {str(int(number)): choice for number, choice in choices.items()}
    imp.default_choice = default_choice
    imp.status = ImportStatus.QUEUED.value
    job = new_job(JOB_KIND, owner=author, arguments={"import_id": imp.id}, total=imp.rows_total)
    imp.job_id = job.id
    db.session.flush()
    return job

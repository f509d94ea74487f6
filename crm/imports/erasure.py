"""An erased person's data in imports (crm/privacy/services_erasure.py calls this in the erasure's transaction).

An import keeps the uploaded file (for its job) and, per record it changed, the values from before (for undo): both
hold the person's data when the import made or changed their record, a position of theirs or a contact with them.
Such an import loses its file and its values from before, and with them its undo; its page says why. The rest of
its record (who imported what, when, the counts) stays.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import and_, or_, select

from crm.extensions import db
from crm.imports.models import FILE_ERASED, Import, ImportRecord


def imports_touching(person_id: int, affiliation_ids: list[int], interaction_ids: list[int]) -> list[Import]:
    conditions = [and_(ImportRecord.entity_type == "person", ImportRecord.entity_id == person_id)]
    if affiliation_ids:
        conditions.append(and_(ImportRecord.entity_type == "affiliation", ImportRecord.entity_id.in_(affiliation_ids)))
    if interaction_ids:
        conditions.append(and_(ImportRecord.entity_type == "interaction", ImportRecord.entity_id.in_(interaction_ids)))
    touched = select(ImportRecord.import_id).where(or_(*conditions))
    return list(db.session.scalars(select(Import).where(Import.id.in_(touched)).order_by(Import.id)))


def forget_data(imports: list[Import], scrub: Callable[[object], object]) -> None:
    """Drop each import's file and values from before; `scrub` takes the person out of what stays (the file's name,
    the rows' problems). Flushes."""
    for imp in imports:
        imp.data = b""
        imp.size = 0
        imp.sha256 = FILE_ERASED
        imp.filename = str(scrub(imp.filename))[:255] or "—"
        imp.row_errors = scrub(imp.row_errors)
        for record in imp.records:
            record.before = None
    db.session.flush()

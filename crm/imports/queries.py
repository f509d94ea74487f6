"""Reads for imports: the list, one import, saved mappings, labels of the records a preview names."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.imports.models import Import, ImportKind, ImportMapping
from crm.partners.models import Organisation, Person


def imports_query() -> Select:
    return select(Import).options(joinedload(Import.created_by)).order_by(Import.created_at.desc(), Import.id.desc())


def get_import(import_id: int) -> Import | None:
    return db.session.get(Import, import_id, options=[joinedload(Import.created_by), selectinload(Import.records)])


def mappings(kind: str | None = None) -> list[ImportMapping]:
    query = select(ImportMapping).order_by(ImportMapping.kind, ImportMapping.name)
    if kind:
        query = query.where(ImportMapping.kind == kind)
    return list(db.session.scalars(query))


def record_labels(kind: str, ids: set[int]) -> dict[int, str]:
    """Names of the people or organisations a preview says a row may repeat (one statement)."""
    if not ids:
        return {}
    model = Organisation if kind == ImportKind.ORGANISATIONS else Person
    return {record.id: str(record) for record in db.session.scalars(select(model).where(model.id.in_(ids)))}

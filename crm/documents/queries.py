"""Reads for documents: templates, versions, generated documents, logos, merge jobs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from crm.coalitions.models import Dossier
from crm.common.queries import equal_filters, word_filters
from crm.documents.catalogue import Meta, MetaError, builtin, parse_meta
from crm.documents.models import DocumentTemplate, GeneratedDocument, MergeJob, OrganisationLogo, TemplateVersion
from crm.extensions import db
from crm.partners.models import Organisation

MAX_ID = 2**31  # ids are 32-bit integers in the database


def get_template(template_id: int) -> DocumentTemplate | None:
    return db.session.get(DocumentTemplate, template_id, options=[joinedload(DocumentTemplate.live_version)])


def shared_templates(include_archived: bool = False) -> list[DocumentTemplate]:
    query = select(DocumentTemplate).options(joinedload(DocumentTemplate.live_version))
    if not include_archived:
        query = query.where(DocumentTemplate.archived_at.is_(None))
    return list(db.session.scalars(query.order_by(DocumentTemplate.name)))


def versions_of(template_id: int) -> list[TemplateVersion]:
    query = (
        select(TemplateVersion)
        .options(joinedload(TemplateVersion.created_by))
        .where(TemplateVersion.template_id == template_id)
        .order_by(TemplateVersion.number.desc())
    )
    return list(db.session.scalars(query))


def get_version(template_id: int, number: int) -> TemplateVersion | None:
    return db.session.scalar(
        select(TemplateVersion).where(TemplateVersion.template_id == template_id, TemplateVersion.number == number)
    )


def latest_version_number(template_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.max(TemplateVersion.number), 0)).where(TemplateVersion.template_id == template_id)
    )


@dataclass
class DocumentFilters:
    q: str = ""
    kind: str = ""
    author_id: int | None = None


def documents_query(filters: DocumentFilters) -> Select:
    query = select(GeneratedDocument).options(
        joinedload(GeneratedDocument.created_by), joinedload(GeneratedDocument.template_version)
    )
    conditions = [
        *word_filters(func.lower(GeneratedDocument.title), filters.q),
        *equal_filters(filters, kind=GeneratedDocument.kind, author_id=GeneratedDocument.created_by_id),
    ]
    return query.where(*conditions).order_by(GeneratedDocument.created_at.desc(), GeneratedDocument.id.desc())


def get_document(document_id: int) -> GeneratedDocument | None:
    return db.session.get(
        GeneratedDocument,
        document_id,
        options=[joinedload(GeneratedDocument.created_by), joinedload(GeneratedDocument.template_version)],
    )


def logo_of(organisation_id: int) -> OrganisationLogo | None:
    return db.session.scalar(select(OrganisationLogo).where(OrganisationLogo.organisation_id == organisation_id))


def get_merge_job(job_id: int) -> MergeJob | None:
    return db.session.get(MergeJob, job_id, options=[joinedload(MergeJob.created_by)])


def merge_jobs_query() -> Select:
    return (
        select(MergeJob)
        .options(joinedload(MergeJob.created_by))
        .order_by(MergeJob.created_at.desc(), MergeJob.id.desc())
    )


def shared_template_named(name: str) -> DocumentTemplate | None:
    return db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.name == name, DocumentTemplate.archived_at.is_(None)).limit(1)
    )


def organisation_ids_by_reference(references: list) -> list[int]:
    """Ids for organisations given by id or by exact name (as a data file for the CLI gives them)."""
    ids = []
    for reference in references:
        if isinstance(reference, int) or (isinstance(reference, str) and reference.isdigit()):
            if 0 < int(reference) < MAX_ID:  # an id beyond the column's range names nothing
                ids.append(int(reference))
        else:
            found = db.session.scalar(select(Organisation.id).where(Organisation.name == str(reference)).limit(1))
            if found is not None:
                ids.append(found)
    return ids


def dossier_id_by_reference(reference) -> int | None:
    if reference is None or reference == "":
        return None
    if isinstance(reference, int) or (isinstance(reference, str) and reference.isdigit()):
        return int(reference) if 0 < int(reference) < MAX_ID else None
    return db.session.scalar(select(Dossier.id).where(Dossier.title == str(reference)).limit(1))


def meta_of(document: GeneratedDocument) -> Meta | None:
    """The fields of the template a document was made with: its built-in template, or the version it used."""
    try:
        if document.template_version is not None:
            return parse_meta(document.template_version.meta)
    except MetaError:
        return None
    found = builtin(document.builtin_template) if document.builtin_template else None
    return found.meta if found is not None else None


def input_fields(document: GeneratedDocument) -> list[tuple[str, Any]]:
    """A document's input as its form asked for it: (the field's label, the value kept), in the template's order;
    a value whose field the template no longer declares keeps its name."""
    values = dict((document.input_snapshot or {}).get("fields") or {})
    meta = meta_of(document)
    labelled = [(f.label, values.pop(f.name)) for f in (meta.fields if meta else ()) if f.name in values]
    return labelled + list(values.items())

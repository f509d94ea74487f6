"""Running an import: every row through the registry's own services (the same rules as the forms), each row in a
savepoint so a row the services refuse is recorded as an error and the rest go on.

Resumable: the work is committed in chunks together with the resume mark (`rows_done`) and the counts, so a job
that is run again after its worker died goes on after the last committed chunk and does no row twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.common.errors import ServiceError
from crm.common.locking import ConflictError
from crm.common.time import local_to_utc, utcnow
from crm.extensions import db
from crm.imports.models import Import, ImportKind, ImportRecord, ImportStatus, RowChoice
from crm.imports.rows import CheckedRow, RowChecker
from crm.imports.services import table_of
from crm.imports.snapshots import snapshot
from crm.interactions import services as interactions
from crm.partners import services as partners
from crm.partners.models import Organisation, Person
from crm.partners.services import AffiliationInput, OrganisationInput, OrganisationRef, PersonInput

CHUNK = 250


class Outcome:
    CREATED, UPDATED, SKIPPED = "created", "updated", "skipped"


def execute(imp: Import, *, progress: Callable[[int], None] | None = None) -> Import:
    """Run the rows not yet done. `progress(rows_done)` is called after each chunk; it commits (the job's run)."""
    checker = RowChecker(imp.kind, imp.mapping)
    table = table_of(imp)
    run = _Run(imp)
    # Rows are checked against the registry as it was before the import, as the preview showed them: what an earlier
    # run of this import made (a job resumed after its worker died) is no duplicate of the rows after it.
    made = {entity_id for (entity_type, entity_id) in run.records if entity_type in ("person", "organisation")}
    checker.organisations.forget(made)
    if checker.people is not None:
        checker.people.forget(made)
    errors = list(imp.row_errors or [])
    for offset in range(imp.rows_done, len(table.rows)):
        row = checker.check(offset + 2, table.rows[offset])
        try:
            with db.session.begin_nested():
                outcome = _apply(run, row)
        except (ServiceError, ConflictError) as error:
            row.problems.append(str(getattr(error, "message", error)))
            outcome = Outcome.SKIPPED
        if row.problems:
            errors.append({"row": row.number, "problems": row.problems})
        imp.rows_created += outcome == Outcome.CREATED
        imp.rows_updated += outcome == Outcome.UPDATED
        imp.rows_skipped += outcome == Outcome.SKIPPED
        imp.rows_done = offset + 1
        if imp.rows_done % CHUNK == 0:
            imp.row_errors = list(errors)
            db.session.flush()
            if progress is not None:
                progress(imp.rows_done)
            run.forget()
    imp.row_errors = errors
    imp.status, imp.finished_at = ImportStatus.DONE.value, utcnow()
    db.session.flush()
    return imp


class _Run:
    """What one run of an import keeps: which records it touched (for undo), and the objects it made, let go of
    after each chunk so the session (and every flush's look at it) stays small on a 20,000-row file."""

    def __init__(self, imp: Import) -> None:
        self.imp = imp
        rows = db.session.execute(
            select(ImportRecord.entity_type, ImportRecord.entity_id, ImportRecord.id).where(
                ImportRecord.import_id == imp.id
            )
        )
        self.records: dict[tuple[str, int], int] = {(r.entity_type, r.entity_id): r.id for r in rows}
        self.made: list = []

    def forget(self) -> None:
        for obj in self.made:
            if obj in db.session:
                db.session.expunge(obj)
        self.made.clear()


def _choice(imp: Import, row: CheckedRow) -> str:
    if not row.duplicates:
        return RowChoice.CREATE.value
    return (imp.choices or {}).get(str(row.number), imp.default_choice)


def _apply(run: _Run, row: CheckedRow) -> str:
    if row.problems:
        return Outcome.SKIPPED
    imp = run.imp
    choice = _choice(imp, row)
    if choice == RowChoice.SKIP:
        return Outcome.SKIPPED
    kind = ImportKind(imp.kind)
    if kind == ImportKind.CONTACTS:
        return _contact(run, row)
    update = choice == RowChoice.UPDATE
    if kind == ImportKind.PEOPLE:
        return _update_person(run, row) if update else _create_person(run, row)
    return _update_organisation(run, row) if update else _create_organisation(run, row)


def _record(run: _Run, row: CheckedRow, obj, action: str, before=None) -> None:
    """What the row did, for undo: one record per entity (a second change only moves its version on)."""
    key = (type(obj).__name__.lower(), obj.id)
    version = getattr(obj, "version_id", None)
    if key in run.records:
        db.session.get(ImportRecord, run.records[key]).version_after = version
        return
    record = ImportRecord(import_id=run.imp.id, row=row.number, entity_type=key[0], entity_id=obj.id, action=action,
                          before=before, version_after=version)  # fmt: skip
    db.session.add(record)
    db.session.flush()
    run.records[key] = record.id
    run.made += [obj, record]


def _text(value) -> str | None:
    return value or None


def _person_input(values: dict, base: Person | None = None) -> PersonInput:
    names = ("first_name", "initials", "name_prefix", "last_name", "salutation", "email", "phone", "notes")
    merged = {name: values.get(name) or (getattr(base, name) if base else None) for name in names}
    tags = [t.name for t in base.tags] if base else []
    tags += [values["tags"]] if values.get("tags") else []
    return PersonInput(**merged, tags=", ".join(tags) or None,
                       party=OrganisationRef(id=base.party_id) if base else OrganisationRef(),
                       owner_id=base.owner_id if base else None)  # fmt: skip


def _position(row: CheckedRow) -> AffiliationInput | None:
    if not row.organisation_id:
        return None
    values = row.values
    return AffiliationInput(OrganisationRef(id=row.organisation_id), role=values.get("role"),
                            start_date=values.get("start_date"))  # fmt: skip


def _create_person(run: _Run, row: CheckedRow) -> str:
    person = partners.create_person(_person_input(row.values))
    _record(run, row, person, Outcome.CREATED)
    if position := _position(row):
        affiliation = partners.add_affiliation(person, position)
        _record(run, row, affiliation, Outcome.CREATED)
    return Outcome.CREATED


def _existing(model, record_id: int):
    found = db.session.get(model, record_id)
    if found is None or found.is_archived:
        raise ServiceError(_l("The existing record is archived; restore it first or choose create."))
    return found


def _update_person(run: _Run, row: CheckedRow) -> str:
    person = _existing(Person, row.duplicates[0])
    before = snapshot(person)
    partners.update_person(person, _person_input(row.values, person), person.version_id)
    _record(run, row, person, Outcome.UPDATED, before)
    position = _position(row)
    held = {(a.organisation_id, a.role or None) for a in person.current_affiliations}
    if position and (position.organisation.id, position.role or None) not in held:
        affiliation = partners.add_affiliation(person, position)
        _record(run, row, affiliation, Outcome.CREATED)
    return Outcome.UPDATED


ORGANISATION_TEXTS = ("name", "acronym", "website", "email", "phone", "address", "postal_code", "city", "description")


def _organisation_input(row: CheckedRow, base: Organisation | None = None) -> OrganisationInput:
    values = row.values
    merged = {name: values.get(name) or (getattr(base, name) if base else None) for name in ORGANISATION_TEXTS}
    kind = values.get("kind") or (base.kind if base else None)
    tags = [t.name for t in base.tags] if base else []
    tags += [values["tags"]] if values.get("tags") else []
    parent_id = row.parent_id or (base.parent_id if base else None)
    return OrganisationInput(**merged, kind=kind or "other", tags=", ".join(tags) or None,
                             parent=OrganisationRef(id=parent_id),
                             owner_id=base.owner_id if base else None,
                             province_id=base.province_id if base else None)  # fmt: skip


def _create_organisation(run: _Run, row: CheckedRow) -> str:
    org = partners.create_organisation(_organisation_input(row))
    _record(run, row, org, Outcome.CREATED)
    return Outcome.CREATED


def _update_organisation(run: _Run, row: CheckedRow) -> str:
    org = _existing(Organisation, row.duplicates[0])
    before = snapshot(org)
    partners.update_organisation(org, _organisation_input(row, org), org.version_id)
    _record(run, row, org, Outcome.UPDATED, before)
    return Outcome.UPDATED


def _contact(run: _Run, row: CheckedRow) -> str:
    values = row.values
    moment = datetime.combine(values["occurred_at"], time(12))
    data = interactions.InteractionInput(
        kind=values.get("kind") or "other", subject=values["subject"], notes=_text(values.get("notes")),
        occurred_at=local_to_utc(moment, current_app.config["BABEL_DEFAULT_TIMEZONE"]),
        person_ids=[row.person_id] if row.person_id else [],
        organisation_ids=[row.organisation_id] if row.organisation_id else [],
    )  # fmt: skip
    interaction = interactions.log_interaction(data, author=run.imp.created_by, allow_duplicate=True)
    _record(run, row, interaction, Outcome.CREATED)
    return Outcome.CREATED

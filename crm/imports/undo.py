"""Undoing an import: the records it created are archived (contacts it logged removed, positions it added
removed), the records it updated get their values from before back — only while nothing else changed them since.

Every record's version is compared with the version the import left: one that moved on (edited, archived, merged,
removed) refuses the whole undo, naming the records, and nothing is changed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.archiving import set_archived
from crm.common.errors import ServiceError
from crm.common.locking import flush_or_conflict
from crm.common.time import utcnow
from crm.extensions import db
from crm.imports.models import Import, ImportRecord, ImportStatus
from crm.imports.snapshots import fields_of
from crm.interactions.models import Interaction
from crm.interactions.services import delete_interaction
from crm.partners.models import Affiliation, Organisation, Person
from crm.partners.services import remove_affiliation, resolve_tags

MODELS = {"person": Person, "organisation": Organisation, "affiliation": Affiliation, "interaction": Interaction}
NAMED_AT_MOST = 10
ERASED_REASON = _l("This import can no longer be undone: it held the data of a person who was erased at their "
                   "request, so its file and the values from before the import were removed.")  # fmt: skip


class UndoRefused(ServiceError):
    def __init__(self, message, changed: list[str]):
        super().__init__(message)
        self.changed = changed


def _load(record: ImportRecord):
    model = MODELS.get(record.entity_type)
    return db.session.get(model, record.entity_id) if model else None


def changed_since(imp: Import) -> list[str]:
    """The records this import made or changed that someone (or something) changed afterwards."""
    changed = []
    for record in imp.records:
        current = _load(record)
        if current is None:
            changed.append(str(_l("%(type)s #%(id)s (removed)", type=record.entity_type, id=record.entity_id)))
        elif getattr(current, "version_id", None) != record.version_after:
            changed.append(str(current))
    return changed


def undo(imp: Import, *, by: User | None) -> None:
    if imp.status != ImportStatus.DONE:
        raise ServiceError(_l("Only a finished import can be undone."))
    if imp.file_erased:
        raise ServiceError(ERASED_REASON)
    changed = changed_since(imp)
    if changed:
        named = ", ".join(changed[:NAMED_AT_MOST])
        more = len(changed) - NAMED_AT_MOST
        message = _l("This import cannot be undone: these records were changed since: %(records)s.", records=named)
        if more > 0:
            message = _l("This import cannot be undone: these records were changed since: %(records)s and %(n)s more.",
                         records=named, n=more)  # fmt: skip
        raise UndoRefused(message, changed)
    for record in reversed(imp.records):
        current = _load(record)
        if record.action == "updated":
            _restore(current, record.before or {})
        elif isinstance(current, Affiliation):
            remove_affiliation(current)
        elif isinstance(current, Interaction):
            delete_interaction(current)
        else:
            set_archived(current, True)
    imp.status, imp.undone_at, imp.undone_by_id = ImportStatus.UNDONE.value, utcnow(), getattr(by, "id", None)
    db.session.flush()


def _restore(record, before: dict) -> None:
    for name in fields_of(record):
        if name in before:
            setattr(record, name, before[name])
    if "tags" in before:
        record.tags = resolve_tags(", ".join(before["tags"]))
    flush_or_conflict(record)

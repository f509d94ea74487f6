"""Writes for privacy: the privacy record, and the access export (made, logged, never kept).

Views commit; these flush. Erasure lives in services_erasure.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l

from crm.audit.context import current_actor
from crm.audit.models import AuditEvent
from crm.common.errors import ServiceError
from crm.common.locking import ensure_current_version, flush_or_conflict
from crm.common.time import utc_to_local, utcnow
from crm.documents import context as document_context
from crm.documents import services as document_services
from crm.extensions import db
from crm.partners.models import Person
from crm.privacy.models import LawfulBasis, PersonPrivacy
from crm.privacy.queries_access import AccessExport
from crm.rendering.render import RenderError, RenderOptions, render_pdf

ACCESS_TEMPLATE = "builtin:access_request"


@dataclass
class PrivacyInput:
    lawful_basis: str | None = None
    data_source: str | None = None
    notice_given_on: date | None = None
    review_on: date | None = None


def save_privacy(person: Person, record: PersonPrivacy | None, data: PrivacyInput,
                 expected_version: int | None) -> PersonPrivacy:  # fmt: skip
    """Record why we hold the person's data, where it came from, when they were told, when to review it."""
    if record is not None and record.is_erased:
        raise ServiceError(_l("This person has been anonymised; their privacy record is closed."))
    if data.lawful_basis and data.lawful_basis not in set(LawfulBasis):
        raise ServiceError(_l("Choose a lawful basis from the list."), field="lawful_basis")
    if record is None:
        record = PersonPrivacy(person_id=person.id)
        db.session.add(record)
    else:
        ensure_current_version(record, expected_version)
    record.lawful_basis = data.lawful_basis or None
    record.data_source = data.data_source or None
    record.notice_given_on = data.notice_given_on
    record.review_on = data.review_on
    flush_or_conflict(record)
    return record


def record_privacy_event(person: Person, action: str, changes: dict[str, Any], label: str | None = None) -> None:
    """An event in the audit trail written by hand: an access export (no record changed), or the erasure (whose
    per-record trail would hold exactly what was erased)."""
    actor_id, actor_label = current_actor()
    db.session.add(
        AuditEvent(
            created_at=utcnow(),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            entity_type="person",
            entity_id=person.id,
            entity_label=(label or person.full_name)[:255],
            changes=changes,
        )
    )
    db.session.flush()


def record_access_export(person: Person, fmt: str) -> None:
    record_privacy_event(person, "access_export", {"format": [None, fmt.upper()]})


# --- the PDF -----------------------------------------------------------------------------------------------------


def _cell(value: Any, zone: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        local = utc_to_local(value, zone)
        return format_date(local, "d MMM yyyy") + local.strftime(" %H:%M")
    if isinstance(value, date):
        return format_date(value, "d MMM yyyy")
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item, zone) for item in value)
    return str(value)


def access_document_values(export: AccessExport) -> dict[str, Any]:
    """The export as the access_request template's fields: Dutch dates, Amsterdam times, text cells."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    with force_locale("nl"):
        return {
            "subject": {
                "name": export.full_name,
                "made_at": utc_to_local(export.made_at, zone).date().isoformat(),
                "rows": [[label, _cell(value, zone)] for _key, label, value in export.record],
            },
            "sections": [
                {
                    "title": table.title,
                    "headers": [label for _key, label in table.columns],
                    "rows": [[_cell(row.get(key), zone) for key, _label in table.columns] for row in table.rows],
                    "count": len(table.rows),
                }
                for table in export.tables
            ],
        }


def access_pdf(export: AccessExport, *, author_name: str) -> bytes:
    """The PDF through the one document path, not kept: it is itself personal data (the audit trail says it was
    made, by whom and when)."""
    chosen = document_services.choose(ACCESS_TEMPLATE)
    values = access_document_values(export)
    title = f"Inzageverzoek {export.full_name}"
    data = document_context.document_context(chosen.meta, document_context.plain_data(values), title=title,
                                              author=author_name)  # fmt: skip
    try:
        return render_pdf(chosen.source, data, RenderOptions(tagged=True)).pdf
    except RenderError as error:
        raise ServiceError(_l("The document could not be made: %(reason)s", reason=error.message)) from error

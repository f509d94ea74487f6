"""A generated document made for a meeting (a debate preparation added to it): made through the one document path,
with its provenance, and linked to the meeting so the meeting's page lists it.

Who may: whoever may edit the meeting (its organiser with meetings.write, or meetings.edit_any), the rule of the
meeting pages. A cancelled meeting, or one of an archived series, takes no documents. Services flush; the caller
commits.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.documents.models import GeneratedDocument
from crm.documents.services import Chosen, generate_from_values
from crm.extensions import db
from crm.meetings.models import Meeting
from crm.permissions import can_edit_own, check_edit_own
from crm.rendering.render import RenderOptions


def may_add_to(user: User, meeting: Meeting) -> bool:
    return can_edit_own(user, meeting.organiser_id, "meetings")


def add_refusal(meeting: Meeting):
    """Why nothing can be added to this meeting any more, or None."""
    if meeting.is_cancelled:
        return _l("This meeting was cancelled; documents can no longer be added to it.")
    if meeting.series is not None and meeting.series.is_archived:
        return _l("This meeting belongs to an archived series; documents can no longer be added to it.")
    return None


def generate_for_meeting(chosen: Chosen, values: dict[str, Any], *, meeting: Meeting, title: str, author: User,
                         options: RenderOptions, dossier_id: int | None = None,
                         provenance: dict[str, Any] | None = None) -> GeneratedDocument:  # fmt: skip
    """Make the document (`generate_from_values`) and link it to `meeting`. 403 for a user who may not edit the
    meeting; a ServiceError for a meeting that takes no documents."""
    check_edit_own(author, meeting.organiser_id, "meetings")
    if (refusal := add_refusal(meeting)) is not None:
        raise ServiceError(refusal, field="meeting_id")
    document = generate_from_values(
        chosen, values, title=title, author=author, options=options, dossier_id=dossier_id,
        provenance={**(provenance or {}), "meeting_id": meeting.id},
    )  # fmt: skip
    document.meeting_id = meeting.id
    db.session.flush()
    return document

"""Archive and restore: records leave lists and pickers but keep their history and links."""

from __future__ import annotations

from typing import Any

from crm.common.locking import flush_or_conflict
from crm.common.time import utcnow


def set_archived(record: Any, archived: bool) -> None:
    if archived and record.archived_at is None:
        record.archived_at = utcnow()
    elif not archived and record.archived_at is not None:
        record.archived_at = None
    flush_or_conflict(record)

"""An erased person in captured e-mail (crm/privacy/services_erasure.py calls these in the erasure's transaction).

A logged e-mail keeps its sender, subject, text, headers, the addresses nobody matched and its attachments' names:
the person is taken out of each (their addresses among the unmatched dropped). Mail still waiting to be logged that
names them is deleted: a dropped file in its preview (an unsaved draft), or mail the listener accepted whose job has
not run yet. Nobody logged it, and it would bring them back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from crm.extensions import db
from crm.inbox.message import MailProblem
from crm.inbox.models import CapturedEmail, RawEmail
from crm.inbox.parsing import parse_file


def scrub_captured(emails: list[CapturedEmail], replace: Callable[[Any], Any], own_addresses: set[str]) -> None:
    """`replace` takes the person out of a text or a JSON value; `own_addresses`: theirs, in lower case."""
    for captured in emails:
        captured.sender = (replace(captured.sender) or "")[:320]
        captured.subject = (replace(captured.subject) or "")[:300]
        captured.body_text = replace(captured.body_text)
        captured.headers = replace(captured.headers)
        kept = [u for u in captured.unmatched or [] if str(u.get("address", "")).lower() not in own_addresses]
        captured.unmatched = replace(kept)
        for attachment in captured.attachments:
            attachment.filename = (replace(attachment.filename) or "—")[:255]
    db.session.flush()


def _waiting_text(raw: RawEmail) -> str:
    try:
        parsed = parse_file(raw.filename, raw.data)
    except MailProblem:  # not readable as mail: look at the bytes as they are
        return raw.filename + "\n" + raw.data.decode("utf-8", errors="replace")
    addresses = [a.label for a in parsed.addresses()]
    return "\n".join([raw.filename, parsed.subject, *addresses, parsed.text, *(a.filename for a in parsed.attachments)])


def delete_waiting_mentioning(mentions: Callable[[str], bool]) -> int:
    """Delete the mail waiting to be logged (a draft, or received mail before its job) whose message names the
    person (`mentions`); its job, if any, then finds nothing to log. Flushes; returns how many."""
    deleted = 0
    for raw in db.session.scalars(select(RawEmail).options(undefer(RawEmail.data))):
        if mentions(_waiting_text(raw)):
            db.session.delete(raw)
            deleted += 1
    db.session.flush()
    return deleted

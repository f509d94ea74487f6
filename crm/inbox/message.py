"""What an e-mail is to us, whatever file or connection it came from: who wrote it to whom, when, about what, its
text and its attachments, and the key that makes the same message the same however often it arrives."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError

NOT_AN_EMAIL = _l("This file is not an e-mail message we can read (.eml or Outlook .msg).")


class MailProblem(ServiceError):
    """A message we cannot log; the message says why, in words for the user."""


@dataclass(frozen=True)
class Address:
    address: str  # lower case
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass
class RawAttachment:
    filename: str
    data: bytes


@dataclass
class ParsedEmail:
    subject: str
    sender: Address | None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    sent_at: datetime | None = None  # UTC, naive
    message_id: str | None = None
    text: str = ""
    attachments: list[RawAttachment] = field(default_factory=list)
    forwarded_by: Address | None = None  # the colleague who forwarded it, when the original was inside

    @property
    def key(self) -> str:
        """The Message-ID when there is one, else a hash of sender, date and subject (the same message, the same
        key, from whichever copy)."""
        if self.message_id:
            return self.message_id[:300]
        sender = self.sender.address if self.sender else ""
        when = self.sent_at.isoformat(timespec="minutes") if self.sent_at else ""
        subject = " ".join(self.subject.lower().split())
        return "sha256:" + hashlib.sha256(f"{sender}\n{when}\n{subject}".encode()).hexdigest()

    def addresses(self) -> list[Address]:
        """Everyone on the message, each once: the sender first, then To and Cc, then who forwarded it."""
        seen: dict[str, Address] = {}
        for address in [self.sender, *self.to, *self.cc, self.forwarded_by]:
            if address is not None and address.address not in seen:
                seen[address.address] = address
        return list(seen.values())

    def headers(self) -> dict[str, str]:
        return {
            "from": self.sender.label if self.sender else "",
            "to": ", ".join(a.label for a in self.to),
            "cc": ", ".join(a.label for a in self.cc),
            "date": self.sent_at.isoformat() if self.sent_at else "",
            "subject": self.subject,
            "message_id": self.message_id or "",
            "forwarded_by": self.forwarded_by.label if self.forwarded_by else "",
        }

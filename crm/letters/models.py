"""Joint letters, their immutable text versions, co-signing organisations, the letter's history and its answer."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import TimestampMixin, VersionedMixin, dossier_links
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Coalition, Dossier
    from crm.documents.models import GeneratedDocument
    from crm.partners.models import Organisation, Person


class LetterStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    REVIEW = "review", _l("In review")
    APPROVED = "approved", _l("Approved")
    SIGNING = "signing", _l("Collecting signatures")
    SENT = "sent", _l("Sent")
    ANSWERED = "answered", _l("Answered")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class SignatoryStatus(LabelledEnum):
    INVITED = "invited", _l("Invited")
    AGREED = "agreed", _l("Agreed")
    SIGNED = "signed", _l("Signed")
    DECLINED = "declined", _l("Declined")


class SendChannel(LabelledEnum):
    EMAIL = "email", _l("Email")
    POST = "post", _l("Post")
    HAND = "hand", _l("Handed over")
    PORTAL = "portal", _l("Online portal")


class LetterEventKind(StrEnum):
    STATUS = "status"
    VERSION = "version"
    SIGNATORY = "signatory"
    LINK = "link"


class EventMessage(StrEnum):
    """What a history line says, stored as this key with its parameters and worded in the reader's language."""

    RESTORED = "restored"
    TEXT_CHANGED_AFTER_APPROVAL = "text_changed_after_approval"
    SIGNATORIES_ADDED = "signatories_added"
    SIGNATORY_REMOVED = "signatory_removed"
    SIGNATORY_STATUS = "signatory_status"
    SIGNATORY_RECONFIRMED = "signatory_reconfirmed"
    LINK_MADE = "link_made"
    LINK_REVOKED = "link_revoked"
    SENT_BY = "sent_by"


LETTER_STATUS_LABELS = LetterStatus.labels()
SIGNATORY_STATUS_LABELS = SignatoryStatus.labels()
SEND_CHANNEL_LABELS = SendChannel.labels()

EVENT_MESSAGES = {
    EventMessage.RESTORED: _l("Restored from version %(number)s"),
    EventMessage.TEXT_CHANGED_AFTER_APPROVAL: _l("text changed after approval (version %(old)s → %(new)s)"),
    EventMessage.SIGNATORIES_ADDED: _l("Added: %(names)s"),
    EventMessage.SIGNATORY_REMOVED: _l("Removed: %(name)s"),
    EventMessage.SIGNATORY_STATUS: _l("%(name)s: %(status)s"),
    EventMessage.SIGNATORY_RECONFIRMED: _l("%(name)s: %(status)s – re-confirmed version %(number)s"),
    EventMessage.LINK_MADE: _l("Signing link made for %(name)s"),
    EventMessage.LINK_REVOKED: _l("Signing link revoked for %(name)s"),
    EventMessage.SENT_BY: "%(channel)s",  # the channel's label says it all
}
# Parameters stored as a value (a status, a channel) and shown as that value's label in the reader's language.
EVENT_PARAM_CHOICES = {"status": SignatoryStatus, "channel": SendChannel}

# Sent, answered and withdrawn letters are the record: their text and signatories no longer change.
CLOSED_STATUSES = frozenset({LetterStatus.SENT, LetterStatus.ANSWERED, LetterStatus.WITHDRAWN})

letter_dossiers = dossier_links("letter_dossiers", "letter_id", "joint_letters.id")


class JointLetter(Audited, TimestampMixin, VersionedMixin, db.Model):
    """A letter several organisations send together; its text lives in immutable versions."""

    __tablename__ = "joint_letters"
    __audit_type__ = "jointletter"
    # The letters table opens on the most recently changed: read from this index instead of sorting every letter.
    __table_args__ = (Index("ix_joint_letters_updated_at_id", "updated_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=LetterStatus.DRAFT, index=True, info=choices(LetterStatus))
    addressee_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    addressee_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    occasion: Mapped[str | None] = mapped_column(String(300))
    signature_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    lead_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions.id"), index=True)
    signature_block: Mapped[str | None] = mapped_column(String(300))
    current_version: Mapped[int] = mapped_column(default=0)
    current_sha256: Mapped[str] = mapped_column(String(64), default="")
    approved_version: Mapped[int | None]
    sent_on: Mapped[date | None] = mapped_column(Date)
    sent_channel: Mapped[str | None] = mapped_column(String(20), info=choices(SendChannel))
    sent_sha256: Mapped[str | None] = mapped_column(String(64))
    sent_document_id: Mapped[int | None] = mapped_column(ForeignKey("generated_documents.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    addressee_organisation: Mapped[Organisation | None] = relationship(
        "Organisation", foreign_keys=[addressee_organisation_id]
    )
    addressee_person: Mapped[Person | None] = relationship("Person")
    lead_organisation: Mapped[Organisation | None] = relationship("Organisation", foreign_keys=[lead_organisation_id])
    coalition: Mapped[Coalition | None] = relationship("Coalition")
    dossiers: Mapped[list[Dossier]] = relationship("Dossier", secondary=letter_dossiers, order_by="Dossier.title")
    sent_document: Mapped[GeneratedDocument | None] = relationship("GeneratedDocument")
    created_by: Mapped[User | None] = relationship("User")
    answer: Mapped[LetterAnswer | None] = relationship("LetterAnswer", uselist=False, viewonly=True)

    def __str__(self) -> str:
        return self.title

    status_label = LetterStatus.label_property("status")

    sent_channel_label = SendChannel.label_property("sent_channel")

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def addressee_label(self) -> str:
        parts = [self.addressee_person.full_name if self.addressee_person else None,
                 self.addressee_organisation.name if self.addressee_organisation else None]  # fmt: skip
        return ", ".join(p for p in parts if p)


class LetterVersion(Audited, db.Model):
    """The letter's text as it was saved: never changed. Signatures are bound to its SHA-256."""

    __tablename__ = "letter_versions"
    __audit_exclude__ = frozenset({"body", "letter_id"})  # the letter is the parent: its history shows this

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("joint_letters.id", ondelete="CASCADE"))
    number: Mapped[int]
    salutation: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    closing: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    restored_from: Mapped[int | None]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship("User")

    __table_args__ = (UniqueConstraint("letter_id", "number"),)

    def __str__(self) -> str:
        return f"v{self.number}"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("jointletter", self.letter_id)

    @property
    def full_text(self) -> str:
        """What a signatory reads and signs: salutation, body and closing."""
        return "\n\n".join(part for part in (self.salutation, self.body, self.closing) if part)


class Signatory(Audited, TimestampMixin, VersionedMixin, db.Model):
    """A partner organisation asked to co-sign, with who signs for it and where it stands."""

    __tablename__ = "signatories"
    __audit_exclude__ = frozenset({"token_hash"})

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("joint_letters.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_function: Mapped[str | None] = mapped_column(String(200))
    signer_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20), default=SignatoryStatus.INVITED, info=choices(SignatoryStatus))
    comment: Mapped[str | None] = mapped_column(Text)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    agreed_at: Mapped[datetime | None]
    signed_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]
    signed_version: Mapped[int | None]
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_issued_at: Mapped[datetime | None]
    token_revoked_at: Mapped[datetime | None]

    letter: Mapped[JointLetter] = relationship()
    organisation: Mapped[Organisation] = relationship("Organisation")

    __table_args__ = (
        UniqueConstraint("letter_id", "organisation_id"),
        Index("ix_signatories_letter_status", "letter_id", "status"),
    )

    def __str__(self) -> str:
        return self.organisation.name if self.organisation else f"#{self.id}"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("jointletter", self.letter_id)

    status_label = SignatoryStatus.label_property("status")

    def needs_reconfirmation(self, current_sha256: str) -> bool:
        return self.status == SignatoryStatus.SIGNED and self.signed_sha256 != current_sha256

    def signed_current(self, current_sha256: str) -> bool:
        return self.status == SignatoryStatus.SIGNED and self.signed_sha256 == current_sha256

    @property
    def has_live_link(self) -> bool:
        return self.token_hash is not None and self.token_revoked_at is None


class LetterEvent(db.Model):
    """The letter's human history: status changes with their reason, new versions, signatures, links."""

    __tablename__ = "letter_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("joint_letters.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    # What the application says (a key of EventMessage and its parameters, worded when shown), and what a person
    # wrote (a reason, a comment), kept as written. Rows from before 0016 that could not be read keep their words.
    message: Mapped[str | None] = mapped_column(String(40))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    from_label = LetterStatus.label_property("from_status")

    to_label = LetterStatus.label_property("to_status")

    @property
    def text(self) -> str:
        """The line's words in the reader's language: the application's message, then what a person wrote."""
        return " – ".join(part for part in (event_message_text(self.message, self.params), self.detail) if part)


def event_message_text(message: str | None, params: dict[str, Any] | None) -> str:
    template = EVENT_MESSAGES.get(message) if message else None
    if template is None:
        return ""
    values = {key: EVENT_PARAM_CHOICES[key].label_of(value) if key in EVENT_PARAM_CHOICES else value
              for key, value in (params or {}).items()}  # fmt: skip
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):  # parameters that do not fit the words: say nothing rather than garble
        return ""


class LetterAnswer(Audited, db.Model):
    """The addressee's answer: when, what it says, and the answer itself as a PDF when we have it."""

    __tablename__ = "letter_answers"
    __audit_exclude__ = frozenset({"pdf"})

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("joint_letters.id", ondelete="CASCADE"), unique=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf_filename: Mapped[str | None] = mapped_column(String(255))
    pdf_size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    letter: Mapped[JointLetter] = relationship()
    created_by: Mapped[User | None] = relationship("User")  # the history names who, not an id

    def __str__(self) -> str:
        return f"{self.letter.title if self.letter else ''} – {self.received_on}"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("jointletter", self.letter_id)

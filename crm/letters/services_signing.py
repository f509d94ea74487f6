"""Co-signing: signatories, their personal signing links, and what a partner does through a link.

A link carries a long random token; only its SHA-256 is stored. A token belongs to one signatory of one letter,
ends at the letter's signature deadline (the end of that day, local time), and can be revoked and re-issued.
A signature is bound to the SHA-256 of the text the partner saw; when the text changes afterwards, the signature
needs re-confirmation.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.coalitions import queries as coalition_queries
from crm.common.errors import ServiceError
from crm.common.locking import ensure_current_version, flush_or_conflict
from crm.common.time import local_day_start_utc, utcnow
from crm.extensions import db
from crm.letters import queries
from crm.letters.models import EventMessage, JointLetter, LetterEventKind, LetterStatus, Signatory, SignatoryStatus
from crm.letters.services import ensure_open, record_event, set_status
from crm.notifications import events as notification_events
from crm.webhooks import services as webhooks

TOKEN_BYTES = 32
LINK_STATUSES = frozenset({LetterStatus.APPROVED, LetterStatus.SIGNING})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- signatories ---------------------------------------------------------------------------------------------------


def add_signatories(letter: JointLetter, organisation_ids: list[int], *, author: User) -> list[Signatory]:
    """Ask these organisations to co-sign; those already asked (and the lead organisation) are skipped."""
    ensure_open(letter)
    organisations = queries.organisations_by_ids(organisation_ids)
    if any(i not in organisations or organisations[i].is_archived for i in organisation_ids):
        raise ServiceError(_l("One of the organisations no longer exists or is archived; choose again."),
                           field="organisation_ids")  # fmt: skip
    present = {s.organisation_id for s in queries.signatories_of(letter.id)}
    added = []
    for organisation_id in organisation_ids:
        if organisation_id in present or organisation_id == letter.lead_organisation_id:
            continue
        signatory = Signatory(letter_id=letter.id, organisation_id=organisation_id, status=SignatoryStatus.INVITED)
        signatory.organisation = organisations[organisation_id]
        db.session.add(signatory)
        present.add(organisation_id)
        added.append(signatory)
    if added:
        names = ", ".join(s.organisation.name for s in added)
        record_event(letter, LetterEventKind.SIGNATORY, actor=author, message=EventMessage.SIGNATORIES_ADDED,
                     params={"names": names})  # fmt: skip
    db.session.flush()
    return added


def add_coalition_members(letter: JointLetter, *, author: User) -> list[Signatory]:
    if letter.coalition_id is None:
        raise ServiceError(_l("This letter has no coalition; choose one on the letter first."))
    members = coalition_queries.coalition_members(letter.coalition_id)
    return add_signatories(letter, [m.organisation_id for m in members if not m.organisation.is_archived],
                           author=author)  # fmt: skip


@dataclass
class SignatoryInput:
    signer_name: str | None
    signer_function: str | None
    signer_email: str | None
    status: str
    comment: str | None


def update_signatory(signatory: Signatory, data: SignatoryInput, *, expected_version: int | None,
                     author: User) -> None:  # fmt: skip
    """The lobbyist records who signs and where the organisation stands (e.g. an agreement by phone)."""
    letter = signatory.letter
    ensure_open(letter)
    ensure_current_version(signatory, expected_version)
    signatory.signer_name = (data.signer_name or "").strip() or None
    signatory.signer_function = (data.signer_function or "").strip() or None
    signatory.signer_email = (data.signer_email or "").strip() or None
    signatory.comment = (data.comment or "").strip() or None
    if data.status != signatory.status:
        _set_signatory_status(signatory, data.status, actor=author)
    flush_or_conflict(signatory)


def _set_signatory_status(signatory: Signatory, status: str, *, actor: User | None, actor_label: str | None = None,
                          detail: str | None = None, reconfirmed: int | None = None) -> None:  # fmt: skip
    if status not in SignatoryStatus.__members__.values():
        raise ServiceError(_l("Choose a status from the list."), field="status")
    now = utcnow()
    letter = signatory.letter
    if status == SignatoryStatus.SIGNED:
        if not signatory.signer_name:
            raise ServiceError(_l("Enter the name of the person who signs."), field="signer_name")
        signatory.signed_at = now
        signatory.signed_version = letter.current_version
        signatory.signed_sha256 = letter.current_sha256
    elif status == SignatoryStatus.AGREED:
        signatory.agreed_at = now
    elif status == SignatoryStatus.DECLINED:
        signatory.declined_at = now
    signatory.status = status
    params = {"name": signatory.organisation.name, "status": status}
    if reconfirmed is not None:
        message, params["number"] = EventMessage.SIGNATORY_RECONFIRMED, reconfirmed
    else:
        message = EventMessage.SIGNATORY_STATUS
    record_event(letter, LetterEventKind.SIGNATORY, actor=actor, actor_label=actor_label, message=message,
                 params=params, detail=detail)  # fmt: skip
    notification_events.signatory_changed(signatory, status)


def remove_signatory(signatory: Signatory, *, author: User) -> None:
    letter = signatory.letter
    ensure_open(letter)
    record_event(letter, LetterEventKind.SIGNATORY, actor=author, message=EventMessage.SIGNATORY_REMOVED,
                 params={"name": signatory.organisation.name})  # fmt: skip
    db.session.delete(signatory)
    db.session.flush()


# --- links ---------------------------------------------------------------------------------------------------------


def link_expires_at(letter: JointLetter) -> datetime | None:
    """The end of the deadline day in the organisation's time zone (UTC, naive as stored)."""
    if letter.signature_deadline is None:
        return None
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return local_day_start_utc(letter.signature_deadline + timedelta(days=1), zone)


def issue_link(signatory: Signatory, *, author: User) -> str:
    """A new personal link (any earlier one stops working). Returns the token: it is shown once, never stored."""
    letter = signatory.letter
    ensure_open(letter)
    if letter.status not in LINK_STATUSES:
        raise ServiceError(_l("Signing links can be made once the letter is approved."))
    expires = link_expires_at(letter)
    if expires is not None and expires <= utcnow():
        raise ServiceError(_l("The deadline for signatures has passed; set a later deadline on the letter first."))
    if letter.status == LetterStatus.APPROVED:
        set_status(letter, LetterStatus.SIGNING, reason=None, author=author)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    signatory.token_hash = hash_token(token)
    signatory.token_issued_at = utcnow()
    signatory.token_revoked_at = None
    record_event(letter, LetterEventKind.LINK, actor=author, message=EventMessage.LINK_MADE,
                 params={"name": signatory.organisation.name})  # fmt: skip
    flush_or_conflict(signatory)
    return token


def revoke_link(signatory: Signatory, *, author: User) -> None:
    if not signatory.has_live_link:
        raise ServiceError(_l("This organisation has no working signing link."))
    signatory.token_revoked_at = utcnow()
    record_event(signatory.letter, LetterEventKind.LINK, actor=author, message=EventMessage.LINK_REVOKED,
                 params={"name": signatory.organisation.name})  # fmt: skip
    flush_or_conflict(signatory)


# --- through a link ------------------------------------------------------------------------------------------------


class LinkState(StrEnum):
    OPEN = "open"  # the partner can sign or decline
    NOT_YET = "not_yet"  # not collecting signatures now (e.g. sent back to draft): the text shows, nothing to do
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # sent or answered: the page shows the text, nothing to do


def signatory_for_token(token: str) -> Signatory | None:
    """The signatory a link belongs to, or None for a forged, revoked or expired link (the page is then a 404)."""
    if not token or len(token) > 100:
        return None
    signatory = queries.signatory_by_token_hash(hash_token(token))
    if signatory is None or signatory.token_revoked_at is not None:
        return None
    expires = link_expires_at(signatory.letter)
    if expires is not None and expires <= utcnow() and signatory.letter.status == LetterStatus.SIGNING:
        return None
    return signatory


def link_state(letter: JointLetter) -> LinkState:
    if letter.status == LetterStatus.WITHDRAWN:
        return LinkState.WITHDRAWN
    if letter.status in (LetterStatus.SENT, LetterStatus.ANSWERED):
        return LinkState.CLOSED
    if letter.status == LetterStatus.SIGNING:
        return LinkState.OPEN
    return LinkState.NOT_YET


class TextChangedError(ServiceError):
    """The partner signed a text that is no longer the current one: show them what changed."""

    def __init__(self, seen_version: int | None):
        super().__init__(_l("The text of the letter changed while you were reading it. Read the changes below and "
                            "sign again if you agree."))  # fmt: skip
        self.seen_version = seen_version


def _ensure_can_act(signatory: Signatory) -> None:
    if link_state(signatory.letter) != LinkState.OPEN:
        raise ServiceError(_l("This letter is not open for signatures."))


def sign(signatory: Signatory, *, name: str, function: str, seen_sha256: str, seen_version: int | None) -> None:
    """ "Wij ondertekenen": bound to the SHA-256 of the text the partner saw, which must still be the current one."""
    _ensure_can_act(signatory)
    letter = signatory.letter
    if seen_sha256 != letter.current_sha256:
        raise TextChangedError(seen_version)
    if signatory.signed_current(letter.current_sha256):
        raise ServiceError(_l("Your organisation has already signed this text."))
    if not (name or "").strip():
        raise ServiceError(_l("Enter the name of the person who signs."), field="name")
    if not (function or "").strip():
        raise ServiceError(_l("Enter the function of the person who signs."), field="function")
    reconfirming = signatory.status == SignatoryStatus.SIGNED
    if signatory.status == SignatoryStatus.DECLINED:
        signatory.comment = None  # the reason they declined no longer holds
    signatory.signer_name = name.strip()
    signatory.signer_function = function.strip()
    _set_signatory_status(signatory, SignatoryStatus.SIGNED, actor=None, actor_label=signatory.signer_name,
                          reconfirmed=letter.current_version if reconfirming else None)  # fmt: skip
    flush_or_conflict(signatory)
    event = {"letter_id": letter.id, "signatory_id": signatory.id, "organisation_id": signatory.organisation_id,
             "version": letter.current_version}  # fmt: skip
    webhooks.emit("letter.signed", event)


def decline(signatory: Signatory, *, reason: str) -> None:
    _ensure_can_act(signatory)
    if not (reason or "").strip():
        raise ServiceError(_l("Give a reason, so the coalition knows why."), field="reason")
    if signatory.status == SignatoryStatus.DECLINED:
        raise ServiceError(_l("Your organisation has already declined."))
    signatory.comment = reason.strip()
    who = signatory.signer_name or signatory.organisation.name
    _set_signatory_status(signatory, SignatoryStatus.DECLINED, actor=None, actor_label=who, detail=signatory.comment)
    flush_or_conflict(signatory)

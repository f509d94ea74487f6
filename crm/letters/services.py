"""Writes for letters: drafting (every text change is a new immutable version), the workflow, the history.

Co-signing lives in crm/letters/services_signing.py, sending and answers in crm/letters/services_sending.py.
Services flush; the caller commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.locking import ensure_current_version, flush_or_conflict
from crm.common.time import today
from crm.extensions import db
from crm.letters import queries
from crm.letters.models import (
    CLOSED_STATUSES,
    LETTER_STATUS_LABELS,
    EventMessage,
    JointLetter,
    LetterEvent,
    LetterEventKind,
    LetterStatus,
    LetterVersion,
)
from crm.letters.texts import text_sha256
from crm.notifications import events as notification_events
from crm.partners.services import OrganisationRef, resolve_organisation
from crm.permissions import has_permission

BODY_MAX = 100_000


class LetterClosedError(ServiceError):
    """Sent, answered and withdrawn letters are the record: nothing about them changes any more."""

    def __init__(self, letter: JointLetter):
        super().__init__(_l("This letter is %(status)s and can no longer be changed.", status=letter.status_label))


def ensure_open(letter: JointLetter) -> None:
    if letter.status in CLOSED_STATUSES:
        raise LetterClosedError(letter)


def record_event(letter: JointLetter, kind: str, *, actor: User | None, detail: str | None = None,
                 message: EventMessage | None = None, params: dict[str, Any] | None = None,
                 actor_label: str | None = None, from_status: str | None = None,
                 to_status: str | None = None) -> LetterEvent:  # fmt: skip
    """A history line. `message` and `params` are what the application says (worded in the reader's language when
    shown, never stored as words); `detail` is what a person wrote, such as a reason."""
    event = LetterEvent(
        letter_id=letter.id,
        kind=kind,
        message=message,
        params=params,
        detail=detail,
        from_status=from_status,
        to_status=to_status,
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (actor.name if actor else ""),
    )
    db.session.add(event)
    return event


# --- drafting ------------------------------------------------------------------------------------------------------


@dataclass
class LetterInput:
    title: str
    body: str
    addressee_organisation: OrganisationRef = field(default_factory=OrganisationRef)
    addressee_person_id: int | None = None
    addressee_person_name: str | None = None
    salutation: str | None = None
    occasion: str | None = None
    signature_deadline: date | None = None
    lead_organisation: OrganisationRef = field(default_factory=OrganisationRef)
    coalition_id: int | None = None
    dossier_ids: list[int] = field(default_factory=list)
    closing: str | None = None
    signature_block: str | None = None


def _resolve_references(letter: JointLetter, data: LetterInput) -> None:
    addressee = resolve_organisation(data.addressee_organisation)
    lead = resolve_organisation(data.lead_organisation)
    for org, field_name in ((addressee, data.addressee_organisation.field), (lead, data.lead_organisation.field)):
        if org is not None and org.is_archived and org.id not in (letter.addressee_organisation_id,
                                                                  letter.lead_organisation_id):  # fmt: skip
            raise ServiceError(_l("This organisation is archived; choose another."), field=field_name)
    person = queries.person_by_id(data.addressee_person_id) if data.addressee_person_id else None
    if (data.addressee_person_id and person is None) or (data.addressee_person_name and person is None):
        raise ServiceError(_l("Choose a person from the list."), field="addressee_person_name")
    if person is not None and person.is_archived and person.id != letter.addressee_person_id:
        raise ServiceError(_l("This person is archived; choose another."), field="addressee_person_name")
    if addressee is None and person is None:
        raise ServiceError(_l("Choose the organisation or person the letter is addressed to."),
                           field=data.addressee_organisation.field or "addressee_organisation_name")  # fmt: skip
    coalition = queries.coalition_by_id(data.coalition_id) if data.coalition_id else None
    if data.coalition_id and coalition is None:
        raise ServiceError(_l("This coalition does not exist; choose again."), field="coalition_id")
    dossiers = queries.dossiers_by_ids(data.dossier_ids)
    if len(dossiers) != len(set(data.dossier_ids)):
        raise ServiceError(_l("One of the dossiers no longer exists; choose again."), field="dossier_ids")
    letter.addressee_organisation = addressee
    letter.addressee_person = person
    letter.lead_organisation = lead
    letter.coalition_id = data.coalition_id
    letter.dossiers = dossiers


def _apply(letter: JointLetter, data: LetterInput) -> None:
    if not (data.title or "").strip():
        raise ServiceError(_l("Enter a title."), field="title")
    if not (data.body or "").strip():
        raise ServiceError(_l("Write the text of the letter."), field="body")
    if len(data.body) > BODY_MAX:
        raise ServiceError(_l("At most %(max)d characters.", max=BODY_MAX), field="body")
    deadline_changed = data.signature_deadline != letter.signature_deadline
    if data.signature_deadline and deadline_changed and data.signature_deadline < today():
        raise ServiceError(_l("The deadline for signatures cannot be in the past."), field="signature_deadline")
    _resolve_references(letter, data)
    letter.title = data.title.strip()
    letter.occasion = (data.occasion or "").strip() or None
    letter.signature_deadline = data.signature_deadline
    letter.signature_block = (data.signature_block or "").strip() or None


# An approval is of one version of the text: a new version of an approved letter needs a new approval.
APPROVED_STATUSES = frozenset({LetterStatus.APPROVED, LetterStatus.SIGNING})


def _new_version(letter: JointLetter, *, salutation: str, body: str, closing: str, author: User | None,
                 restored_from: int | None = None) -> LetterVersion | None:  # fmt: skip
    """A new immutable version when the text differs from the current one; None when nothing changed.

    Every new version of a letter's text is made here, so this is where an approved letter (approved or collecting
    signatures) goes back for review: the approval was of the old text. Partners who signed the old text are asked
    to re-confirm (their signature is bound to its hash)."""
    ensure_open(letter)
    sha = text_sha256(salutation, body, closing)
    if sha == letter.current_sha256:
        return None
    number = letter.current_version + 1
    version = LetterVersion(
        letter_id=letter.id, number=number, salutation=salutation, body=body, closing=closing, sha256=sha,
        restored_from=restored_from, author_id=author.id if author else None,
    )  # fmt: skip
    db.session.add(version)
    letter.current_version = number
    letter.current_sha256 = sha
    restored = {"message": EventMessage.RESTORED, "params": {"number": restored_from}} if restored_from else {}
    record_event(letter, LetterEventKind.VERSION, actor=author, to_status=str(number), **restored)
    if letter.status in APPROVED_STATUSES:
        params = {"old": letter.approved_version or number - 1, "new": number}
        set_status(letter, LetterStatus.REVIEW, reason=None, author=author,
                   message=EventMessage.TEXT_CHANGED_AFTER_APPROVAL, params=params)  # fmt: skip
    notification_events.signatures_to_confirm(letter)
    return version


def _texts(data: LetterInput) -> dict[str, str]:
    return {
        "salutation": (data.salutation or "").strip(),
        "body": data.body.strip().replace("\r\n", "\n"),
        "closing": (data.closing or "").strip(),
    }


def create_letter(data: LetterInput, *, author: User) -> JointLetter:
    letter = JointLetter(status=LetterStatus.DRAFT, created_by=author)
    _apply(letter, data)
    db.session.add(letter)
    db.session.flush()
    _new_version(letter, **_texts(data), author=author)
    record_event(letter, LetterEventKind.STATUS, actor=author, to_status=LetterStatus.DRAFT)
    db.session.flush()
    return letter


def update_letter(letter: JointLetter, data: LetterInput, *, expected_version: int | None,
                  author: User) -> LetterVersion | None:  # fmt: skip
    """Save the form; a changed text becomes a new version (and asks earlier signatories to re-confirm)."""
    ensure_open(letter)
    ensure_current_version(letter, expected_version)
    _apply(letter, data)
    version = _new_version(letter, **_texts(data), author=author)
    flush_or_conflict(letter)
    return version


def restore_version(letter: JointLetter, number: int, *, author: User) -> LetterVersion | None:
    ensure_open(letter)
    old = queries.version_of(letter.id, number)
    if old is None:
        raise ServiceError(_l("This version does not exist."))
    version = _new_version(letter, salutation=old.salutation, body=old.body, closing=old.closing, author=author,
                           restored_from=number)  # fmt: skip
    if version is None:
        raise ServiceError(_l("The current text is already the same as version %(number)s.", number=number))
    flush_or_conflict(letter)
    return version


# --- the workflow --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    target: LetterStatus
    label: object
    permission: str = "letters.write"
    reason_required: bool = False
    danger: bool = False


# The moves a user makes with a button. Sending and answering have forms of their own (crm/letters/services_sending.py);
# inviting the first signatory moves an approved letter to collecting signatures by itself.
TRANSITIONS: dict[str, list[Transition]] = {
    LetterStatus.DRAFT: [
        Transition(LetterStatus.REVIEW, _l("Submit for review")),
        Transition(LetterStatus.WITHDRAWN, _l("Withdraw"), reason_required=True, danger=True),
    ],
    LetterStatus.REVIEW: [
        Transition(LetterStatus.APPROVED, _l("Approve"), permission="letters.approve"),
        Transition(LetterStatus.DRAFT, _l("Send back to draft"), reason_required=True),
        Transition(LetterStatus.WITHDRAWN, _l("Withdraw"), reason_required=True, danger=True),
    ],
    LetterStatus.APPROVED: [
        Transition(LetterStatus.SIGNING, _l("Start collecting signatures")),
        Transition(LetterStatus.DRAFT, _l("Back to draft"), reason_required=True),
        Transition(LetterStatus.WITHDRAWN, _l("Withdraw"), reason_required=True, danger=True),
    ],
    LetterStatus.SIGNING: [
        Transition(LetterStatus.DRAFT, _l("Back to draft"), reason_required=True),
        Transition(LetterStatus.WITHDRAWN, _l("Withdraw"), reason_required=True, danger=True),
    ],
}


def transition_for(letter: JointLetter, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS.get(letter.status, []) if t.target == target), None)


def available_transitions(letter: JointLetter, user: User) -> list[Transition]:
    return [t for t in TRANSITIONS.get(letter.status, []) if has_permission(user, t.permission)]


def change_status(letter: JointLetter, target: str, *, reason: str | None, author: User | None,
                  expected_version: int | None = None) -> None:  # fmt: skip
    """Move the letter one step in its workflow, or refuse with a message that says why not."""
    move = transition_for(letter, target)
    if move is None:
        raise ServiceError(_l("A letter that is %(status)s cannot become %(target)s.", status=letter.status_label,
                              target=LETTER_STATUS_LABELS.get(target, target)))  # fmt: skip
    if author is not None and not has_permission(author, move.permission):
        raise ServiceError(_l("Only a director or an administrator can approve a letter."))
    reason = (reason or "").strip() or None
    if move.reason_required and not reason:
        raise ServiceError(_l("Give a reason."), field="reason")
    if expected_version is not None:
        ensure_current_version(letter, expected_version)
    event_key = f"{move.target}:{letter.version_id}"
    set_status(letter, move.target, reason=reason, author=author)
    if move.target == LetterStatus.APPROVED:
        letter.approved_version = letter.current_version
    flush_or_conflict(letter)
    notification_events.letter_status_changed(letter, move.target, event_key)


def set_status(letter: JointLetter, target: LetterStatus, *, reason: str | None, author: User | None,
               message: EventMessage | None = None, params: dict[str, Any] | None = None) -> None:  # fmt: skip
    record_event(letter, LetterEventKind.STATUS, actor=author, detail=reason, message=message, params=params,
                 from_status=letter.status, to_status=target)  # fmt: skip
    letter.status = target
    if target in (LetterStatus.DRAFT, LetterStatus.REVIEW):
        letter.approved_version = None  # back before approval: whatever is approved next is approved anew


def is_sendable(letter: JointLetter) -> bool:
    """Approved (or collecting signatures) and the current text is the version a director approved."""
    return (letter.status in APPROVED_STATUSES and letter.approved_version is not None
            and letter.approved_version == letter.current_version)  # fmt: skip

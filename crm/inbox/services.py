"""Writes for e-mail capture. A message becomes one contact of kind e-mail; the same message again (dropped twice,
forwarded and BCC'd by several colleagues) adds the colleague to that contact instead. Everything is checked before
anything is written, so a message that cannot be logged leaves nothing behind. Services flush; callers commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.files import clean_filename
from crm.common.time import utcnow
from crm.extensions import db
from crm.inbox import queries
from crm.inbox.attachments import CheckedAttachment, check_attachment
from crm.inbox.matching import Matches, match
from crm.inbox.message import MailProblem, ParsedEmail
from crm.inbox.models import CapturedEmail, EmailAttachment, InboundAddress, RawEmail
from crm.inbox.parsing import parse_file
from crm.interactions.models import Interaction, InteractionKind
from crm.interactions.services import InteractionInput, log_interaction
from crm.permissions import may_act

NOBODY_KNOWN = _l(
    "Nobody on this e-mail is known in Bondgenoot by their address. Add the person (or choose them in the "
    "preview), then log the e-mail again."
)
DRAFTS_KEEP = timedelta(days=1)


@dataclass
class Choices:
    """What the user settled on in the preview (None: what the addresses matched)."""

    person_ids: list[int] | None = None
    organisation_ids: list[int] | None = None
    dossier_ids: list[int] = field(default_factory=list)
    coalition_id: int | None = None


@dataclass
class Captured:
    email: CapturedEmail
    new: bool  # False: logged before; this copy added the colleague


def checked_attachments(parsed: ParsedEmail) -> list[CheckedAttachment]:
    limit = current_app.config["MAIL_ATTACHMENT_MAX_BYTES"]
    return [check_attachment(a.filename, a.data, max_bytes=limit) for a in parsed.attachments]


def capture(parsed: ParsedEmail, *, author: User, source: str, choices: Choices | None = None) -> Captured:
    """Log `parsed` as a contact by `author` (or, when it was logged before, add `author` to that contact)."""
    choices = choices or Choices()
    attachments = checked_attachments(parsed)  # before any write: a refused attachment saves nothing
    existing = queries.captured_by_key(parsed.key)
    if existing is not None:
        _join(existing.interaction, author, choices.dossier_ids)
        return Captured(existing, new=False)
    matches = match(parsed)
    try:
        with db.session.begin_nested():
            email = _log(parsed, matches, author=author, source=source, choices=choices, attachments=attachments)
    except IntegrityError:  # a colleague's copy of the same message was logged at the same moment
        existing = queries.captured_by_key(parsed.key)
        if existing is None:
            raise
        _join(existing.interaction, author, choices.dossier_ids)
        return Captured(existing, new=False)
    return Captured(email, new=True)


def _join(interaction: Interaction, author: User, dossier_ids: list[int]) -> None:
    from crm.interactions.queries import dossiers_by_ids

    if may_act(author) and author not in interaction.users:
        interaction.users.append(author)
    for dossier in dossiers_by_ids(dossier_ids).values():
        if dossier not in interaction.dossiers and not dossier.is_archived:
            interaction.dossiers.append(dossier)
    db.session.flush()


def _log(parsed: ParsedEmail, matches: Matches, *, author: User, source: str, choices: Choices,
         attachments: list[CheckedAttachment]) -> CapturedEmail:  # fmt: skip
    person_ids = choices.person_ids if choices.person_ids is not None else [p.id for p in matches.people]
    organisation_ids = (
        choices.organisation_ids if choices.organisation_ids is not None else [o.id for o in matches.organisations]
    )
    if not person_ids and not organisation_ids and choices.person_ids is None:  # (a choice of nobody: the form says)
        raise ServiceError(NOBODY_KNOWN, field="person_ids")
    users = [u.id for u in matches.users]
    if may_act(author) and author.id not in users:
        users.append(author.id)
    interaction = log_interaction(
        InteractionInput(
            kind=InteractionKind.EMAIL.value,
            subject=parsed.subject or _("(no subject)"),
            occurred_at=parsed.sent_at or utcnow(),
            notes=parsed.text or None,
            person_ids=person_ids,
            organisation_ids=organisation_ids,
            user_ids=users,
            dossier_ids=choices.dossier_ids,
            coalition_id=choices.coalition_id,
        ),
        author=author,
        allow_duplicate=True,  # the same message is caught by its key; another message may share a subject
    )
    chosen = {p.email.lower() for p in interaction.people if p.email}
    email = CapturedEmail(
        message_key=parsed.key,
        interaction=interaction,
        sender=parsed.sender.label[:320] if parsed.sender else "",
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        headers=parsed.headers(),
        body_text=parsed.text or None,
        unmatched=[{"address": a.address, "name": a.name} for a in matches.unmatched if a.address not in chosen],
        source=source,
        captured_by=author,
    )
    db.session.add(email)
    db.session.flush()
    for checked in attachments:  # added, not appended: appending would first load the (empty) list
        db.session.add(
            EmailAttachment(email=email, interaction_id=interaction.id, filename=checked.filename,
                            mimetype=checked.mimetype, size=checked.size, sha256=checked.sha256, data=checked.data)
        )  # fmt: skip
    db.session.flush()
    return email


# --- dropped files: kept until the preview is saved ------------------------------------------------------------


def store_drafts(files: list[tuple[str, bytes]], *, user: User) -> list[RawEmail]:
    """Dropped files, each read once to refuse what is not an e-mail now (not after the preview)."""
    if not files:
        raise ServiceError(_l("Choose one or more .eml or .msg files."), field="files")
    for stale in queries.stale_drafts(utcnow() - DRAFTS_KEEP):
        db.session.delete(stale)
    drafts = []
    for name, data in files:
        filename = clean_filename(name, "e-mail")
        try:
            checked_attachments(parse_file(filename, data))
        except ServiceError as error:
            raise MailProblem(_l("%(file)s: %(problem)s", file=filename, problem=error.message),
                              field="files") from None  # fmt: skip
        drafts.append(RawEmail(user_id=user.id, source="drop", filename=filename, data=data))
    db.session.add_all(drafts)
    db.session.flush()
    return drafts


def save_drafts(drafts: list[RawEmail], choices: dict[int, Choices], *, user: User) -> list[Captured]:
    """Log every previewed file with the user's corrections; all or nothing (the caller commits once)."""
    if not drafts:
        raise ServiceError(_l("These e-mails were logged already, or the preview has expired; drop them again."))
    results = []
    for draft in drafts:
        parsed = parse_file(draft.filename, draft.data)
        try:
            results.append(capture(parsed, author=user, source="drop", choices=choices.get(draft.id)))
        except ServiceError as error:
            error.field = f"people-{draft.id}" if error.field == "person_ids" else error.field
            error.draft_id = draft.id
            raise
        db.session.delete(draft)
    db.session.flush()
    return results


# --- each user's own address for forwarding and BCC -------------------------------------------------------------


def renew_address(user: User) -> InboundAddress:
    """A new random address for `user`; the old one stops working at once."""
    address = queries.address_of(user.id) or InboundAddress(user_id=user.id)
    address.local_part = "log-" + secrets.token_hex(16)  # 128 bits: not to be guessed
    address.created_at = utcnow()
    db.session.add(address)
    db.session.flush()
    return address


def full_address(address: InboundAddress | None) -> str | None:
    domain = current_app.config.get("MAIL_INBOUND_DOMAIN") or ""
    return f"{address.local_part}@{domain}" if address is not None and domain else None

"""Sending a letter (its final PDF through the one document path), recording the answer, the Markdown export."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import pikepdf
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common import formatting
from crm.common.errors import ServiceError
from crm.common.locking import ensure_current_version, flush_or_conflict
from crm.common.time import local_to_utc, today
from crm.documents import context as document_context
from crm.documents import services as document_services
from crm.extensions import db
from crm.interactions import services as contact_services
from crm.interactions.models import InteractionKind
from crm.letters import queries
from crm.letters.models import (
    SEND_CHANNEL_LABELS,
    EventMessage,
    JointLetter,
    LetterAnswer,
    LetterStatus,
    LetterVersion,
    Signatory,
)
from crm.letters.services import APPROVED_STATUSES, is_sendable, set_status
from crm.rendering.render import RenderOptions
from crm.webhooks import services as webhooks

LETTER_TEMPLATE = "builtin:joint_letter"
ANSWER_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SigningLine:
    """Who the final letter names: the lead organisation first, then every organisation that signed this text."""

    organisations: list[Any]
    signers: list[str]
    left_out: list[Signatory]


def signing_line(letter: JointLetter, signatories: list[Signatory]) -> SigningLine:
    """The fixed, stated order: the lead organisation, then the co-signers by name (A–Z). Signatories who did not
    sign the current text (invited, agreed, declined, or signed an earlier version) are left out."""
    organisations, signers, left_out = [], [], []
    if letter.lead_organisation is not None:
        organisations.append(letter.lead_organisation)
        signers.append(letter.signature_block or "")
    for signatory in sorted(signatories, key=lambda s: (s.organisation.name_key, s.id)):
        if signatory.signed_current(letter.current_sha256):
            organisations.append(signatory.organisation)
            signers.append(", ".join(p for p in (signatory.signer_name, signatory.signer_function) if p))
        else:
            left_out.append(signatory)
    return SigningLine(organisations, signers, left_out)


def _address_lines(letter: JointLetter) -> str:
    lines = []
    org, person = letter.addressee_organisation, letter.addressee_person
    if org is not None:
        lines.append(org.name)
    if person is not None:
        lines.append(("t.a.v. " if org is not None else "") + person.full_name)
    if org is not None:
        if org.address:
            lines.append(org.address)
        if org.postal_code or org.city:
            lines.append(f"{org.postal_code or ''}  {(org.city or '').upper()}".strip())
    return "\n".join(lines)


def _default_salutation(letter: JointLetter) -> str:
    """When the letter has no salutation of its own: the one the addressee's kind calls for (a committee, …)."""
    if letter.addressee_organisation is None:
        return ""
    return document_context.recipient(letter.addressee_organisation)["salutation"]


def document_title(letter: JointLetter) -> str:
    return _("Joint letter - %(what)s", what=letter.occasion or letter.title)


def letter_input(letter: JointLetter, version: LetterVersion, line: SigningLine, on: date) -> dict[str, Any]:
    """The joint-letter template's fields for this letter (see templates/documents/joint_letter/meta.toml)."""
    return {
        "subject": letter.title,
        "organisations": [org.id for org in line.organisations],
        "signatories": "\n".join(line.signers),
        "body": version.body,
        "addressee": _address_lines(letter),
        "salutation": version.salutation or _default_salutation(letter),
        "occasion": letter.occasion or "",
        "letter_date": on,
        "closing": version.closing,
    }


def ensure_sendable(letter: JointLetter) -> None:
    """Only the text a director approved goes out: this holds whatever the way in (the page, the CLI, a script)."""
    if is_sendable(letter):
        return
    if letter.status in APPROVED_STATUSES:
        raise ServiceError(_l("The text is now version %(current)s, which no director has approved; a director "
                              "approves it before it can be sent.", current=letter.current_version))  # fmt: skip
    raise ServiceError(_l("Only an approved letter can be sent."))


def send_letter(letter: JointLetter, *, sent_on: date, channel: str, author: User,
                expected_version: int | None) -> None:  # fmt: skip
    """Render the final PDF, keep it as an immutable generated document with the text's hash, log the contact."""
    ensure_sendable(letter)
    ensure_current_version(letter, expected_version)
    if channel not in SEND_CHANNEL_LABELS:
        raise ServiceError(_l("Choose how the letter was sent."), field="channel")
    if sent_on > today():
        raise ServiceError(_l("The date sent cannot be in the future."), field="sent_on")
    version = queries.current_version(letter)
    line = signing_line(letter, queries.signatories_of(letter.id))
    if not line.organisations:
        raise ServiceError(_l("Choose the lead organisation on the letter first: nobody would sign it."))
    title = document_title(letter)
    document = document_services.generate(
        document_services.choose(LETTER_TEMPLATE),
        letter_input(letter, version, line, sent_on),
        title=title,
        author=author,
        options=RenderOptions(pdfa=True, tagged=True),
        dossier_id=letter.dossiers[0].id if letter.dossiers else None,
    )
    document.filename = document_services.document_filename(title, sent_on.isoformat())
    document.options = {**document.options, "letter_id": letter.id, "letter_version": version.number,
                        "letter_sha256": version.sha256}  # fmt: skip
    letter.sent_document_id = document.id
    letter.sent_on = sent_on
    letter.sent_channel = channel
    letter.sent_sha256 = version.sha256
    set_status(letter, LetterStatus.SENT, reason=None, author=author, message=EventMessage.SENT_BY,
               params={"channel": channel})  # fmt: skip
    _log_contact(letter, sent_on, author)
    flush_or_conflict(letter)
    webhooks.emit("letter.sent", {"letter_id": letter.id, "sent_on": sent_on, "channel": channel,
                                  "document_id": document.id})  # fmt: skip


def _log_contact(letter: JointLetter, sent_on: date, author: User) -> None:
    if letter.addressee_organisation_id is None and letter.addressee_person_id is None:
        return
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    contact_services.log_interaction(
        contact_services.InteractionInput(
            kind=InteractionKind.LETTER,
            subject=str(_l("Joint letter sent: %(title)s", title=letter.title)),
            occurred_at=local_to_utc(datetime.combine(sent_on, time(12, 0)), zone),
            notes=letter.occasion,
            person_ids=[letter.addressee_person_id] if letter.addressee_person_id else [],
            organisation_ids=[letter.addressee_organisation_id] if letter.addressee_organisation_id else [],
            user_ids=[author.id],
            dossier_ids=[d.id for d in letter.dossiers],
            coalition_id=letter.coalition_id,
        ),
        author=author,
        allow_duplicate=True,  # a letter is sent once (its status says so); each sent letter is a contact of its own
    )


# --- the answer ----------------------------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:
    """A PDF by its content: the signature and a structure pikepdf can read; not by its name."""
    if len(data) > ANSWER_MAX_BYTES:
        raise ServiceError(_l("The file is larger than 2 MB."), field="pdf")
    if not data.startswith(b"%PDF-"):
        raise ServiceError(_l("This file is not a PDF."), field="pdf")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                raise ServiceError(_l("This PDF has no pages."), field="pdf")
    except pikepdf.PdfError as error:
        raise ServiceError(_l("This PDF is damaged and cannot be read."), field="pdf") from error


def answer_filename(letter: JointLetter, received_on: date) -> str:
    return document_services.document_filename(_("Answer - %(title)s", title=letter.title), received_on.isoformat())


def record_answer(letter: JointLetter, *, received_on: date, summary: str, pdf: bytes | None, filename: str | None,
                  author: User) -> LetterAnswer:  # fmt: skip
    if letter.status != LetterStatus.SENT:
        raise ServiceError(_l("An answer can be recorded for a sent letter."))
    if not (summary or "").strip():
        raise ServiceError(_l("Summarise the answer."), field="summary")
    if letter.sent_on and received_on < letter.sent_on:
        raise ServiceError(_l("The answer cannot be older than the letter (sent %(day)s).",
                              day=formatting.day(letter.sent_on)), field="received_on")  # fmt: skip
    if received_on > today():
        raise ServiceError(_l("The date received cannot be in the future."), field="received_on")
    if pdf:
        check_pdf(pdf)
    answer = LetterAnswer(
        letter_id=letter.id,
        received_on=received_on,
        summary=summary.strip(),
        pdf=pdf or None,
        pdf_filename=answer_filename(letter, received_on) if pdf else None,
        pdf_size=len(pdf) if pdf else None,
        created_by_id=author.id,
    )
    db.session.add(answer)
    set_status(letter, LetterStatus.ANSWERED, reason=None, author=author)
    flush_or_conflict(letter)
    return answer


# --- export --------------------------------------------------------------------------------------------------------


def markdown_export(letter: JointLetter, version: LetterVersion, signatories: list[Signatory]) -> str:
    line = signing_line(letter, signatories)
    parts = [f"# {letter.title}", ""]
    if letter.addressee_label:
        parts += [f"{_('To')}: {letter.addressee_label}", ""]
    if letter.occasion:
        parts += [f"{_('Occasion')}: {letter.occasion}", ""]
    parts += [f"{_('Version')} {version.number} · SHA-256 {version.sha256}", ""]
    if version.salutation:
        parts += [version.salutation + ("" if version.salutation.endswith(",") else ","), ""]
    parts += [version.body.strip(), ""]
    if version.closing:
        parts += [version.closing, ""]
    for organisation, signer in zip(line.organisations, line.signers, strict=True):
        parts.append(f"- **{organisation.name}**" + (f" — {signer}" if signer else ""))
    return "\n".join(parts).rstrip() + "\n"


def export_filename(letter: JointLetter, extension: str) -> str:
    day = (letter.sent_on or today()).isoformat()
    return document_services.document_filename(document_title(letter), day).removesuffix(".pdf") + f".{extension}"

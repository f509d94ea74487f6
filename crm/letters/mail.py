"""Signing invitations by e-mail: one plain-text message, sent through crm.mail like every e-mail of ours."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _

from crm.letters.models import JointLetter, LetterVersion, Signatory

SUMMARY_CHARS = 1200


def summary_of(body: str) -> str:
    """The opening of the letter as plain text: Markdown marks are harmless in a text mail, so it stays as written."""
    text = body.strip()
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def invitation_message(letter: JointLetter, version: LetterVersion, signatory: Signatory, link: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = _("Request to co-sign: %(title)s", title=letter.title)
    message["From"] = config["MAIL_SENDER"]
    message["To"] = formataddr((signatory.signer_name or signatory.organisation.name, signatory.signer_email or ""))
    message["Message-ID"] = make_msgid(domain=config["MAIL_SENDER"].rpartition("@")[2] or None)
    deadline = format_date(letter.signature_deadline, "long") if letter.signature_deadline else None
    message.set_content(
        render_template(
            "letters/invitation_email.txt",
            letter=letter,
            signatory=signatory,
            link=link,
            deadline=deadline,
            summary=summary_of(version.body),
        )
    )
    return message

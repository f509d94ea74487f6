"""Signing invitations by email (smtplib from the standard library: one plain-text message, nothing to add)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _

from crm.letters.models import JointLetter, LetterVersion, Signatory

SUMMARY_CHARS = 1200


class MailNotSent(Exception):
    """The mail server refused or could not be reached; `reason` says why, without the message itself."""

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


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


def send(message: EmailMessage) -> None:
    config = current_app.config
    try:
        if config["MAIL_USE_SSL"]:
            smtp = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"],
                                    context=ssl.create_default_context())  # fmt: skip
        else:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
        with smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The reason goes to the log without the message itself: it holds a live signing link.
        reason = f"{type(error).__name__}: {error}"[:300]
        current_app.logger.warning("Signing invitation not sent: %s", type(error).__name__)
        raise MailNotSent(reason) from error

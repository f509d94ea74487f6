"""Handing a message to the mail server (smtplib from the standard library). Called only from task workers: a
request queues a job, the job sends, so a slow or absent mail server never holds up a page."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app


class MailNotSent(Exception):
    """The mail server refused or could not be reached; `reason` says why, without the message itself."""

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(message: EmailMessage) -> None:
    config = current_app.config
    try:
        if config["MAIL_USE_SSL"]:
            smtp = smtplib.SMTP_SSL(
                config["MAIL_SERVER"],
                config["MAIL_PORT"],
                timeout=config["MAIL_TIMEOUT"],
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
        with smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The reason goes to the log without the message itself: it may hold a live link.
        reason = f"{type(error).__name__}: {error}"[:300]
        current_app.logger.warning("E-mail not sent: %s", type(error).__name__)
        raise MailNotSent(reason) from error


def retry_wait(attempt: int) -> float:
    """The wait before another try: MAIL_RETRY_SECONDS, doubling with each attempt."""
    return current_app.config["MAIL_RETRY_SECONDS"] * 2 ** max(attempt - 1, 0)

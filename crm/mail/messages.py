"""How our e-mails are built: plain text first, an HTML alternative, a stable Message-ID, and for mail a user can
switch off, the one-click unsubscribe headers of RFC 8058 (mail clients show an "unsubscribe" button for them)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from flask import current_app


def new_message_id() -> str:
    return make_msgid(domain=current_app.config["MAIL_SENDER"].rpartition("@")[2] or None)


def build(
    *,
    to_name: str,
    to_address: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((config.get("MAIL_SENDER_NAME") or "Bondgenoot", config["MAIL_SENDER"]))
    message["To"] = formataddr((to_name, to_address))
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id  # the same for every try: a receiver can tell a repeat
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to a notification
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message

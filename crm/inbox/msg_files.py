"""Outlook `.msg` files (a compound file of MAPI properties), read with extract-msg.

The transport headers Outlook keeps with a received message give the Message-ID and the addresses as sent; a message
that was never sent through the internet has only the properties (sender, To, Cc as "Name <address>" lists).
"""

from __future__ import annotations

from datetime import UTC

import extract_msg
from extract_msg.enums import ErrorBehavior
from flask_babel import lazy_gettext as _l

from crm.inbox.forwarded import inline_forward, parse_addresses, parse_loose_date
from crm.inbox.message import MailProblem, ParsedEmail, RawAttachment
from crm.inbox.text import clean_line, clean_text, html_to_text

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_A_MSG = _l("This .msg file is not an Outlook message we can read.")
MAX_ATTACHMENTS = 200


def parse_msg(data: bytes) -> ParsedEmail:
    if not data.startswith(OLE_SIGNATURE):
        raise MailProblem(NOT_A_MSG)
    try:
        message = extract_msg.openMsg(data, errorBehavior=ErrorBehavior.ATTACH_SUPPRESS_ALL | ErrorBehavior.RTFDE)
    except Exception as error:  # olefile's and extract-msg's ways of refusing a file that is not a message
        raise MailProblem(NOT_A_MSG) from error
    try:
        with message:
            if not isinstance(message, extract_msg.Message):
                raise MailProblem(_l("This .msg file is an Outlook item, but not an e-mail message."))
            return inline_forward(_read(message))
    except MailProblem:
        raise
    except Exception as error:
        raise MailProblem(NOT_A_MSG) from error


def _read(message: extract_msg.Message) -> ParsedEmail:
    sent_at = message.date
    if sent_at is not None:
        sent_at = sent_at.astimezone(UTC).replace(tzinfo=None) if sent_at.tzinfo else sent_at
    elif message.headerInit and message.header.get("Date"):
        sent_at = parse_loose_date(str(message.header["Date"]))
    message_id = clean_line(message.messageId or "", 300) or None
    senders = parse_addresses(str(message.sender or ""))
    body = message.body
    if body and body.strip():
        text = clean_text(body)
    else:
        html = message.htmlBody or b""
        text = html_to_text(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else str(html))
    attachments = []
    for attachment in list(message.attachments)[:MAX_ATTACHMENTS]:
        data = getattr(attachment, "data", None)
        if not isinstance(data, bytes):
            continue  # an embedded Outlook item or a broken attachment: not a file to keep
        name = attachment.longFilename or attachment.shortFilename or attachment.name or ""
        attachments.append(RawAttachment(filename=clean_line(name, 255), data=data))
    return ParsedEmail(
        subject=clean_line(message.subject or ""),
        sender=senders[0] if senders else None,
        to=parse_addresses(str(message.to or "")),
        cc=parse_addresses(str(message.cc or "")),
        sent_at=sent_at,
        message_id=message_id if message_id and "@" in message_id else None,
        text=text,
        attachments=attachments,
    )

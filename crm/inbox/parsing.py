"""Reading e-mail files and received mail: `.eml` (RFC 5322, the standard library's parser) and Outlook `.msg`
(extract-msg, in crm/inbox/msg_files.py). A forwarded message gives its original's sender, date and subject: from
an attached message (message/rfc822) or from the header block a mail program wrote into the text.

Whatever goes wrong raises MailProblem with words for the user; nothing here writes.
"""

from __future__ import annotations

import email.policy
from datetime import UTC
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from flask_babel import lazy_gettext as _l

from crm.inbox.forwarded import FORWARD_PREFIX, inline_forward, joined, parse_loose_date
from crm.inbox.message import NOT_AN_EMAIL, Address, MailProblem, ParsedEmail, RawAttachment
from crm.inbox.msg_files import OLE_SIGNATURE, parse_msg
from crm.inbox.text import clean_line, clean_text, html_to_text

MAX_PARTS = 500  # MIME parts in one message: more is an attack on the parser, not a letter
MAX_NESTING = 5  # forwarded messages inside forwarded messages


def parse_file(filename: str, data: bytes) -> ParsedEmail:
    """A dropped file: Outlook's .msg by its content (a compound file), anything else as .eml."""
    if data.startswith(OLE_SIGNATURE):
        return parse_msg(data)
    if filename.lower().endswith(".msg"):
        raise MailProblem(_l("This .msg file is not an Outlook message."))
    return parse_eml(data)


def parse_eml(data: bytes) -> ParsedEmail:
    head = data[: data.find(b"\n\n") if b"\n\n" in data else len(data)]
    if b"\x00" in head.replace(b"\r\n", b"\n")[:65536] or b"\x00" in data[:1024]:
        raise MailProblem(_l("This message contains NUL bytes in its headers; it is not a valid e-mail."))
    try:
        message = BytesParser(policy=email.policy.default).parsebytes(data)
        parsed = _from_message(message, depth=0)
    except MailProblem:
        raise
    except Exception as error:  # the parser's and header classes' many ways of failing on hostile input
        raise MailProblem(NOT_AN_EMAIL) from error
    return parsed


def _header(message: EmailMessage, name: str, limit: int = 300) -> str:
    return clean_line(message.get(name, ""), limit)


def _addresses(message: EmailMessage, *names: str) -> list[Address]:
    """Addresses of these headers; an encoded word in a display name stays a name, never becomes an address."""
    found: list[Address] = []
    for name in names:
        for header in message.get_all(name, []):
            groups = getattr(header, "addresses", None)
            pairs = (
                [(a.display_name, a.addr_spec) for a in groups] if groups is not None else getaddresses([str(header)])
            )
            for display, spec in pairs:
                address = clean_line(spec, 254).lower()
                if "@" in address and " " not in address and not any(a.address == address for a in found):
                    found.append(Address(address=address, name=clean_line(display, 200)))
    return found


def _is_mail(message: EmailMessage) -> bool:
    return any(message.get(name) for name in ("From", "Date", "Subject", "Message-ID"))


def _from_message(message: EmailMessage, depth: int) -> ParsedEmail:
    if not _is_mail(message):
        raise MailProblem(NOT_AN_EMAIL)
    parts = list(message.walk())
    if len(parts) > MAX_PARTS:
        raise MailProblem(_l("This message has too many parts to be an ordinary e-mail; it was not logged."))
    sender = next(iter(_addresses(message, "From")), None) or next(iter(_addresses(message, "Sender")), None)
    date_header = message.get("Date")
    sent_at = getattr(date_header, "datetime", None)
    if sent_at is not None:
        sent_at = sent_at.astimezone(UTC).replace(tzinfo=None) if sent_at.tzinfo else sent_at
    elif date_header:
        sent_at = parse_loose_date(str(date_header))
    message_id = clean_line(message.get("Message-ID", ""), 300).strip() or None
    parsed = ParsedEmail(
        subject=_header(message, "Subject"),
        sender=sender,
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        sent_at=sent_at,
        message_id=message_id if message_id and "@" in message_id else None,
    )
    text, attachments, inner = _contents(message)
    parsed.text, parsed.attachments = text, attachments
    if inner is not None and depth < MAX_NESTING and (FORWARD_PREFIX.match(parsed.subject) or not text.strip()):
        original = _from_message(inner, depth + 1)
        original.forwarded_by = parsed.sender
        original.text = joined(text, original.text)
        original.attachments = [*original.attachments, *attachments]
        return original
    return inline_forward(parsed)


def _contents(message: EmailMessage) -> tuple[str, list[RawAttachment], EmailMessage | None]:
    """The text (plain preferred, else HTML made plain), the attachments, and an attached message if any."""
    plain: list[str] = []
    markup: list[str] = []
    attachments: list[RawAttachment] = []
    inner: EmailMessage | None = None
    nested = _parts_of_attached_messages(message)
    for part in message.walk():
        if part is message and part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            payload = part.get_payload()
            attached = payload[0] if isinstance(payload, list) and payload else None
            if inner is None and isinstance(attached, EmailMessage):
                inner = attached
            continue
        if part.is_multipart():
            continue
        if id(part) in nested:
            continue
        disposition = part.get_content_disposition()
        if disposition != "attachment" and content_type in ("text/plain", "text/html"):
            text = _decoded_text(part)
            (plain if content_type == "text/plain" else markup).append(text)
        elif disposition in ("attachment", "inline") or part.get_filename():
            data = part.get_payload(decode=True) or b""
            attachments.append(RawAttachment(filename=clean_line(part.get_filename() or "", 255), data=data))
    text = clean_text("\n\n".join(plain)) if plain else html_to_text("\n".join(markup))
    return text, attachments, inner


def _parts_of_attached_messages(message: EmailMessage) -> set[int]:
    """walk() descends into attached messages: their parts belong to the original, read on its own."""
    nested: set[int] = set()
    for candidate in message.walk():
        if candidate.get_content_type() == "message/rfc822":
            for attached in candidate.get_payload() or []:
                if isinstance(attached, EmailMessage):
                    nested.update(id(p) for p in attached.walk())
    return nested


def _decoded_text(part: EmailMessage) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, AssertionError, KeyError):  # an unknown or lying charset
        return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")

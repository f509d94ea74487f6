"""The original of a forwarded e-mail written into the text: the header block mail programs put above it.

Gmail: "---------- Forwarded message ---------" then From/Date/Subject/To. Outlook, in English or Dutch:
"From:/Van:", "Sent:/Verzonden:", "To:/Aan:", "Cc:", "Subject:/Onderwerp:" (older versions first write
"-----Original Message-----" / "-----Oorspronkelijk bericht-----" and addresses as "Name [mailto:a@b]").
Apple Mail: "Begin forwarded message:" / "Begin doorgestuurd bericht:".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime
from zoneinfo import ZoneInfo

from crm.inbox.message import Address, ParsedEmail
from crm.inbox.text import clean_line

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FORWARD_PREFIX = re.compile(r"^\s*(?:(?:fwd?|fw|doorst|tr|wg)\s*:\s*)+", re.I)
_MARKER = re.compile(
    r"^[\s>]*(?:-{2,}\s*(?:forwarded message|doorgestuurd bericht|original message|oorspronkelijk bericht|"
    r"oorspronkelijk e-?mailbericht)\s*-{2,}|begin (?:forwarded message|doorgestuurd bericht)\s*:)\s*$",
    re.I,
)
_FIELDS = {
    "from": "from", "van": "from",
    "sent": "date", "date": "date", "verzonden": "date", "datum": "date",
    "to": "to", "aan": "to",
    "cc": "cc",
    "subject": "subject", "onderwerp": "subject",
}  # fmt: skip
_FIELD_LINE = re.compile(
    r"^[\s>*]*(from|van|sent|date|verzonden|datum|to|aan|cc|subject|onderwerp)\s*:\**\s*(.*)$", re.I
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "januari"), ("february", "feb", "februari"), ("march", "mar", "maart", "mrt"),
            ("april", "apr"), ("may", "mei"), ("june", "jun", "juni"), ("july", "jul", "juli"),
            ("august", "aug", "augustus"), ("september", "sep", "sept"), ("october", "oct", "oktober", "okt"),
            ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WORDY_DATE = re.compile(
    r"(?:(?P<d1>\d{1,2})\.?\s+(?P<m1>[a-z]+)\.?|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2}))\s*,?\s+(?P<y>\d{4})"
    r"(?:\D+?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?",
    re.I,
)
_NUMERIC_DATE = re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?:\D+(?P<h>\d{1,2})[:.](?P<mi>\d{2}))?")


@dataclass
class ForwardedHeaders:
    sender: Address | None
    to: list[Address]
    cc: list[Address]
    sent_at: datetime | None
    subject: str
    comment: str  # what the forwarder wrote above it
    body: str  # the original's text


def parse_addresses(value: str) -> list[Address]:
    """Addresses as mail programs write them in a text: "Name <a@b>", "Name [mailto:a@b]", separated by , or ;."""
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value, flags=re.I)
    found: list[Address] = []
    for part in value.split(";"):
        for name, address in getaddresses([part]):
            address = clean_line(address, 254).lower()
            if "@" in address and not any(a.address == address for a in found):
                found.append(Address(address=address, name=clean_line(name, 200)))
    return found


def parse_loose_date(value: str) -> datetime | None:
    """A date as a header (RFC 5322) or as a mail program writes it in a forward, in English or Dutch; a time
    without a zone is Amsterdam time. UTC, naive."""
    value = clean_line(value, 200)
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None:
        moment = _wordy_or_numeric(value.replace(" at ", " ").replace(" om ", " "))
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _wordy_or_numeric(value: str) -> datetime | None:
    for match in _WORDY_DATE.finditer(value):
        month = _MONTHS.get((match["m1"] or match["m2"] or "").lower())
        if month is None:
            continue
        hour, minute = int(match["h"] or 0), int(match["mi"] or 0)
        ampm = (match["ampm"] or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        return _safe_datetime(int(match["y"]), month, int(match["d1"] or match["d2"]), hour, minute)
    if match := _NUMERIC_DATE.search(value):  # 7-12-2026: day first, as in Dutch
        return _safe_datetime(int(match["y"]), int(match["m"]), int(match["d"]), int(match["h"] or 0),
                              int(match["mi"] or 0))  # fmt: skip
    return None


def _safe_datetime(*parts: int) -> datetime | None:
    try:
        return datetime(*parts)
    except ValueError:
        return None


def find_forwarded(text: str, subject: str) -> ForwardedHeaders | None:
    """The forwarded original in `text`, when a header block of one is there (after a marker line, or in a message
    whose subject says it is a forward)."""
    lines = text.split("\n")
    looks_forwarded = bool(FORWARD_PREFIX.match(subject))
    for index, line in enumerate(lines):
        marker = bool(_MARKER.match(line))
        if not marker and not (looks_forwarded and _FIELD_LINE.match(line)):
            continue
        start = index + 1 if marker else index
        found = _header_block(lines, start)
        if found is not None:
            fields, end = found
            return ForwardedHeaders(
                sender=next(iter(parse_addresses(fields.get("from", ""))), None),
                to=parse_addresses(fields.get("to", "")),
                cc=parse_addresses(fields.get("cc", "")),
                sent_at=parse_loose_date(fields.get("date", "")),
                subject=FORWARD_PREFIX.sub("", clean_line(fields.get("subject", ""))),
                comment="\n".join(lines[:index]).strip(),
                body="\n".join(line.lstrip("> ").rstrip() if line.startswith(">") else line
                               for line in lines[end:]).strip(),
            )  # fmt: skip
    return None


def _header_block(lines: list[str], start: int) -> tuple[dict[str, str], int] | None:
    """The "Field: value" lines from `start` (blank lines before them skipped): their values and where they end."""
    fields: dict[str, str] = {}
    index = start
    while index < len(lines) and not lines[index].strip() and index - start < 3:
        index += 1
    last = None
    while index < len(lines):
        line = lines[index]
        match = _FIELD_LINE.match(line)
        if match:
            last = _FIELDS[match[1].lower()]
            fields.setdefault(last, match[2].strip())
        elif line.strip() and last in ("to", "cc") and not fields.get("subject"):
            fields[last] += " " + line.strip()  # a long list of addresses wrapped over lines
        else:
            break
        index += 1
    if "from" not in fields or ("subject" not in fields and "date" not in fields):
        return None
    return fields, index


def inline_forward(parsed: ParsedEmail) -> ParsedEmail:
    found = find_forwarded(parsed.text, parsed.subject)
    if found is None or found.sender is None:
        return parsed
    return ParsedEmail(
        subject=found.subject or FORWARD_PREFIX.sub("", parsed.subject),
        sender=found.sender,
        to=found.to,
        cc=found.cc,
        sent_at=found.sent_at or parsed.sent_at,
        message_id=None,  # the forward's own id; the original is known by its sender, date and subject
        text=joined(found.comment, found.body),
        attachments=parsed.attachments,
        forwarded_by=parsed.sender,
    )


def joined(comment: str, body: str) -> str:
    """The forwarder's comment above the original's body, a rule between them."""
    return f"{comment.strip()}\n\n---\n\n{body.strip()}".strip("\n-") if comment.strip() else body.strip()

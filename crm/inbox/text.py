"""E-mail text made safe to keep as a contact's notes: markup and script removed with nh3 (the sanitiser the notes
use when they are shown), control characters and NUL bytes dropped, length bounded."""

from __future__ import annotations

import html
import re

import nh3

NOTES_MAX = 50_000  # as the contact form's notes field
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/p|/div|/tr|/li|/h[1-6]|/blockquote|/table)\s*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_line(value: object, limit: int = 300) -> str:
    """One header value on one line: no control or direction characters (an encoded word may decode to a newline,
    a NUL or a right-to-left override), whitespace collapsed."""
    text = _CONTROL.sub("", str(value or "")).replace("\r", " ").replace("\n", " ")
    return " ".join(text.split())[:limit]


def html_to_text(markup: str) -> str:
    """The readable text of an HTML body: line breaks where blocks end, every tag and script/style content gone."""
    with_breaks = _BLOCK_END.sub("\n", markup)
    stripped = nh3.clean(with_breaks, tags=set(), clean_content_tags={"script", "style", "head", "title"})
    return clean_text(html.unescape(stripped))


def clean_text(text: str) -> str:
    """A plain-text body ready to store as notes: kept as written ("Name <address>" is text, not a tag), without
    control characters; the notes' renderer sanitises it with nh3 whenever it is shown, as every note."""
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    plain = _CONTROL.sub("", plain)
    plain = _BLANK_LINES.sub("\n\n", _SPACES.sub("\n", plain)).strip()
    if len(plain) > NOTES_MAX:
        plain = plain[: NOTES_MAX - 1].rstrip() + "…"
    return plain

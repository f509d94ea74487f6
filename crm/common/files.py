"""Stored files (uploads, generated documents) on their way in and out.

Out: a file is only shown in the browser when its type cannot run script there (PDF, PNG, JPEG); anything else
(SVG, HTML, XML, text) is a download (`Content-Disposition: attachment`), and `nosniff` stops the browser from
guessing another type. In: a file name keeps only its last part, without control characters; an image that also
carries markup (a PNG+HTML polyglot) is refused.
"""

from __future__ import annotations

import re

from flask import Response

from crm.common.exports import content_disposition

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKUP = re.compile(rb"<(?:!doctype|html|head|body|script|svg|iframe|object|embed|img|a\s)|javascript:", re.I)


def file_response(data: bytes, *, filename: str, mimetype: str, inline: bool = False) -> Response:
    response = Response(data, mimetype=mimetype)
    disposition = "inline" if inline and mimetype.split(";")[0].strip() in INLINE_TYPES else "attachment"
    response.headers["Content-Disposition"] = content_disposition(disposition, filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def clean_filename(name: str | None, fallback: str = "file") -> str:
    """The name a user's browser sent, reduced to its last part: no directories, no control characters."""
    base = re.split(r"[\\/]", _CONTROL.sub("", name or ""))[-1].strip().lstrip(".")
    return base[:255] or fallback


def carries_markup(data: bytes) -> bool:
    """HTML or script inside what should be an image: a polyglot meant to run when opened as a page."""
    return _MARKUP.search(data) is not None

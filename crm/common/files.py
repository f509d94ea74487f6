"""Stored files (uploads, generated documents) on their way in and out.

Out: a file is only shown in the browser when its type cannot run script there (PDF, PNG, JPEG); anything else
(SVG, HTML, XML, text) is a download (`Content-Disposition: attachment`), and `nosniff` stops the browser from
guessing another type. In: a file name keeps only its last part, without control characters; an image that also
carries markup (a PNG+HTML polyglot) is refused.
"""

from __future__ import annotations

import re

from flask import Response
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from crm.common.exports import content_disposition

BAD_NAME = _l("The file name contains a folder or invalid characters. Rename the file and try again.")
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Five bytes or more each, so the compressed pixels of an honest image do not match by chance.
_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg\s|iframe|object|embed|img\s|a\shref)|javascript:|on(?:error|load)\s*=",
    re.I,
)


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


def plain_file_name(form, field) -> None:
    """Form validator: browsers send a file's own name; a folder, a hidden name or control characters are an attack."""
    name = getattr(field.data, "filename", None)
    if name and clean_filename(name) != name:
        raise ValidationError(BAD_NAME)

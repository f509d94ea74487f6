"""Attachments of an e-mail, checked by content as uploads are (crm/common/files.py): what a file really is decides
how it is served (PDF, PNG and JPEG may show in the browser; anything else is a download), an image that carries
markup is refused, and a compressed file that unpacks to far more than it weighs (a zip bomb) is refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.common.files import carries_markup, clean_filename

UNPACKED_MAX_BYTES = 100 * 1024 * 1024  # what a compressed attachment may unpack to, in all
UNPACK_RATIO_MAX = 100  # and at most this many times its own size
ZIP_MEMBERS_MAX = 10_000

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
)
_IMAGES = {"image/png", "image/jpeg", "image/gif"}


class AttachmentProblem(ServiceError):
    """An attachment we do not keep; the message names the file."""


@dataclass(frozen=True)
class CheckedAttachment:
    filename: str
    mimetype: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(data: bytes) -> str:
    for signature, mimetype in _SIGNATURES:
        if data.startswith(signature):
            return mimetype
    return "application/octet-stream"


def check_attachment(filename: str | None, data: bytes, *, max_bytes: int) -> CheckedAttachment:
    name = clean_filename(filename, "bijlage")
    if len(data) > max_bytes:
        raise AttachmentProblem(
            _l(
                "The attachment “%(name)s” is larger than %(mb)s MB; it was not logged.",
                name=name,
                mb=max(max_bytes // (1024 * 1024), 1),
            )
        )
    mimetype = sniff(data)
    if mimetype in _IMAGES and carries_markup(data):
        raise AttachmentProblem(
            _l("The attachment “%(name)s” is an image that also contains web page code; it was not logged.", name=name)
        )
    if mimetype == "application/zip":
        _check_zip(name, data)
    elif mimetype == "application/gzip":
        _check_gzip(name, data)
    return CheckedAttachment(filename=name, mimetype=mimetype, data=data)


def _bomb(name: str) -> AttachmentProblem:
    return AttachmentProblem(
        _l("The attachment “%(name)s” unpacks to far more than it weighs (a zip bomb); it was not logged.", name=name)
    )


def _unpack_limit(data: bytes) -> int:
    return min(UNPACKED_MAX_BYTES, max(len(data), 1024) * UNPACK_RATIO_MAX)


def _check_zip(name: str, data: bytes) -> None:
    """Reads the sizes the archive declares, then inflates to count what it really holds (declarations can lie)."""
    limit = _unpack_limit(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MEMBERS_MAX or sum(m.file_size for m in members) > limit:
                raise _bomb(name)
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(64 * 1024):
                        total += len(chunk)
                        if total > limit:
                            raise _bomb(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        return  # not an archive we can open (encrypted, damaged): kept as a download, never unpacked by us


def _check_gzip(name: str, data: bytes) -> None:
    limit = _unpack_limit(data)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    total, rest = 0, data
    try:
        while rest:
            total += len(inflater.decompress(rest, 64 * 1024))
            if total > limit:
                raise _bomb(name)
            rest = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return

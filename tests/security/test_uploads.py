"""Upload abuse against logos and answer PDFs: a clear 4xx and nothing stored, or a harmless re-encoded file."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import timedelta

import pikepdf
import pytest
from sqlalchemy import select

from crm.common.time import today
from crm.documents.models import OrganisationLogo
from crm.letters.models import LetterAnswer
from tests.factories import OrganisationFactory
from tests.factories_letters import LetterFactory
from tests.helpers import count, text_of
from tests.integration.test_logos import image_bytes, upload

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
BAD_NAME = "De bestandsnaam bevat een map of ongeldige tekens."


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(side: int = 30_000) -> bytes:
    """A 1-bit PNG of side × side black pixels: about 100 kB on disk, 900 million pixels when opened."""
    row = b"\x00" + b"\x00" * (side // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def png_with_text(text: bytes) -> bytes:
    """A valid PNG with markup hidden in a tEXt metadata chunk."""
    png = image_bytes("PNG", (20, 20))
    end = png.rindex(b"IEND") - 4
    return png[:end] + chunk(b"tEXt", b"Comment\x00" + text) + png[end:]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (HTML, "logo.png", "code van een webpagina"),  # wrong magic bytes: an HTML page named .png
        (b"GIF89a" + b"\x00" * 100, "logo.png", "geen PNG- of JPEG-afbeelding"),
        (b"\xff\xd8\xff\xe0" + b"not really a jpeg", "logo.jpg", "geen PNG- of JPEG-afbeelding"),
        (image_bytes("PNG", (40, 40)) + HTML, "logo.png", "code van een webpagina"),  # polyglot: PNG, then HTML
        (png_with_text(b"<script>alert(1)</script>"), "logo.png", "code van een webpagina"),
        (image_bytes("PNG", (5000, 5000)), "groot.png", "te veel pixels"),  # huge dimensions
        (bomb_png(), "bom.png", None),  # a decompression bomb: refused before it is decompressed
        (image_bytes("PNG", (40, 40)), "../../etc/passwd.png", BAD_NAME),  # path tricks in the name
        (image_bytes("PNG", (40, 40)), "..\\..\\windows\\logo.png", BAD_NAME),
        (image_bytes("PNG", (40, 40)), "logo\x00.png", BAD_NAME),
        (image_bytes("PNG", (40, 40)), ".htaccess", BAD_NAME),
    ],
    ids=["html", "gif", "fake-jpeg", "polyglot", "text-chunk", "huge", "bomb", "dotdot", "backslash", "nul", "dot"],
)
def test_abusive_logo_uploads_are_refused_and_nothing_is_stored(client, login_as, data, name, message):
    login_as("lobbyist")
    organisation = OrganisationFactory()
    response = upload(client, organisation, data, name)
    assert response.status_code == 422, text_of(response)[:300]
    if message:
        assert message in text_of(response)
    assert count(OrganisationLogo) == 0
    assert client.get(f"/organisations/{organisation.id}/logo.png").status_code == 404


def test_an_upload_larger_than_the_request_limit_is_a_413(client, login_as):
    login_as("lobbyist")
    organisation = OrganisationFactory()
    response = upload(client, organisation, b"\x89PNG" + b"\x00" * (3 * 1024 * 1024), "groot.png")
    assert response.status_code == 413 and "Te groot" in text_of(response)
    assert count(OrganisationLogo) == 0


def test_what_is_stored_is_only_the_pixels_re_encoded(client, login_as):
    login_as("lobbyist")
    organisation = OrganisationFactory()
    jpeg_named_png = image_bytes("JPEG", (60, 30))
    assert upload(client, organisation, jpeg_named_png, "logo.png").status_code == 302
    logo = client.get(f"/organisations/{organisation.id}/logo.png")
    assert logo.data.startswith(b"\x89PNG") and logo.data != jpeg_named_png
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    from crm.extensions import db

    assert db.session.scalar(select(OrganisationLogo.original_filename)) == "logo.png"


def answer_form(pdf: bytes, name: str = "antwoord.pdf") -> dict:
    return {"received_on": today().isoformat(), "summary": "De minister antwoordt.", "pdf": (io.BytesIO(pdf), name)}


def blank_pdf() -> bytes:
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (HTML, "antwoord.pdf", "Dit bestand is geen pdf."),  # wrong magic bytes
        (HTML + b"\n" + blank_pdf(), "antwoord.pdf", "Dit bestand is geen pdf."),  # HTML first, then a PDF
        (b"%PDF-1.7\n" + HTML, "antwoord.pdf", "beschadigd"),  # the signature, then no PDF at all
        (blank_pdf(), "../../antwoord.pdf", BAD_NAME),
        (blank_pdf(), "antwoord\x00.pdf", BAD_NAME),
    ],
    ids=["html", "html-then-pdf", "signature-only", "dotdot", "nul"],
)
def test_abusive_answer_pdfs_are_refused_and_nothing_is_stored(client, login_as, data, name, message):
    login_as("lobbyist")
    letter = LetterFactory(status="sent", sent_on=today() - timedelta(days=3))
    response = client.submit(f"/letters/{letter.id}/answer", answer_form(data, name),
                             content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 422, text_of(response)[:300]
    assert message.lower() in text_of(response).lower()
    assert count(LetterAnswer) == 0


def test_a_pdf_with_markup_appended_is_only_ever_a_download(client, login_as):
    """A PDF reader ignores bytes after the end; a browser never gets to treat them as a page."""
    login_as("lobbyist")
    letter = LetterFactory(status="sent", sent_on=today() - timedelta(days=3))
    response = client.submit(f"/letters/{letter.id}/answer", answer_form(blank_pdf() + HTML),
                             content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    served = client.get(f"/letters/{letter.id}/answer.pdf")
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"

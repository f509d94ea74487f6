"""Reading e-mail: .eml written by the standard library, Outlook .msg (written by tests/msg_files.py, read by
extract-msg), forwarded originals (attached or written into the text, in English and Dutch), and hostile input."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime

import pytest

from crm.inbox.attachments import AttachmentProblem, check_attachment
from crm.inbox.message import MailProblem
from crm.inbox.parsing import parse_eml, parse_file
from tests.factories_inbox import PDF, email_message, forwarded
from tests.msg_files import outlook_message


@pytest.fixture(autouse=True)
def _dutch(app):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        yield


def test_an_eml_gives_sender_recipients_date_text_and_attachments():
    message = email_message(cc="Piet <PIET@ocw.test>", html="<p>Beste <b>Lotte</b></p>",
                            attachments=(("notitie.pdf", PDF, "application/pdf"),))  # fmt: skip
    parsed = parse_eml(message.as_bytes())
    assert parsed.subject == "Overleg cultuuronderwijs"
    assert parsed.sender.address == "jan@ocw.test" and parsed.sender.name == "Jan Jansen"
    assert [a.address for a in parsed.to] == ["lotte@bondgenoot.test"]
    assert [a.address for a in parsed.cc] == ["piet@ocw.test"]
    assert parsed.sent_at == datetime(2026, 12, 1, 9, 30)
    assert parsed.text == "Beste Lotte,\n\nTot dinsdag."  # the plain part is preferred
    assert [(a.filename, a.data) for a in parsed.attachments] == [("notitie.pdf", PDF)]
    assert parsed.key == str(message["Message-ID"])


def test_without_a_message_id_the_key_is_a_hash_of_sender_date_and_subject():
    one = parse_eml(email_message(message_id=None).as_bytes())
    again = parse_eml(email_message(message_id=None, text="Another copy, another text").as_bytes())
    other = parse_eml(email_message(message_id=None, subject="Ander onderwerp").as_bytes())
    assert one.key.startswith("sha256:") and one.key == again.key != other.key


def test_a_forward_with_the_original_attached_gives_the_original():
    original = email_message(attachments=(("notitie.pdf", PDF, "application/pdf"),))
    parsed = parse_eml(forwarded(original, by="Lotte <lotte@bondgenoot.test>", to="log@x.test").as_bytes())
    assert parsed.subject == "Overleg cultuuronderwijs" and parsed.sender.address == "jan@ocw.test"
    assert parsed.sent_at == datetime(2026, 12, 1, 9, 30) and parsed.key == str(original["Message-ID"])
    assert parsed.forwarded_by.address == "lotte@bondgenoot.test"
    assert "Ter info." in parsed.text and "Tot dinsdag." in parsed.text
    assert [a.filename for a in parsed.attachments] == ["notitie.pdf"]


@pytest.mark.parametrize(
    ("block", "expected_utc"),
    [
        (
            "-----Oorspronkelijk bericht-----\nVan: Jan Jansen [mailto:jan@ocw.test]\n"
            "Verzonden: maandag 7 december 2026 10:15\n"
            "Aan: Lotte Lobby <lotte@bondgenoot.test>; Piet <piet@ocw.test>\nOnderwerp: Subsidieregeling\n",
            datetime(2026, 12, 7, 9, 15),
        ),
        (
            "From: Jan Jansen <jan@ocw.test>\nSent: Monday, December 7, 2026 10:15 AM\nTo: Lotte Lobby "
            "<lotte@bondgenoot.test>\nCc: Piet <piet@ocw.test>\nSubject: Subsidieregeling\n",
            datetime(2026, 12, 7, 9, 15),
        ),
        (
            "---------- Forwarded message ---------\nFrom: Jan Jansen <jan@ocw.test>\n"
            "Date: Mon, Dec 7, 2026 at 2:05 PM\nSubject: Subsidieregeling\nTo: Lotte <lotte@bondgenoot.test>\n",
            datetime(2026, 12, 7, 13, 5),
        ),
    ],
    ids=["outlook-nl", "outlook-en", "gmail"],
)
def test_a_forward_written_into_the_text_gives_the_original(block, expected_utc):
    text = f"Zie hieronder.\n\n{block}\nBeste Lotte,\n\nDe regeling gaat open.\n"
    message = email_message(sender="lotte@bondgenoot.test", to="log@x.test", subject="FW: Subsidieregeling",
                            text=text, when=datetime(2026, 12, 8, 8, 0, tzinfo=UTC))  # fmt: skip
    parsed = parse_eml(message.as_bytes())
    assert parsed.subject == "Subsidieregeling"
    assert parsed.sender.address == "jan@ocw.test" and parsed.sender.name == "Jan Jansen"
    assert parsed.sent_at == expected_utc  # Amsterdam time in the text, stored as UTC
    assert "lotte@bondgenoot.test" in [a.address for a in parsed.to]
    assert parsed.forwarded_by.address == "lotte@bondgenoot.test"
    assert "De regeling gaat open." in parsed.text and "Zie hieronder." in parsed.text


def test_an_outlook_msg_is_read_with_its_recipients_and_attachment():
    data = outlook_message(subject="Subsidieregeling", sender_name="Jan Jansen", sender="jan@ocw.test",
                           to=[("Lotte Lobby", "lotte@bondgenoot.test")], cc=[("Piet", "piet@ocw.test")],
                           body="Beste Lotte,\r\nZie bijlage.", sent=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
                           message_id="<abc@ocw.test>", attachments=[("notitie.pdf", PDF + b"x" * 5000)])  # fmt: skip
    parsed = parse_file("bericht.msg", data)
    assert parsed.subject == "Subsidieregeling" and parsed.sender.address == "jan@ocw.test"
    assert [a.address for a in parsed.to] == ["lotte@bondgenoot.test"]
    assert [a.address for a in parsed.cc] == ["piet@ocw.test"]
    assert parsed.sent_at == datetime(2026, 12, 1, 9, 30) and parsed.key == "<abc@ocw.test>"
    assert parsed.text == "Beste Lotte,\nZie bijlage."
    assert [(a.filename, len(a.data)) for a in parsed.attachments] == [("notitie.pdf", len(PDF) + 5000)]


def test_an_outlook_msg_with_transport_headers_uses_them():
    headers = ("Message-ID: <hdr@ocw.test>\r\nFrom: Jan Jansen <jan@ocw.test>\r\nTo: lotte@bondgenoot.test\r\n"
               "Date: Tue, 01 Dec 2026 10:30:00 +0100\r\nSubject: Subsidieregeling\r\n\r\n")  # fmt: skip
    data = outlook_message(subject="Subsidieregeling", sender_name="Jan Jansen", sender="jan@ocw.test",
                           to=[("Lotte", "lotte@bondgenoot.test")], body="Tekst",
                           transport_headers=headers)  # fmt: skip
    parsed = parse_file("b.msg", data)
    assert parsed.key == "<hdr@ocw.test>" and parsed.sender.address == "jan@ocw.test"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bericht.msg", b"this is no outlook file at all", "Dit .msg-bestand is geen Outlook-bericht"),
        ("kapot.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Dit .msg-bestand is geen Outlook-bericht"),
        ("ruis.eml", b"\x89PNG\r\n\x1a\n binary noise", "Dit bestand is geen e-mailbericht"),
        ("leeg.eml", b"", "Dit bestand is geen e-mailbericht"),
        ("nul.eml", b"From: jan@ocw.test\x00\r\nSubject: x\r\n\r\nbody", "NUL-tekens"),
    ],
)
def test_files_that_are_not_mail_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(MailProblem) as refused:
        parse_file(name, data)
    assert message in str(refused.value.message)


def test_encoded_words_cannot_forge_an_address_or_break_a_header():
    raw = (b"From: =?utf-8?q?boss=40ocw=2Etest?= <evil@elders.test>\r\n"
           b"To: =?utf-8?b?bG90dGVAYm9uZGdlbm9vdC50ZXN0?= <lotte@bondgenoot.test>\r\n"
           b"Subject: =?utf-8?b?SGFsbG8KQmNjOiB4QHkudGVzdAA=?=\r\n"
           b"Date: Tue, 01 Dec 2026 10:30:00 +0100\r\n\r\nTekst")  # fmt: skip
    parsed = parse_eml(raw)
    assert parsed.sender.address == "evil@elders.test" and parsed.sender.name == "boss@ocw.test"
    assert "\n" not in parsed.subject and "\x00" not in parsed.subject and parsed.subject == "Hallo Bcc: x@y.test"


def test_html_bodies_lose_their_script_and_markup():
    message = email_message(text="")
    message.set_content('<p>Hallo<script>alert("x")</script></p><img src=x onerror=alert(1)><style>p{}</style>'
                        "<p>Groet &amp; tot ziens</p>", subtype="html")  # fmt: skip
    parsed = parse_eml(message.as_bytes())
    assert "alert" not in parsed.text and "<" not in parsed.text and "p{}" not in parsed.text
    assert parsed.text == "Hallo\nGroet & tot ziens"


def test_attachments_are_checked_by_content():
    assert check_attachment("a.pdf", PDF, max_bytes=10_000).mimetype == "application/pdf"
    assert check_attachment("b.pdf", b"<html>not a pdf</html>", max_bytes=10_000).mimetype == "application/octet-stream"
    with pytest.raises(AttachmentProblem, match="groter dan 1 MB"):
        check_attachment("groot.pdf", PDF + b"x" * 1_100_000, max_bytes=1024 * 1024)
    with pytest.raises(AttachmentProblem, match="webpaginacode"):
        check_attachment("plaatje.png", b"\x89PNG\r\n\x1a\n....<script>alert(1)</script>", max_bytes=10_000)


def test_zip_and_gzip_bombs_are_refused():
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nullen.txt", b"\0" * 5_000_000)
    with pytest.raises(AttachmentProblem, match="zipbom"):
        check_attachment("bom.zip", packed.getvalue(), max_bytes=5_000_000)
    with pytest.raises(AttachmentProblem, match="zipbom"):
        check_attachment("bom.gz", gzip.compress(b"\0" * 5_000_000), max_bytes=5_000_000)
    honest = io.BytesIO()
    with zipfile.ZipFile(honest, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notitie.txt", "Een gewone notitie. " * 200)
    assert check_attachment("notities.zip", honest.getvalue(), max_bytes=5_000_000).mimetype == "application/zip"

"""Bad e-mail dropped on a page: a clear Dutch message (422), nothing saved, and the next request served."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from crm.inbox.models import CapturedEmail, EmailAttachment, RawEmail
from crm.interactions.models import Interaction
from tests.factories import PersonFactory
from tests.factories_inbox import PDF, email_message
from tests.integration.test_inbox_drop import _drop, _preview_form
from tests.msg_files import outlook_message


def _nothing_saved(db) -> bool:
    return all(db.session.scalar(select(func.count()).select_from(m)) == 0
               for m in (RawEmail, Interaction, CapturedEmail, EmailAttachment))  # fmt: skip


BOMB = gzip.compress(b"\0" * 5_000_000)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("kapot.eml", b"dit is geen e-mail")], "Dit bestand is geen e-mailbericht"),
        ([("nep.msg", b"PK\x03\x04 een zip met de naam .msg")], "Dit .msg-bestand is geen Outlook-bericht"),
        ([("nul.eml", b"From: a@b.test\x00\r\nSubject: x\r\n\r\n")], "NUL-tekens"),
        (
            [
                (
                    "groot.eml",
                    email_message(attachments=(("groot.pdf", PDF + b"x" * 1_100_000, "application/pdf"),)).as_bytes(),
                )
            ],
            "groter dan 1 MB",
        ),
        ([("bom.eml", email_message(attachments=(("bom.gz", BOMB, "application/gzip"),)).as_bytes())], "zipbom"),
        ([("goed.eml", email_message().as_bytes()), ("kapot.eml", b"rommel")], "kapot.eml"),
    ],
    ids=["not-mail", "fake-msg", "nul", "attachment-too-large", "zip-bomb", "one-bad-of-two"],
)
def test_bad_files_are_refused_whole_with_a_clear_message(app, client, login_as, db, files, message):
    app.config["MAIL_ATTACHMENT_MAX_BYTES"] = 1024 * 1024
    PersonFactory(email="jan@ocw.test")
    login_as("lobbyist")
    try:
        response = _drop(client, files)
    finally:
        app.config["MAIL_ATTACHMENT_MAX_BYTES"] = 5 * 1024 * 1024
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _nothing_saved(db)
    assert client.get("/interactions/").status_code == 200  # the server keeps serving


def test_script_in_an_email_never_reaches_a_page(client, login_as, db):
    PersonFactory(email="jan@ocw.test")
    login_as("lobbyist")
    message = email_message(subject='Overleg <script>alert("s")</script>', text="")
    message.set_content('<p>Hallo</p><script>alert("x")</script><a href="javascript:alert(1)">klik</a>', subtype="html")
    form = _preview_form(client.get(_drop(client, [("m.eml", message.as_bytes())]).headers["Location"])
                         .get_data(as_text=True))  # fmt: skip
    saved = client.post("/inbox/preview", data=form)
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "javascript:alert" not in page
    assert "Overleg &lt;script&gt;" in page and "Hallo" in page


def test_a_dropped_msg_is_logged(client, login_as, db):
    jan = PersonFactory(email="jan@ocw.test", first_name="Jan", last_name="Jansen")
    login_as("lobbyist")
    data = outlook_message(subject="Subsidieregeling", sender_name="Jan Jansen", sender="jan@ocw.test",
                           to=[("Lotte", "lotte@bondgenoot.test")], body="Zie bijlage.",
                           sent=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
                           attachments=[("notitie.pdf", PDF)])  # fmt: skip
    page = client.get(_drop(client, [("bericht.msg", data)]).headers["Location"]).get_data(as_text=True)
    assert "Subsidieregeling" in page and "Jan Jansen" in page
    assert client.post("/inbox/preview", data=_preview_form(page)).status_code == 302
    contact = db.session.scalar(select(Interaction))
    assert contact.subject == "Subsidieregeling" and contact.people == [jan]
    assert [a.filename for a in contact.attachments] == ["notitie.pdf"]

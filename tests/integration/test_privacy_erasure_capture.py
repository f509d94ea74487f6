"""An erasure also reaches the places added with e-mail capture, notifications and imports: the e-mails of their
contacts (sender, subject, text, headers, unmatched addresses, attachments' names), an e-mail elsewhere that holds
their address, unsaved inbox drafts naming them, the names in notification titles, and imports that held their data
(the file and the values from before go, and the import can no longer be undone, saying why). The access export
lists the e-mails of their contacts."""

from __future__ import annotations

import json

from sqlalchemy import select

from crm.extensions import db
from crm.imports.models import Import, ImportRecord
from crm.inbox.models import CapturedEmail, EmailAttachment, RawEmail
from crm.notifications.models import Notification
from crm.partners.models import Person
from crm.privacy.models import PersonPrivacy
from crm.privacy.queries_access import access_export, as_json
from tests.factories_imports import ImportFactory, ImportRecordFactory
from tests.factories_inbox import CapturedEmailFactory, EmailAttachmentFactory, email_message, wire
from tests.factories_notifications import NotificationFactory
from tests.factories_privacy import world
from tests.helpers import text_of
from tests.import_files import csv_bytes

SANNE = "Sanne Verhoeven <s.verhoeven@tweedekamer.example>"
OLD = ("Verhoeven", "s.verhoeven@tweedekamer.example", "070 318 0000")


def _json(*values) -> str:
    return json.dumps(values, ensure_ascii=False, default=str)


def test_erasure_clears_captured_email_drafts_notifications_and_imports(client, login_as):
    admin = login_as("admin")
    w = world()
    pid = w.person.id
    hers = CapturedEmailFactory(
        interaction=w.alone, sender=SANNE, subject="Telefoon over het NPO, vraag van Sanne Verhoeven",
        body_text="Beste Lotte,\n\nBel me even op 070 318 0000.\n\nSanne Verhoeven",
        headers={"from": SANNE, "to": "Lotte Lobby <lotte@bondgenoot.test>", "subject": "Vraag van Sanne Verhoeven"},
        unmatched=[{"address": "s.verhoeven@tweedekamer.example", "name": "Sanne Verhoeven"},
                   {"address": "griffie@tweedekamer.example", "name": "Griffie"}],
    )  # fmt: skip
    attachment = EmailAttachmentFactory(email=hers, filename="Notitie Sanne Verhoeven.pdf")
    elsewhere = CapturedEmailFactory(body_text="Doorgestuurd: de vraag van s.verhoeven@tweedekamer.example.")
    db.session.add_all([
        RawEmail(user_id=admin.id, source="drop", filename="vraag.eml", data=wire(email_message(sender=SANNE))),
        RawEmail(user_id=admin.id, source="drop", filename="ander.eml", data=wire(email_message())),
    ])  # fmt: skip
    told = NotificationFactory(params={"name": "Tweede Kamer", "subject": "Bellen met Sanne Verhoeven"})
    sheet = csv_bytes([["Naam", "E-mail"], ["Sanne Verhoeven", "s.verhoeven@tweedekamer.example"]])
    theirs = ImportFactory(filename="kamerleden Verhoeven.csv", data=sheet, size=len(sheet), status="done")
    ImportRecordFactory(import_record=theirs, entity_id=pid, action="updated", version_after=w.person.version_id,
                        before={"email": "s.verhoeven@tweedekamer.example", "last_name": "Verhoeven"})  # fmt: skip
    other_import = ImportFactory(status="done")
    ImportRecordFactory(import_record=other_import, entity_id=w.other.id, before={"last_name": "Bakker"})
    db.session.commit()

    # The access export lists the e-mails of their contacts.
    export = as_json(access_export(db.session.get(Person, pid), db.session.get(PersonPrivacy, pid)))
    emails = json.dumps(export, ensure_ascii=False)
    assert "Telefoon over het NPO, vraag van Sanne Verhoeven" in emails and "Notitie Sanne Verhoeven.pdf" in emails

    preview = text_of(client.get(f"/privacy/people/{pid}/erase"))  # an e-mail elsewhere with their address
    assert "Doorgestuurd: de vraag van" in preview and "E-mail, tekst" in preview
    assert "1 e-mail vastgelegd als contact met hen" in preview
    assert "1 spreadsheetimport bevatte hun gegevens" in preview and "niet meer ongedaan" in preview
    response = client.submit(f"/privacy/people/{pid}/erase", {"reason": "Verzoek per e-mail", "retention_reason": ""})
    assert response.status_code == 302
    db.session.expire_all()

    hers, elsewhere = db.session.get(CapturedEmail, hers.id), db.session.get(CapturedEmail, elsewhere.id)
    kept = _json(hers.sender, hers.subject, hers.body_text, hers.headers, hers.unmatched,
                 db.session.get(EmailAttachment, attachment.id).filename, elsewhere.body_text)  # fmt: skip
    for old in OLD:
        assert old not in kept, old
    assert f"Geanonimiseerd persoon {pid}" in hers.subject
    assert [u["address"] for u in hers.unmatched] == ["griffie@tweedekamer.example"]
    assert db.session.scalars(select(RawEmail.filename)).all() == ["ander.eml"]  # the draft naming them is gone
    notification = db.session.get(Notification, told.id)
    assert "Verhoeven" not in notification.title and "Bellen met Geanonimiseerd persoon" in notification.title

    theirs = db.session.get(Import, theirs.id)
    assert theirs.data == b"" and theirs.file_erased and "Verhoeven" not in theirs.filename
    assert db.session.scalars(select(ImportRecord.before).where(ImportRecord.import_id == theirs.id)).all() == [None]
    page = text_of(client.get(f"/import/{theirs.id}"))
    assert "kan niet meer ongedaan worden gemaakt" in page and "Deze import ongedaan maken" not in page
    refused = client.submit(f"/import/{theirs.id}/undo", {})
    assert refused.status_code == 422 and "kan niet meer ongedaan worden gemaakt" in text_of(refused)
    untouched = db.session.get(Import, other_import.id)
    assert not untouched.file_erased and untouched.data and untouched.records[0].before == {"last_name": "Bakker"}


def test_received_mail_naming_them_that_waits_for_its_job_is_not_logged_after_the_erasure(client, login_as):
    """The listener keeps a received message and queues its job; an erasure in between used to leave it. The job then
    no longer knew the sender, so the message, her name and address in it, waited in the colleague's preview, and a
    notification titled with her name told them so."""
    from crm.inbox.tasks import queue_received
    from crm.interactions.models import Interaction
    from crm.tasks.current import task_queue
    from crm.tasks.models import Job

    admin = login_as("admin")
    w = world()
    pid = w.person.id
    hers = queue_received(admin, wire(email_message(sender=SANNE, subject="Vraag van Sanne Verhoeven")))
    other = queue_received(admin, wire(email_message(sender="Pieter Bakker <p.bakker@ocw.example>",
                                                     subject="Begroting OCW")))  # fmt: skip
    db.session.commit()

    response = client.submit(f"/privacy/people/{pid}/erase", {"reason": "Verzoek per e-mail", "retention_reason": ""})
    assert response.status_code == 302
    task_queue().enqueue(hers)  # the jobs run after the erasure
    task_queue().enqueue(other)
    db.session.expire_all()

    subjects = db.session.scalars(select(Interaction.subject)).all()
    assert "Begroting OCW" in subjects  # mail not naming them is logged as ever
    assert not [s for s in subjects if "Verhoeven" in s]
    logged = _json(db.session.scalars(select(CapturedEmail.sender)).all(), subjects)
    for old in OLD:
        assert old not in logged, old
    titles = [n.title for n in db.session.scalars(select(Notification))]
    assert not [t for t in titles if "Verhoeven" in t], titles
    assert db.session.scalars(select(RawEmail)).all() == []  # not waiting in anyone's preview either
    assert [db.session.get(Job, job_id).status for job_id in (hers, other)] == ["done", "done"]

"""The inbound SMTP listener in this process, on loopback, receiving mail that smtplib sends: mail for a user's
address is logged as their contact; unknown recipients and oversized mail are refused at the SMTP level."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from crm.inbox import services
from crm.inbox.listener import make_controller
from crm.inbox.models import CapturedEmail, RawEmail
from crm.interactions.models import Interaction
from crm.tasks.models import Job
from tests.factories import AffiliationFactory, UserFactory
from tests.factories_inbox import PDF, email_message, forwarded, wire

DOMAIN = "log.bondgenoot.localhost"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def listener(app, db) -> Iterator[int]:
    settings = {"MAIL_INBOUND_DOMAIN": DOMAIN, "MAIL_INBOUND_MAX_BYTES": 200_000}
    before = {name: app.config[name] for name in settings}
    app.config.update(settings)
    controller = make_controller(app, host="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()
        app.config.update(before)


def _address_of(user) -> str:
    address = services.renew_address(user)
    return f"{address.local_part}@{DOMAIN}"


def _count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_bcc_and_a_forward_are_logged_once_as_contacts_of_the_colleagues(listener, db):
    jan = AffiliationFactory(person__email="jan@ocw.test", organisation__name="Ministerie van OCW").person
    lotte, daan = UserFactory(email="lotte@bondgenoot.test"), UserFactory(email="daan@bondgenoot.test")
    lotte_in, daan_in = _address_of(lotte), _address_of(daan)
    original = email_message(sender="Jan Jansen <jan@ocw.test>", to="lotte@bondgenoot.test",
                             attachments=(("notitie.pdf", PDF, "application/pdf"),))  # fmt: skip
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("size") and int(smtp.esmtp_features["size"]) == 200_000
        smtp.sendmail("lotte@bondgenoot.test", [lotte_in], wire(forwarded(original, by="lotte@bondgenoot.test",
                                                                        to=lotte_in)))  # fmt: skip
        # Daan got it too (Lotte forwarded it to him) and BCCs it himself: the same message, a second copy.
        smtp.sendmail("daan@bondgenoot.test", [daan_in], wire(original))

    assert _count(db, Interaction) == 1 and _count(db, CapturedEmail) == 1 and _count(db, RawEmail) == 0
    contact = db.session.scalar(select(Interaction))
    assert contact.subject == "Overleg cultuuronderwijs"  # the original's subject, not "Fwd: …"
    assert [p.id for p in contact.people] == [jan.id]
    assert {o.name for o in contact.organisations} == {"Ministerie van OCW"}
    assert {u.id for u in contact.users} == {lotte.id, daan.id}
    assert contact.created_by_id == lotte.id
    assert [a.filename for a in contact.attachments] == ["notitie.pdf"]
    jobs = db.session.scalars(select(Job).where(Job.kind == "inbound_mail")).all()
    assert [j.status for j in jobs] == ["done", "done"] and {j.owner_id for j in jobs} == {lotte.id, daan.id}


def test_unknown_and_renewed_addresses_are_refused_with_550(listener, db):
    lotte = UserFactory()
    old = _address_of(lotte)
    new = _address_of(lotte)  # renewed: the old address no longer works
    raw = wire(email_message())
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        for recipient in (old, f"log-{'0' * 32}@{DOMAIN}", new.replace(DOMAIN, "elders.test")):
            with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
                smtp.sendmail("jan@ocw.test", [recipient], raw)
            assert refused.value.recipients[recipient][0] == 550
    assert _count(db, RawEmail) == 0 and _count(db, Job) == 0


def test_oversized_mail_is_refused_with_552(listener, db):
    lotte = UserFactory()
    address = _address_of(lotte)
    big = wire(email_message(attachments=(("groot.bin", b"\x01" * 250_000, "application/octet-stream"),)))
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:  # the size announced with MAIL FROM
            smtp.sendmail("jan@ocw.test", [address], big, mail_options=[f"SIZE={len(big)}"])
        assert refused.value.smtp_code == 552
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        smtp.ehlo()
        smtp.esmtp_features.pop("size", None)  # a sender that does not say the size first
        smtp.mail("jan@ocw.test")
        smtp.rcpt(address)
        code, _message = smtp.data(big)
        assert code == 552
    assert _count(db, RawEmail) == 0 and _count(db, Interaction) == 0


def test_mail_with_nobody_known_waits_for_its_user_to_choose_who_it_was_with(listener, db, client):
    from crm.notifications.models import Notification
    from tests.conftest import sign_in
    from tests.factories import PersonFactory

    lotte = UserFactory(role="lobbyist")
    PersonFactory(first_name="Ilse", last_name="Veldkamp")
    address = _address_of(lotte)
    nobody_known = wire(email_message(sender="onbekend@elders.test", to="ook.onbekend@elders.test"))
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp:
        smtp.sendmail("onbekend@elders.test", [address], nobody_known)
    job = db.session.scalar(select(Job).where(Job.kind == "inbound_mail"))
    db.session.refresh(job)
    assert job.status == "done" and job.result_ref.startswith("inbox_preview:")
    assert _count(db, Interaction) == 0 and _count(db, CapturedEmail) == 0 and _count(db, RawEmail) == 1
    told = db.session.scalar(select(Notification).where(Notification.user_id == lotte.id))
    assert told is not None and told.kind == "email_unmatched"
    sign_in(client, lotte.email)
    preview = client.get(told.url)
    assert preview.status_code == 200 and "onbekend@elders.test" in preview.get_data(as_text=True)


def test_a_colleague_made_read_only_has_no_address_that_works(listener, db):
    lotte = UserFactory()
    address = _address_of(lotte)
    lotte.role = "viewer"
    db.session.flush()
    with smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp, pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp.sendmail("jan@ocw.test", [address], wire(email_message()))
    assert _count(db, RawEmail) == 0

"""Notification e-mail through a real SMTP server (aiosmtpd on loopback): a plain-text and an HTML part, the
one-click unsubscribe headers, links that work when followed; the unsubscribe switches exactly that kind; a send that
keeps failing is shown as failed to the user and on the jobs page; digests go out once per user and day."""

from __future__ import annotations

import email
import re
from email import policy

import pytest
from aiosmtpd.controller import Controller

from crm.extensions import db as _db
from crm.notifications.models import EmailDelivery, Notification
from crm.notifications.services import channels_of
from crm.tasks.queue import task_queue
from crm.tasks.services import new_job
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.factories_documents import PNG_PIXEL, OrganisationLogoFactory
from tests.factories_letters import LetterFactory
from tests.factories_notifications import NotificationFactory
from tests.helpers import text_of
from tests.integration.test_letters_approval import director_client, step
from tests.integration.test_letters_record import Inbox, smtp_server  # noqa: F401 (a fixture)
from tests.reliability.test_invitation_mail import free_port


@pytest.fixture
def mail_on(app, db, smtp_server):  # noqa: F811
    controller, inbox = smtp_server
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port, "MAIL_SENDER": "bondgenoot@cc.test",
                "PUBLIC_BASE_URL": "http://localhost", "MAIL_ATTEMPTS": 3}  # fmt: skip
    old = {key: app.config[key] for key in settings}
    app.config.update(settings)
    yield inbox
    app.config.update(old)


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)


def parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def signed_in(app, user):
    client = app.test_client()
    assert sign_in(client, user.email).status_code == 302
    return client


def test_an_approved_letter_reaches_its_lead_by_mail_with_both_parts_and_working_links(app, mail_on):
    lead = UserFactory(name="Marieke", email="marieke@cc.test")
    OrganisationLogoFactory(organisation=OrganisationFactory(name=app.config["OWN_ORGANISATION"]))
    letter = LetterFactory(status="review", title="Brief NPO", created_by=lead)
    assert step(director_client(app), letter.id, "approved").status_code == 302

    [envelope] = mail_on.messages
    assert envelope.rcpt_tos == ["marieke@cc.test"]
    message = parsed(envelope)
    assert message["Subject"] == "Je brief “Brief NPO” is goedgekeurd"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(http://localhost/unsubscribe/[^>]+)>", message["List-Unsubscribe"]).group(1)
    text, html = parts(message)
    assert "Je brief “Brief NPO” is goedgekeurd" in text and "Je brief “Brief NPO” is goedgekeurd" in html
    assert unsubscribe in text and unsubscribe in html
    assert app.config["OWN_ORGANISATION"] in text and 'src="cid:logo@bondgenoot"' in html
    [logo] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert logo["Content-ID"] == "<logo@bondgenoot>" and logo.get_content() == PNG_PIXEL
    link = re.search(r"Openen in Bondgenoot: (http://localhost/\S+)", text).group(1)
    assert f'href="{link}"' in html
    lead_client = signed_in(app, lead)
    assert "Brief NPO" in text_of(lead_client.get(link))
    assert "e-mail verstuurd" in text_of(lead_client.get("/my/notifications"))

    anonymous = app.test_client()
    confirm = anonymous.get(unsubscribe)  # a link scanner or a click: a page, nothing switched
    assert confirm.status_code == 200 and "Stop deze e-mails" in text_of(confirm)
    assert channels_of(lead.id)["letter_status"] == "email"
    before = channels_of(lead.id)
    done = anonymous.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})  # RFC 8058: no session, no CSRF
    assert done.status_code == 200 and "Klaar" in text_of(done)
    after = channels_of(lead.id)
    assert after["letter_status"] == "app"
    assert {k: v for k, v in after.items() if k != "letter_status"} == {
        k: v for k, v in before.items() if k != "letter_status"
    }
    assert anonymous.post(unsubscribe.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404

    second = LetterFactory(status="review", title="Brief twee", created_by=lead)
    step(director_client(app), second.id, "approved")
    assert len(mail_on.messages) == 1  # in the app only now
    assert _db.session.query(Notification).filter_by(user_id=lead.id).count() == 2


def test_a_send_that_keeps_failing_is_shown_as_failed_to_the_user_and_on_the_jobs_page(app, login_as, client):
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_ATTEMPTS": 1, "MAIL_TIMEOUT": 2}
    old = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        lead = UserFactory()
        letter = LetterFactory(status="review", created_by=lead)
        step(director_client(app), letter.id, "approved")
    finally:
        app.config.update(old)
    delivery = _db.session.query(EmailDelivery).filter_by(user_id=lead.id).one()
    assert delivery.status == "failed" and "ConnectionRefusedError" in delivery.error
    assert "e-mail mislukt: ConnectionRefusedError" in text_of(signed_in(app, lead).get("/my/notifications"))
    login_as("admin")
    jobs = text_of(client.get("/admin/jobs/"))
    assert "Notificatie-e-mail" in jobs and "ConnectionRefusedError" in jobs


def run_job(kind: str, **arguments) -> int:
    job = new_job(kind, owner=None, arguments=arguments)
    _db.session.flush()
    task_queue().enqueue(job.id)
    return job.id


def test_the_daily_digest_reaches_each_user_once_with_all_their_digest_notifications(app, mail_on):
    anna, bert = UserFactory(email="anna@cc.test"), UserFactory(email="bert@cc.test", language="en")
    for user, subject in ((anna, "Bellen met OCW"), (anna, "Lunch VNG"), (bert, "Overleg LKCA")):
        NotificationFactory(user=user, channel="digest", params={"name": "Heropening", "subject": subject})
    NotificationFactory(user=anna, channel="app", params={"name": "X", "subject": "Alleen in de app"})
    run_job("digest_daily", day="2026-12-07")
    by_recipient = {envelope.rcpt_tos[0]: parsed(envelope) for envelope in mail_on.messages}
    assert sorted(by_recipient) == ["anna@cc.test", "bert@cc.test"] and len(mail_on.messages) == 2
    text, html = parts(by_recipient["anna@cc.test"])
    assert "Bellen met OCW" in text and "Lunch VNG" in html and "Alleen in de app" not in text
    assert by_recipient["anna@cc.test"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Your daily digest" in parts(by_recipient["bert@cc.test"])[0]

    run_job("digest_daily", day="2026-12-07")  # a second run (another worker, a retry): nobody gets another copy
    assert len(mail_on.messages) == 2


class FlakyInbox(Inbox):
    """Refuses the first message to one address with a temporary error, then accepts everything."""

    def __init__(self, refuse: str):
        super().__init__()
        self.refuse, self.refused = refuse, 0

    async def handle_DATA(self, server, session, envelope):
        if envelope.rcpt_tos == [self.refuse] and not self.refused:
            self.refused += 1
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)


def test_a_retried_smtp_failure_sends_the_digest_once_and_nobody_a_second_copy(app, db):
    inbox = FlakyInbox("bert@cc.test")
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_ATTEMPTS": 5}
    old = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        anna, bert = UserFactory(email="anna@cc.test"), UserFactory(email="bert@cc.test")
        NotificationFactory(user=anna, channel="digest")
        NotificationFactory(user=bert, channel="digest")
        job_id = run_job("digest_daily", day="2026-12-08")
        assert [e.rcpt_tos[0] for e in inbox.messages] == ["anna@cc.test"] and inbox.refused == 1
        from crm.tasks.models import Job

        _db.session.expire_all()
        job = _db.session.get(Job, job_id)
        assert job.status == "queued" and "451" in job.error  # waits to be tried again (with a growing wait)
        task_queue().enqueue(job_id)  # the retry
        assert sorted(e.rcpt_tos[0] for e in inbox.messages) == ["anna@cc.test", "bert@cc.test"]
        _db.session.expire_all()
        assert _db.session.get(Job, job_id).status == "done"
    finally:
        app.config.update(old)
        controller.stop()


def test_a_digest_that_cannot_be_sent_is_shown_as_failed_to_its_user_and_on_the_jobs_page(app, login_as, client):
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_ATTEMPTS": 1, "MAIL_TIMEOUT": 2}
    old = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        user = UserFactory()
        NotificationFactory(user=user, channel="digest")
        job_id = run_job("digest_daily", day="2026-12-09")
    finally:
        app.config.update(old)
    from crm.tasks.models import Job

    _db.session.expire_all()
    job = _db.session.get(Job, job_id)
    assert job.status == "failed" and "1 overzichten konden niet worden verstuurd" in job.error
    page = text_of(signed_in(app, user).get("/my/notifications"))
    assert "Je overzicht van 2026-12-09 kon niet worden verstuurd: ConnectionRefusedError" in page
    login_as("admin")
    assert "Dagelijks overzicht" in text_of(client.get("/admin/jobs/"))

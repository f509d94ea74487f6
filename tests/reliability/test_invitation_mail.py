"""Signing invitations are sent by a real task worker, not by the request: while the mail server (aiosmtpd on
loopback) is down they wait and are tried again; once it is back each is delivered exactly once, and a replayed
job sends nothing more. The letter page shows the e-mail as failed-and-retrying, then as sent."""

from __future__ import annotations

import re
import socket
import uuid
from datetime import timedelta

from aiosmtpd.controller import Controller
from sqlalchemy import select

from crm.common.time import today
from crm.extensions import READ_ONLY, db
from crm.letters.invitations import InvitationMail
from crm.tasks.services_runner import run_job
from tests import factories
from tests.factories import OrganisationFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.helpers import text_of
from tests.integration.test_letters_record import Inbox
from tests.reliability.conftest import make_user, signed_in
from tests.reliability.test_task_worker import queued_app
from tests.reliability.workers import sqlite_storage, wait_for, worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def letter_with_signatories(app, count: int) -> tuple[int, list[int]]:
    tag = uuid.uuid4().hex[:6]
    with app.app_context():
        factories.bind(db.session)
        letter = LetterFactory(title=f"Brief {tag}", status="approved", signature_deadline=today() + timedelta(days=5))
        signatories = [SignatoryFactory(letter=letter, organisation=OrganisationFactory(name=f"Partner {i} {tag}"),
                                        signer_name=f"Teken {i}", signer_email=f"partner{i}-{tag}@partner.test")
                       for i in range(count)]  # fmt: skip
        db.session.commit()
        return letter.id, [s.id for s in signatories]


def invitations(app, signatory_ids: list[int]) -> list:
    with app.app_context(), db.engine.connect() as connection:
        reader = connection.execution_options(**READ_ONLY)
        return reader.execute(
            select(InvitationMail.__table__).where(InvitationMail.signatory_id.in_(signatory_ids))
        ).all()


def test_invitations_wait_for_the_mail_server_and_arrive_once(committed_url, tmp_path):
    storage = sqlite_storage(tmp_path)
    port = free_port()
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_SENDER": "brieven@bondgenoot.test",
            "MAIL_RETRY_SECONDS": 1, "MAIL_ATTEMPTS": 30, "MAIL_TIMEOUT": 5}  # fmt: skip
    app = queued_app(committed_url, storage, **mail)
    letter_id, signatory_ids = letter_with_signatories(app, 3)
    client = signed_in(app, make_user(app))
    links = {}
    for signatory_id in signatory_ids:  # the mail server is down: the requests only queue the invitations
        page = client.submit(f"/letters/{letter_id}/signatories/{signatory_id}/link", {},
                             token_from=f"/letters/{letter_id}")  # fmt: skip
        assert page.status_code == 200 and "wordt gemaild naar" in text_of(page), text_of(page)[-400:]
        links[signatory_id] = re.search(r'value="(http://localhost/sign/[^"]+)"', page.get_data(as_text=True))[1]
    assert {row.status for row in invitations(app, signatory_ids)} == {"queued"}

    inbox = Inbox()
    with worker(committed_url, storage, tmp_path, threads=2, **mail) as running:
        wait_for(lambda: all(row.error for row in invitations(app, signatory_ids)), "a failed try of each e-mail",
                 workers=(running,))  # fmt: skip
        page = text_of(client.get(f"/letters/{letter_id}"))
        assert page.count("e-mail wordt verstuurd") == 3 and "ConnectionRefusedError" in page
        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        try:
            wait_for(lambda: all(row.status == "sent" for row in invitations(app, signatory_ids)),
                     "the e-mails to be sent once the server is back", workers=(running,))  # fmt: skip
        finally:
            server.stop()
    rows = invitations(app, signatory_ids)
    assert all(row.sealed_link is None for row in rows), "once sent only the link's hash remains"
    assert sorted(envelope.rcpt_tos[0] for envelope in inbox.messages) == sorted(row.recipient for row in rows)
    for envelope in inbox.messages:
        row = next(r for r in rows if r.recipient == envelope.rcpt_tos[0])
        assert links[row.signatory_id] in envelope.content.decode()
    assert text_of(client.get(f"/letters/{letter_id}")).count("e-mail verstuurd") == 3

    for row in rows:  # the same job delivered again (a replayed message): nothing is sent twice
        run_job(app, row.job_id)
    assert len(inbox.messages) == 3

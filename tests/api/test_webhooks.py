"""Webhooks delivered by the task queue to a real local HTTP server: signed, retried after a 500, and never sent
into a private network unless the administrator's setting allows it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from crm.common.errors import ServiceError
from crm.extensions import db as _db
from crm.tasks.models import Job
from crm.tasks.services_runner import run_job
from crm.webhooks import services as webhooks
from crm.webhooks.models import WebhookDelivery
from tests.api.helpers import bearer, token_for
from tests.factories import OrganisationFactory


class Receiver:
    """An HTTP server on loopback that records each POST and answers with the next planned status code."""

    def __init__(self, codes: list[int]):
        self.codes = list(codes)
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body, "path": self.path})
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook?src=bondgenoot"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def private_allowed(app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)


def _deliveries() -> list[WebhookDelivery]:
    query = select(WebhookDelivery).order_by(WebhookDelivery.id).execution_options(populate_existing=True)
    return list(_db.session.scalars(query))


def test_a_logged_contact_is_delivered_signed(app, client, db, private_allowed):
    with Receiver([200]) as receiver:
        _hook, secret = webhooks.create_webhook(name="CRM-koppeling", url=receiver.url, events=["contact.logged"],
                                                author=None)  # fmt: skip
        _db.session.flush()
        contact = {"kind": "call", "subject": "Bellen met OCW", "organisation_ids": [OrganisationFactory().id]}
        response = client.post("/api/v1/contacts", json=contact, headers=bearer(token_for()))
        assert response.status_code == 201, response.get_json()
    assert len(receiver.received) == 1
    request = receiver.received[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert request["path"] == "/hook?src=bondgenoot"
    assert headers["bondgenoot-event"] == "contact.logged"
    timestamp = headers["bondgenoot-timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request["body"], hashlib.sha256).hexdigest()
    assert headers["bondgenoot-signature"] == f"t={timestamp},v1={expected}"
    payload = json.loads(request["body"])
    assert payload["event"] == "contact.logged" and payload["data"]["subject"] == "Bellen met OCW"
    assert payload["data"]["contact_id"] == response.get_json()["id"]
    [delivery] = _deliveries()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)


def test_a_500_is_tried_again_and_then_delivered_once(app, client, db, private_allowed):
    with Receiver([500, 200]) as receiver:
        webhooks.create_webhook(name="Haperend", url=receiver.url, events=["person.created"], author=None)
        _db.session.flush()
        assert (
            client.post("/api/v1/people", json={"last_name": "Visser"}, headers=bearer(token_for())).status_code == 201
        )
        [delivery] = _deliveries()
        assert (delivery.status, delivery.response_code, delivery.error) == ("queued", 500, "HTTP 500")
        job = _db.session.get(Job, delivery.job_id)
        assert job.status == "queued" and job.not_before is not None  # waits for its backoff
        run_job(app, delivery.job_id)  # the worker, once the wait is over
        run_job(app, delivery.job_id)  # a rerun of a delivered job sends nothing
    delivery = _db.session.get(WebhookDelivery, delivery.id, populate_existing=True)
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 2)
    assert len(receiver.received) == 2
    ids = {r["headers"]["Bondgenoot-Delivery"] for r in receiver.received}
    assert ids == {str(delivery.id)}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://0.0.0.0/",
        "ftp://example.org/hook",
        "http://user:secret@example.org/",
    ],
)
def test_private_and_odd_targets_are_refused(db, url):
    with pytest.raises(ServiceError):
        webhooks.create_webhook(name="Intern", url=url, events=["contact.logged"], author=None)


def test_a_target_that_became_private_is_not_contacted(app, client, db, monkeypatch):
    with Receiver([200]) as receiver:
        monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)
        webhooks.create_webhook(name="Later intern", url=receiver.url, events=["person.created"], author=None)
        monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
        _db.session.flush()
        assert client.post("/api/v1/people", json={"last_name": "Smit"}, headers=bearer(token_for())).status_code == 201
    assert receiver.received == []
    [delivery] = _deliveries()
    assert delivery.status == "failed" and delivery.error and delivery.response_code is None

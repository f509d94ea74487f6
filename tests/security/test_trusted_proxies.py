"""Rate limits behind a load balancer: with TRUSTED_PROXIES set, each client is counted by the address the proxy
reports; without it (the default), an X-Forwarded-For header is ignored, so nobody escapes a limit by writing one."""

from __future__ import annotations

import pytest

from config import configuration
from tests.conftest import make_test_app, sign_in
from tests.factories import UserFactory
from tests.factories_meetings import MeetingFactory

LIMIT = "3 per minute"


def signing_in_from(client, address: str | None):
    """A failed sign-in through a proxy that reports `address` as the client's (None: no header)."""
    headers = {"X-Forwarded-For": address} if address else {}
    token = client.csrf_token("/login")
    data = {"email": "raden@bondgenoot.test", "password": "fout-wachtwoord-123", "csrf_token": token}
    return client.post("/login", data=data, headers=headers)


@pytest.fixture
def behind(database_url, db):
    """A client of an app started with TRUSTED_PROXIES=n (0: the default), on the test's database."""

    def make(proxies: int):
        app = make_test_app(database_url, TRUSTED_PROXIES=proxies, LOGIN_RATE_LIMIT=LIMIT)
        return app.test_client()

    UserFactory(email="raden@bondgenoot.test")
    return make


def test_trusting_no_proxy_is_the_default():
    assert configuration({})["TRUSTED_PROXIES"] == 0


def test_behind_a_trusted_load_balancer_each_client_has_its_own_limit(behind):
    client = behind(1)
    # Everyone arrives from the load balancer's socket address (the test client's 127.0.0.1).
    assert [signing_in_from(client, "198.51.100.7").status_code for _ in range(3)] == [422, 422, 422]
    blocked = signing_in_from(client, "198.51.100.7")
    assert blocked.status_code == 429 and "Te veel inlogpogingen" in blocked.get_data(as_text=True)
    # Another client behind the same balancer is not locked out by the first one.
    other = signing_in_from(client, "203.0.113.20")
    assert other.status_code == 422 and "Inloggen mislukt" in other.get_data(as_text=True)


def test_the_client_address_is_the_one_the_trusted_proxy_added(behind):
    """The proxy appends the address it saw: an address the client wrote in front of it is not believed."""
    client = behind(1)
    for spoofed in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert signing_in_from(client, f"{spoofed}, 198.51.100.7").status_code == 422
    assert signing_in_from(client, "10.0.0.4, 198.51.100.7").status_code == 429


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(behind):
    client = behind(0)
    # An attacker writes a new X-Forwarded-For on every attempt: still one socket address, one limit.
    statuses = [signing_in_from(client, f"203.0.113.{n}").status_code for n in range(1, 5)]
    assert statuses == [422, 422, 422, 429]
    assert signing_in_from(client, None).status_code == 429


@pytest.mark.parametrize(("proxies", "scheme"), [(1, "https"), (0, "http")])
def test_a_trusted_proxy_also_reports_https(behind, proxies, scheme):
    """Behind a TLS-terminating balancer the links the app writes out (a meeting's calendar file) say https."""
    client = behind(proxies)
    forwarded = {"X-Forwarded-Proto": "https"}
    assert sign_in(client, "raden@bondgenoot.test").status_code == 302
    meeting = MeetingFactory(title="Taskforce")
    body = client.get(f"/meetings/{meeting.id}/meeting.ics", headers=forwarded).get_data(as_text=True)
    assert f"{scheme}://localhost/meetings/{meeting.id}" in body.replace("\r\n ", "")

"""Two requests with the same one-time form token at the same moment (a double click on a slow page): one record.

The first request to claim the token holds it in its open transaction; the second waits for it (PostgreSQL: the
token's unique index; SQLite: the write lock), then finds it used and is sent to the first one's record. Runs on a
database that really commits, with real threads released together by a barrier.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from crm.common.form_tokens import UsedFormToken
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.partners import services as partner_services
from crm.partners.models import Organisation
from crm.partners.services import OrganisationInput
from tests.conftest import CSRF_PATTERN, FORM_TOKEN_PATTERN
from tests.integration.test_organisations import org_form
from tests.reliability.conftest import count_rows, make_user, signed_in, unique

ROUNDS = 4
TIMEOUT = 60


def _page_tokens(client, url: str) -> dict:
    html = client.get(url).get_data(as_text=True)
    csrf, once = CSRF_PATTERN.search(html), FORM_TOKEN_PATTERN.search(html)
    return {"csrf_token": csrf.group(1) or csrf.group(2), "form_token": once.group(1) or once.group(2)}


def _send_twice_at_once(app, url: str, payload: dict) -> list:
    """The same form, sent by two tabs of one browser session at the same moment."""
    client = signed_in(app, make_user(app))
    payload = {**payload, **_page_tokens(client, url)}
    twin = app.test_client()
    twin.set_cookie("session", client.get_cookie("session").value)
    start = threading.Barrier(2, timeout=TIMEOUT)
    responses: list = [None, None]

    def send(index: int, sender) -> None:
        start.wait()
        responses[index] = sender.post(url, data=payload)

    threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate((client, twin))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)
    return responses


def _organisation_id(app) -> int:
    with app.app_context():
        org = partner_services.create_organisation(OrganisationInput(name=unique("Fonds"), kind="fund"))
        db.session.commit()
        return org.id


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_quick_logs_with_one_token_at_once_make_one_contact(committed_app, round_number):
    app = committed_app
    subject = unique("Dubbel geklikt")
    org_id = _organisation_id(app)
    data = {"kind": "call", "subject": subject, "organisation_ids": org_id}

    responses = _send_twice_at_once(app, "/interactions/new", data)

    assert [r.status_code for r in responses] == [302, 302]
    assert count_rows(app, Interaction, Interaction.subject == subject) == 1
    with app.app_context():
        made = db.session.scalar(select(Interaction.id).where(Interaction.subject == subject))
    assert {r.headers["Location"] for r in responses} == {f"/interactions/{made}"}


def test_two_new_organisations_with_one_token_at_once_make_one(committed_app):
    app = committed_app
    name = unique("Stichting Dubbelklik")
    responses = _send_twice_at_once(app, "/organisations/new", org_form(name=name, acronym=""))
    assert [r.status_code for r in responses] == [302, 302]
    assert count_rows(app, Organisation, Organisation.name == name) == 1
    with app.app_context():
        made = db.session.scalar(select(Organisation.id).where(Organisation.name == name))
        token = db.session.scalar(select(UsedFormToken).where(UsedFormToken.record_id == made,
                                                              UsedFormToken.record_type == "organisation"))  # fmt: skip
    assert token is not None
    assert {r.headers["Location"] for r in responses} == {f"/organisations/{made}"}

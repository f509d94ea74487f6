"""A request that fails half-way leaves nothing behind: every row a request writes is committed once, at its end.

Two ways to fail after rows were already flushed to the database inside the request's transaction:
- a service raises (any bug): the error page is shown, the transaction is rolled back, every table keeps its rows;
- the worker process dies (killed by the OS, the container stopped): the database never got a COMMIT, so it holds
  none of the request's rows, and the next writer is not blocked.
Both run on a database that really commits (SQLite file or PostgreSQL).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import event, func, inspect, select, text

from crm.extensions import db
from crm.interactions import services as interaction_services
from crm.interactions.models import Interaction
from crm.letters import services as letter_services
from crm.meetings import services as meeting_services
from crm.partners import services as partner_services
from crm.partners.services import OrganisationInput
from tests.helpers import text_of
from tests.integration.test_meetings import meeting_form
from tests.integration.test_organisations import org_form
from tests.integration.test_people import person_form
from tests.reliability.conftest import count_rows, make_user, signed_in, unique
from tests.reliability.dying_worker import serve_one_quick_log

TIMEOUT = 120


class HalfWayFailure(RuntimeError):
    """Raised by a service after it flushed its rows: a bug somewhere late in a unit of work."""


def table_counts(app) -> dict[str, int]:
    with app.app_context():
        names = inspect(db.engine).get_table_names()
        return {name: db.session.scalar(select(func.count()).select_from(db.metadata.tables[name]))
                for name in names if name in db.metadata.tables}  # fmt: skip


def commits_during(app, action: Callable[[], object]) -> tuple[object, int]:
    """The result of `action` and the number of database transactions committed meanwhile."""
    commits = []
    with app.app_context():
        engine = db.engine
    listener = lambda _connection: commits.append(1)  # noqa: E731
    event.listen(engine, "commit", listener)
    try:
        return action(), len(commits)
    finally:
        event.remove(engine, "commit", listener)


@dataclass(frozen=True)
class Case:
    name: str
    module: object
    service: str
    url: str
    form: Callable[[int, int], dict]  # (organisation id, user id) → the form


CASES = [
    Case("organisation with tags", partner_services, "create_organisation", "/organisations/new",
         lambda org, me: org_form(name=unique("Halverwege"), acronym="", tags="kapot, half")),
    Case("person with a position", partner_services, "create_person", "/people/new",
         lambda org, me: person_form(last_name=unique("Halverwege"), organisation_id=str(org),
                                     organisation_name="x", role="Adviseur")),
    Case("quick log with participants", interaction_services, "log_interaction", "/interactions/new",
         lambda org, me: {"kind": "call", "subject": unique("Halverwege"), "organisation_ids": org,
                          "user_ids": me}),
    Case("meeting with attendees and agenda", meeting_services, "create_meeting", "/meetings/new",
         lambda org, me: meeting_form(title=unique("Halverwege"), organiser_id=str(me), user_ids=[str(me)],
                                      agenda="Opening\nRondvraag")),
    Case("joint letter with its first version", letter_services, "create_letter", "/letters/new",
         lambda org, me: {"title": unique("Halverwege"), "addressee_organisation_name": "x",
                          "addressee_organisation_id": str(org), "body": "Tekst.", "salutation": "Geachte"}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_service_that_fails_after_flushing_leaves_no_rows(committed_app, monkeypatch, case):
    app = committed_app
    me = make_user(app)
    client = signed_in(app, me)
    with app.app_context():
        org = partner_services.create_organisation(OrganisationInput(name=unique("Partner"), kind="fund")).id
        db.session.commit()
        my_id = db.session.scalar(text("SELECT id FROM users WHERE email = :e"), {"e": me})
    form = case.form(org, my_id)
    real = getattr(case.module, case.service)
    flushed: list[int] = []

    def fails_half_way(*args, **kwargs):
        made = real(*args, **kwargs)
        assert not db.session.new and made.id is not None  # its rows are in the database, uncommitted
        flushed.append(len(db.session.identity_map))
        raise HalfWayFailure(f"{case.service} failed after flushing")

    before = table_counts(app)
    monkeypatch.setattr(case.module, case.service, fails_half_way)
    response, commits = commits_during(app, lambda: client.submit(case.url, form))

    assert flushed, "the service never ran: the test would prove nothing"
    assert response.status_code == 500
    assert "Er is iets misgegaan" in text_of(response) and "HalfWayFailure" not in response.get_data(as_text=True)
    assert commits == 0
    assert table_counts(app) == before

    monkeypatch.setattr(case.module, case.service, real)  # the same form, without the bug: one commit saves it all
    saved, commits = commits_during(app, lambda: client.submit(case.url, form))
    assert saved.status_code == 302, text_of(saved)[:500]
    assert commits == 1
    assert table_counts(app) != before


def test_a_worker_killed_in_the_middle_of_a_request_leaves_no_rows(committed_app, committed_url):
    app = committed_app
    email = make_user(app)
    with app.app_context():
        org = partner_services.create_organisation(OrganisationInput(name=unique("Partner"), kind="fund")).id
        db.session.commit()
    subject = unique("Nooit vastgelegd")
    form = {"kind": "call", "subject": subject, "organisation_ids": org}
    context = multiprocessing.get_context("spawn")  # a clean process, like a gunicorn worker: no inherited connections
    flushed, never = context.Event(), context.Event()
    worker = context.Process(target=serve_one_quick_log, args=(committed_url, email, form, flushed, never))
    worker.start()
    try:
        assert flushed.wait(TIMEOUT), "the worker never reached the middle of its request"
        # The contact is in the worker's open transaction; nobody else sees it.
        assert count_rows(app, Interaction, Interaction.subject == subject) == 0
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(TIMEOUT)
    finally:
        if worker.is_alive():
            worker.kill()
            worker.join()
    assert worker.exitcode == -signal.SIGKILL
    assert count_rows(app, Interaction, Interaction.subject == subject) == 0
    if committed_url.startswith("sqlite"):
        with app.app_context():
            assert db.session.scalar(text("PRAGMA integrity_check")) == "ok"
    # The dead worker's lock is gone: the same contact, sent again by a live worker, is saved at once.
    client = signed_in(app, email)
    assert client.submit("/interactions/new", form).status_code == 302
    assert count_rows(app, Interaction, Interaction.subject == subject) == 1

"""A web worker that is killed in the middle of a request (run in a process of its own by test_partial_failure).

It signs in, starts a quick log, and as soon as the new contact has been flushed to the database — inside the
request's open transaction, before the commit — it tells the test so and waits for the test to kill it.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from crm.interactions.models import Interaction
from tests.reliability.conftest import CommittingClient, signed_in

SUBJECT_FIELD = "subject"


def serve_one_quick_log(database_url: str, email: str, form: dict, flushed, never) -> None:
    """The process's target: `flushed` is set once the contact is in the open transaction; `never` is never set."""
    from tests.conftest import make_test_app

    app = make_test_app(database_url)
    app.test_client_class = CommittingClient
    client = signed_in(app, email)

    def hold_the_transaction_open(session, _flush_context) -> None:
        if any(isinstance(o, Interaction) and o.subject == form[SUBJECT_FIELD] for o in session.new):
            flushed.set()
            never.wait(300)  # the test kills this process long before; the bound only keeps a stray one from living on

    event.listen(Session, "after_flush", hold_the_transaction_open)
    client.submit("/interactions/new", form)

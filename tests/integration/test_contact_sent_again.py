"""A quick log sent again — the back button loads a fresh form with a fresh one-time token, so the token cannot
tell — is recognised and the user asked, instead of a second identical contact (issue 13, item 5)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.interactions.services import InteractionInput, PossibleDuplicate, log_interaction
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.helpers import count, text_of
from tests.integration.test_contact_log import contact_form
from tests.integration.test_mail_merge import CALL, province_with

ASKED = "Dit contact heb je al vastgelegd"


def quick_log(person, **fields) -> dict:
    """The quick log as opened from the person's page: the browser sends a fresh page's tokens each time."""
    defaults = {"occurred_at": "2026-03-12T14:30", "subject": "Subsidieregeling podia besproken"}
    return contact_form(person_ids=[str(person.id)], next=f"/people/{person.id}", **{**defaults, **fields})


def test_sending_the_same_quick_log_again_asks_and_saves_nothing(client, login_as):
    me = login_as("lobbyist")
    person = AffiliationFactory(organisation__name="Ministerie van OCW").person
    first = client.submit("/interactions/new", quick_log(person, user_ids=[str(me.id)]))
    assert first.status_code == 302
    existing = db.session.scalar(select(Interaction))

    # Back, Save: a fresh form (new token) with the same input, two minutes later and with different spacing.
    again = client.submit(
        "/interactions/new",
        quick_log(
            person, user_ids=[str(me.id)], occurred_at="2026-03-12T14:32", subject="subsidieregeling  PODIA besproken"
        ),
    )
    assert again.status_code == 422
    text = text_of(again)
    assert ASKED in text and "Kwam dit formulier terug via de terugknop?" in text
    assert f'href="/interactions/{existing.id}"' in again.get_data(as_text=True)
    assert "Dit is een ander contact; toch vastleggen" in text
    assert count(Interaction) == 1

    # Saved anyway, deliberately: the box is checked, and the same page (its token) is sent once more.
    same_page = {"csrf_token": _value(again, "csrf_token"), "form_token": _value(again, "form_token")}
    anyway = quick_log(person, user_ids=[str(me.id)], confirm_not_duplicate="y")
    confirmed = client.post("/interactions/new", data={**anyway, **same_page})
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == f"/people/{person.id}"
    assert count(Interaction) == 2


def _value(response, name: str) -> str:
    """A hidden field's value on the page, as the browser sends it back."""
    html = response.get_data(as_text=True)
    match = re.search(rf'name="{name}"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="{name}"', html)
    return match.group(1) or match.group(2)


@pytest.mark.parametrize(
    "change",
    [
        {"subject": "Een ander onderwerp"},
        {"kind": "email"},
        {"occurred_at": "2026-03-12T15:30"},  # an hour later: a second call
        {"organisation_ids": "other"},
    ],
)
def test_a_contact_that_differs_is_logged_without_asking(client, login_as, change):
    login_as("lobbyist")
    person = PersonFactory()
    assert client.submit("/interactions/new", quick_log(person)).status_code == 302
    if change.get("organisation_ids") == "other":
        change = {"organisation_ids": [str(OrganisationFactory().id)]}
    assert client.submit("/interactions/new", quick_log(person, **change)).status_code == 302
    assert count(Interaction) == 2


def test_a_colleague_logging_the_same_contact_is_not_asked(client, login_as):
    person = PersonFactory()
    login_as("lobbyist")
    assert client.submit("/interactions/new", quick_log(person)).status_code == 302
    client.submit("/logout", {}, token_from="/")
    login_as("director")
    assert client.submit("/interactions/new", quick_log(person)).status_code == 302
    assert count(Interaction) == 2


def test_the_service_recognises_it_for_every_door_and_a_flag_overrides(db):
    me, person = UserFactory(role="lobbyist"), PersonFactory()
    data = InteractionInput(
        kind="call", subject="Bellen over de btw", person_ids=[person.id], occurred_at=utcnow() - timedelta(minutes=3)
    )
    first = log_interaction(data, author=me)
    with pytest.raises(PossibleDuplicate) as refused:
        log_interaction(data, author=me)
    assert refused.value.existing.id == first.id
    assert log_interaction(data, author=me, allow_duplicate=True).id != first.id


def test_a_mail_merge_sent_twice_logs_its_letters_twice(client, login_as):
    login_as("lobbyist")
    province, _towns = province_with("Gemeente Utrecht")
    for _ in range(2):
        response = client.submit(
            "/documents/merge/new/builtin:municipal_call",
            {**CALL, "recipients": f"province:{province.id}", "output": "pdf", "log_contacts": "y"},
        )
        assert response.status_code == 302
    assert count(Interaction, Interaction.kind == "letter") == 2

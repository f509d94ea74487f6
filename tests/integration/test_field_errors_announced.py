"""A field error is tied to its field, so a screen reader announces it (issue 13, item 22): the error has an id, the
field (and its group) names it in aria-describedby, and the field is marked aria-invalid. Checked on the four forms
where it was missing: the quick log without anyone, the quick log with an inactive colleague, the stakeholder
position form sent empty and the meeting's attendee form sent empty."""

from __future__ import annotations

import lxml.html

from tests.factories import DossierFactory, OrganisationFactory, UserFactory
from tests.factories_meetings import MeetingFactory
from tests.integration.test_contact_log import contact_form

CONTROLS = ("input", "select", "textarea")


def announced(response) -> dict[str, bool]:
    """Every error message on the page → whether a form control announces it (described by it, and invalid)."""
    page = lxml.html.fromstring(response.get_data(as_text=True))
    found = {}
    for error in page.xpath("//*[contains(concat(' ', @class, ' '), ' error ')]"):
        text = " ".join(error.text_content().split())
        error_id = error.get("id")
        describing = [e for e in page.xpath("//*[@aria-describedby]") if error_id in e.get("aria-describedby").split()]
        controls = [e for e in describing if e.tag in CONTROLS and e.get("aria-invalid") == "true"]
        found[text] = bool(error_id) and bool(controls)
    return found


def test_the_quick_log_without_a_person_or_organisation(client, login_as):
    login_as("lobbyist")
    response = client.submit("/interactions/new", contact_form())
    assert response.status_code == 422
    assert announced(response) == {"Kies ten minste één persoon of organisatie met wie je contact had.": True}


def test_the_quick_log_with_an_inactive_colleague(client, login_as):
    me = login_as("lobbyist")
    gone = UserFactory(active=False)
    response = client.submit(
        "/interactions/new",
        contact_form(organisation_ids=[str(OrganisationFactory().id)], user_ids=[str(me.id), str(gone.id)]),
    )
    assert response.status_code == 422
    assert announced(response) == {"Een van de collega's is geen actieve gebruiker; kies opnieuw.": True}


def test_the_stakeholder_position_form_sent_empty(client, login_as):
    login_as("lobbyist")
    DossierFactory()
    response = client.submit("/stakeholders/new", {})
    assert response.status_code == 422
    errors = announced(response)
    assert {"Kies een standpunt.", "Kies de invloed.", "Kies het belang."} <= set(errors)
    assert all(errors.values()), errors


def test_the_meeting_attendee_form_sent_empty(client, login_as):
    me = login_as("lobbyist")
    meeting = MeetingFactory(organiser=me)
    response = client.submit(f"/meetings/{meeting.id}/attendees", {}, token_from=f"/meetings/{meeting.id}")
    assert response.status_code == 422
    assert announced(response) == {"Kies ten minste één collega of persoon om toe te voegen.": True}

"""A date the form cannot read says which format it takes, and a date written the Dutch way is read (issue 13,
item 18: "Ongeldige datum/tijd." did not say what was expected)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from crm.extensions import db
from crm.interactions.models import Interaction
from tests.factories import OrganisationFactory
from tests.helpers import count, local, text_of
from tests.integration.test_contact_log import contact_form


def test_a_mistyped_date_says_which_format_to_use(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory()
    response = client.submit(
        "/interactions/new",
        contact_form(
            organisation_ids=[str(org.id)], occurred_at="gisteren 14u", follow_up="Bellen", follow_up_due="31-13-2026"
        ),
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Ongeldige datum en tijd; gebruik dd-mm-jjjj uu:mm, bijvoorbeeld 31-12-2026 14:30." in text
    assert "Ongeldige datum; gebruik dd-mm-jjjj, bijvoorbeeld 31-12-2026." in text
    assert "Ongeldige datum/tijd." not in text
    assert count(Interaction) == 0


def test_a_date_written_the_dutch_way_is_read(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory()
    response = client.submit(
        "/interactions/new",
        contact_form(
            organisation_ids=[str(org.id)], occurred_at="12-03-2026 14:30", follow_up="Bellen", follow_up_due="2-4-2026"
        ),
    )
    assert response.status_code == 302
    saved = db.session.scalar(select(Interaction))
    assert saved.occurred_at == local(2026, 3, 12, 14, 30)
    assert saved.follow_up_due == date(2026, 4, 2)
    # The browser's date picker sends ISO dates, and the form gives them back that way.
    form = client.get(f"/interactions/{saved.id}/edit").get_data(as_text=True)
    assert 'value="2026-04-02"' in form and 'value="2026-03-12T14:30"' in form

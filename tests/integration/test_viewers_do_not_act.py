"""Read-only colleagues are never given work they cannot do (issue 13, item 10): they are not offered, and not
accepted, as the owner of a follow-up or an action item, as the organiser of a meeting, or as one of us taking part
in a contact. They may still attend a meeting."""

from __future__ import annotations

import re

import pytest

from crm.common.errors import ServiceError
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.interactions.services import InteractionInput, log_interaction
from crm.meetings.models import ActionItem, Meeting
from tests.factories import InteractionFactory, OrganisationFactory, UserFactory
from tests.factories_meetings import MeetingFactory
from tests.helpers import count, text_of
from tests.integration.test_contact_log import contact_form
from tests.integration.test_meetings import meeting_form

READS_ONLY = "kan in Bondgenoot alleen lezen"


def offered(html: str, name: str) -> list[str]:
    """The form controls (checkbox labels, options) that offer this colleague."""
    return re.findall(rf"<(?:option|label)[^>]*>\s*{re.escape(name)}\s*</(?:option|label)>", html)


@pytest.fixture
def viewer(db):
    return UserFactory(role="viewer", name="Vera Alleenlezen")


def test_the_quick_log_offers_no_read_only_colleague(client, login_as, viewer):
    me = login_as("lobbyist", name="Lotte Lobby")
    html = client.get("/interactions/new").get_data(as_text=True)
    assert offered(html, me.name) and not offered(html, viewer.name)
    assert f'value="{viewer.id}"' not in html


def test_a_read_only_colleague_is_refused_as_taking_part_or_doing_the_follow_up(client, login_as, viewer):
    me = login_as("lobbyist")
    org = OrganisationFactory()
    taking_part = client.submit(
        "/interactions/new", contact_form(organisation_ids=[str(org.id)], user_ids=[str(me.id), str(viewer.id)])
    )
    assert taking_part.status_code == 422
    assert f"{viewer.name} {READS_ONLY} en kan niet als deelnemer worden vastgelegd" in text_of(taking_part)
    follow_up = client.submit(
        "/interactions/new",
        contact_form(organisation_ids=[str(org.id)], follow_up="Nota sturen", follow_up_owner_id=str(viewer.id)),
    )
    assert follow_up.status_code == 422
    assert count(Interaction) == 0
    # Another door (the CLI, an import, the API to come) goes through the same service and is refused too.
    with pytest.raises(ServiceError, match="kan de opvolging niet doen"):
        log_interaction(
            InteractionInput(
                kind="call",
                subject="Bellen",
                organisation_ids=[org.id],
                follow_up="Nota sturen",
                follow_up_owner_id=viewer.id,
            ),
            author=me,
        )


def test_a_contact_that_already_lists_a_read_only_colleague_keeps_them_when_edited(client, login_as, viewer):
    me = login_as("lobbyist")
    org = OrganisationFactory()
    contact = InteractionFactory(created_by=me, users=[me, viewer], organisations=[org], subject="Oud contact")
    html = client.get(f"/interactions/{contact.id}/edit").get_data(as_text=True)
    assert f'name="user_ids" value="{viewer.id}" checked' in html
    response = client.submit(
        f"/interactions/{contact.id}/edit",
        contact_form(
            subject="Oud contact, bijgewerkt",
            organisation_ids=[str(org.id)],
            user_ids=[str(me.id), str(viewer.id)],
            version_id=str(contact.version_id),
        ),
    )
    assert response.status_code == 302
    assert {u.id for u in db.session.get(Interaction, contact.id).users} == {me.id, viewer.id}


def test_a_meeting_offers_a_read_only_colleague_as_attendee_not_as_owner_or_organiser(client, login_as, viewer):
    me = login_as("lobbyist")
    meeting = MeetingFactory(organiser=me)
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    owner_select = html.split('name="owner"', 1)[1].split("</select>", 1)[0]
    assert f'value="user:{me.id}"' in owner_select and f'value="user:{viewer.id}"' not in owner_select
    assert f'value="{viewer.id}"' in html  # they may still be added as an attendee
    response = client.submit(
        f"/meetings/{meeting.id}/actions",
        {"description": "Brief opstellen", "owner": f"user:{viewer.id}", "due_date": "", "agenda_item_id": ""},
        token_from=f"/meetings/{meeting.id}",
    )
    assert response.status_code == 422
    assert f"{viewer.name} {READS_ONLY} en kan geen actiepunten afronden" in text_of(response)
    assert count(ActionItem) == 0

    new = client.get("/meetings/new").get_data(as_text=True)
    organiser_select = new.split('name="organiser_id"', 1)[1].split("</select>", 1)[0]
    assert viewer.name not in organiser_select and me.name in organiser_select
    refused = client.submit("/meetings/new", meeting_form(organiser_id=str(viewer.id)))
    assert refused.status_code == 422
    assert f"{viewer.name} {READS_ONLY} en kan geen overleg organiseren" in text_of(refused)
    assert count(Meeting) == 1  # only the one made above

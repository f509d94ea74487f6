"""The record pages' skeleton (crm/common/views_records.py) and panels (crm/common/panels.py), as a user meets
them: panels in their order and only for the roles that may see them, a stale save of any record or of a record's
child shows the conflict page with the user's input kept, the archive routes of every kind of record, and a
record's parts (members, positions) only under their own record."""

from __future__ import annotations

import re

import pytest

from crm.coalitions.models import CoalitionMember, Dossier
from crm.extensions import db
from crm.meetings.models import MeetingSeries
from crm.partners.models import Affiliation
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    DossierFactory,
    PersonFactory,
)
from tests.factories_meetings import MeetingSeriesFactory
from tests.helpers import text_of

PERSON_SECTIONS = ["Who spoke to them?", "Stances", "Privacy (AVG)", "Positions over time", "Timeline", "History"]


def headings(response) -> list[str]:
    return [text_of_fragment(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", response.get_data(as_text=True), re.S)]


def text_of_fragment(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


@pytest.mark.parametrize(
    ("role", "sections"),
    [
        ("admin", PERSON_SECTIONS),
        ("lobbyist", [s for s in PERSON_SECTIONS if s != "Privacy (AVG)"]),
        ("viewer", [s for s in PERSON_SECTIONS if s not in {"Privacy (AVG)", "Stances"}]),
    ],
)
def test_a_person_page_shows_its_panels_in_order_and_only_to_those_who_may_see_them(client, login_as, role, sections):
    login_as(role, language="en")
    person = PersonFactory(first_name="Noor", last_name="Achterveld")
    shown = [h for h in headings(client.get(f"/people/{person.id}")) if h not in {"Details"}]
    assert shown == sections


def test_a_dossier_page_shows_the_kamer_and_the_follow_button_from_their_domains(client, login_as):
    login_as("lobbyist", language="en")
    dossier = DossierFactory(title="Heropening")
    response = client.get(f"/dossiers/{dossier.id}")
    assert headings(response) == [
        "About",
        "Coalitions",
        "Stakeholder map",
        "In the Kamer",
        "Organisations involved",
        "Timeline",
        "History",
    ]
    page = response.get_data(as_text=True)
    head = page[page.index('class="page-head"') : page.index('class="grid two"')]
    assert f'/following/dossier/{dossier.id}"' in head and ">Follow</button>" in head


def test_a_stale_dossier_save_is_a_conflict_that_keeps_the_input(client, login_as):
    login_as("lobbyist", language="en")
    dossier = DossierFactory(title="Heropening", description="Oud")
    opened = dossier.version_id
    dossier.description = "Door collega aangepast"
    db.session.commit()
    response = client.submit(
        f"/dossiers/{dossier.id}/edit",
        {"title": "Heropening", "description": "Mijn versie", "status": "active", "version_id": str(opened)},
    )
    assert response.status_code == 409
    assert "Door collega aangepast" in text_of(response) and "Mijn versie" in text_of(response)
    assert db.session.get(Dossier, dossier.id).description == "Door collega aangepast"


def test_a_stale_series_save_is_a_conflict_and_an_archived_series_is_not_edited(client, login_as):
    login_as("director", language="en")
    series = MeetingSeriesFactory(name="Taskforce", description="Oud")
    opened = series.version_id
    series.description = "Door collega aangepast"
    db.session.commit()
    url = f"/meetings/series/{series.id}/edit"
    response = client.submit(url, {"name": "Taskforce", "description": "Mijn versie", "version_id": str(opened)})
    assert response.status_code == 409
    assert "Door collega aangepast" in text_of(response) and "Mijn versie" in text_of(response)
    assert db.session.get(MeetingSeries, series.id).description == "Door collega aangepast"
    client.submit(f"/meetings/series/{series.id}/archive", {}, token_from=f"/meetings/series/{series.id}/archive")
    assert db.session.get(MeetingSeries, series.id).is_archived
    assert client.get(url).status_code == 403  # restore it first


def test_a_stale_save_of_a_position_keeps_the_input_and_the_other_version(client, login_as):
    login_as("lobbyist", language="en")
    affiliation = AffiliationFactory(role="Beleidsmedewerker")
    opened = affiliation.version_id
    affiliation.role = "Senior beleidsmedewerker"
    db.session.commit()
    response = client.submit(
        f"/people/{affiliation.person_id}/positions/{affiliation.id}/edit",
        {
            "organisation_name": affiliation.organisation.name,
            "organisation_id": str(affiliation.organisation_id),
            "role": "Directeur",
            "start_date": "2020-01-01",
            "end_date": "",
            "version_id": str(opened),
        },
    )
    assert response.status_code == 409
    assert "Senior beleidsmedewerker" in text_of(response) and 'value="Directeur"' in response.get_data(as_text=True)
    assert db.session.get(Affiliation, affiliation.id).role == "Senior beleidsmedewerker"


def test_a_stale_save_of_a_membership_keeps_the_input_and_the_other_version(client, login_as):
    login_as("lobbyist", language="en")
    member = CoalitionMemberFactory(role="partner")
    opened = member.version_id
    member.role = "carrier"
    db.session.commit()
    response = client.submit(
        f"/coalitions/{member.coalition_id}/members/{member.id}/edit",
        {"role": "observer", "joined_on": "", "version_id": str(opened)},
    )
    assert response.status_code == 409
    assert "Carrier" in text_of(response)
    assert db.session.get(CoalitionMember, member.id).role == "carrier"
    saved = client.submit(
        f"/coalitions/{member.coalition_id}/members/{member.id}/edit",
        {"role": "observer", "joined_on": "", "version_id": str(db.session.get(CoalitionMember, member.id).version_id)},
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#members")
    assert db.session.get(CoalitionMember, member.id).role == "observer"


def test_a_part_of_another_record_is_not_found_under_this_one(client, login_as):
    login_as("lobbyist", language="en")
    member, other_coalition = CoalitionMemberFactory(), CoalitionMemberFactory().coalition_id
    affiliation, other_person = AffiliationFactory(), PersonFactory().id
    for url in (
        f"/coalitions/{other_coalition}/members/{member.id}/edit",
        f"/coalitions/{other_coalition}/members/{member.id}/remove",
        f"/people/{other_person}/positions/{affiliation.id}/edit",
        f"/people/{other_person}/positions/{affiliation.id}/remove",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/coalitions/{member.coalition_id}/members/{member.id}/remove").status_code == 200
    assert client.get(f"/people/{affiliation.person_id}/positions/{affiliation.id}/edit").status_code == 200

"""Stakeholder positions: recording from a person page, the history and its moves, corrections and removals with
the audit trail, bad input, and who may see positions at all (never viewers)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.common.time import utcnow
from crm.extensions import db
from crm.stakeholders.models import StakeholderPosition
from tests.factories import AffiliationFactory, DossierFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.helpers import count, text_of


def position_form(**overrides) -> dict:
    data = {
        "dossier_id": "",
        "person_name": "",
        "person_id": "",
        "organisation_name": "",
        "organisation_id": "",
        "stance": "critical",
        "influence": "high",
        "interest": "medium",
        "observed_on": "2026-02-10",
        "source": "Kamerdebat",
        "rationale": "Vindt dat scholen het zelf moeten regelen.",
        "next": "",
        "version_id": "",
    }
    data.update(overrides)
    return data


def record(client, dossier, person, **fields):
    data = position_form(dossier_id=str(dossier.id), person_name=person.full_name, person_id=str(person.id), **fields)
    return client.submit("/stakeholders/new", data)


def test_lobbyist_records_a_position_from_a_person_page(client, login_as):
    user = login_as("lobbyist")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    person = AffiliationFactory(person__first_name="Gerrit", person__last_name="Hofstede").person
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    link = f"/stakeholders/new?next=/people/{person.id}&amp;person={person.id}"
    assert link in page  # "Record a position" in the Stances section
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="Gerrit Achternaam' not in form and f'value="{person.full_name}"' in form  # the picker is filled
    assert f'name="person_id" type="hidden" value="{person.id}"' in form
    response = client.submit(
        "/stakeholders/new",
        position_form(
            dossier_id=str(dossier.id),
            person_name=person.full_name,
            person_id=str(person.id),
            next=f"/people/{person.id}",
        ),
        token_from=link.replace("&amp;", "&"),
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{person.id}"
    position = db.session.scalar(select(StakeholderPosition))
    assert (position.dossier_id, position.person_id, position.organisation_id) == (dossier.id, person.id, None)
    assert (position.stance, position.influence, position.interest) == ("critical", "high", "medium")
    assert position.observed_on == date(2026, 2, 10) and position.created_by_id == user.id
    stances = text_of(client.get(f"/people/{person.id}"))
    assert "Standpunten Standpunt vastleggen Huidig standpunt per dossier" in stances
    assert "Nationaal Programma Onderwijs Kritisch Hoog Middel 10 feb 2026 · Kamerdebat" in stances
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "stakeholderposition"))
    assert event.action == "create" and event.actor_id == user.id
    assert (event.parent_type, event.parent_id) == ("stakeholdermap", dossier.id)
    assert event.changes["stance"] == [None, "critical"] and event.changes["person"][1] == person.full_name


def test_history_shows_each_move_with_its_date_and_source(client, login_as):
    login_as("lobbyist")
    dossier = DossierFactory(title="Heropening en routekaart")
    person = PersonFactory(first_name="Annemijn", last_name="Terpstra")
    assert record(client, dossier, person, stance="critical", observed_on="2026-02-10").status_code == 302
    assert (
        record(client, dossier, person, stance="neutral", observed_on="2026-03-12", source="werkbezoek").status_code
        == 302
    )
    # An update of the influence alone is no move; the last move stays on the card.
    assert (
        record(client, dossier, person, stance="neutral", influence="medium", observed_on="2026-04-02").status_code
        == 302
    )
    history = text_of(client.get(f"/dossiers/{dossier.id}/stakeholders/people/{person.id}"))
    assert "Standpunt van Annemijn Terpstra op Heropening en routekaart" in history
    assert "Huidig standpunt Standpunt Neutraal Invloed Middel Belang Middel Waargenomen op 2 apr 2026" in history
    assert "Verschuivingen Verschoven van kritisch naar neutraal op 12 mrt 2026 — bron: werkbezoek" in history
    assert history.count("Verschoven van") == 1
    rows = history.split("Vastgelegd door")[1]
    assert rows.index("2 apr 2026") < rows.index("12 mrt 2026") < rows.index("10 feb 2026")  # newest first
    grid = text_of(client.get(f"/dossiers/{dossier.id}/stakeholders"))
    assert "van kritisch naar neutraal (12 mrt 2026)" in grid


def test_a_move_back_shows_both_moves_newest_first(client, login_as):
    login_as("director")
    dossier = DossierFactory()
    organisation = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten")
    for stance, day in (("supportive", "2026-01-05"), ("opposed", "2026-02-01"), ("supportive", "2026-03-01")):
        data = position_form(
            dossier_id=str(dossier.id),
            organisation_name=organisation.name,
            organisation_id=str(organisation.id),
            stance=stance,
            observed_on=day,
            source="",
        )
        assert client.submit("/stakeholders/new", data).status_code == 302
    history = text_of(client.get(f"/dossiers/{dossier.id}/stakeholders/organisations/{organisation.id}"))
    assert (
        "Verschoven van tegen naar steunend op 1 mrt 2026 Verschoven van steunend naar tegen op 1 feb 2026" in history
    )


def test_update_stance_from_a_card_starts_from_the_current_position(client, login_as):
    login_as("lobbyist")
    old = StakeholderPositionFactory(stance="critical", influence="high", interest="low", observed_on=date(2026, 1, 1))
    StakeholderPositionFactory(
        dossier=old.dossier, person=old.person, stance="opposed", observed_on=date(2025, 12, 1)
    )  # older: not the current one
    grid = client.get(f"/dossiers/{old.dossier_id}/stakeholders").get_data(as_text=True)
    link = f"/stakeholders/new?dossier={old.dossier_id}&amp;next=/dossiers/{old.dossier_id}/stakeholders"
    assert f"{link}&amp;person={old.person_id}" in grid
    form = client.get(f"/stakeholders/new?dossier={old.dossier_id}&person={old.person_id}").get_data(as_text=True)
    checked = re.findall(r'<input checked id="[a-z]+-\d" name="([a-z]+)" required type="radio" value="([a-z]+)">', form)
    assert sorted(checked) == [("influence", "high"), ("interest", "low"), ("stance", "critical")]
    assert f'<option selected value="{old.dossier_id}">' in form


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no stakeholder", "Kies de persoon of organisatie wiens standpunt dit is."),
        ("both", "Kies een persoon of een organisatie, niet allebei"),
        ("archived person", "Deze persoon is gearchiveerd"),
        ("archived organisation", "Deze organisatie is gearchiveerd"),
        ("unknown person", "Kies een persoon uit de lijst."),
        ("typed person", "Kies een persoon uit de lijst."),
        ("unknown organisation", "Er is geen organisatie met deze naam gevonden"),
        ("unknown dossier", "Kies een dossier."),
        ("archived dossier", "Dit dossier is gearchiveerd"),
        ("long rationale", "Maximaal 1000 tekens."),
        ("long source", "Maximaal 200 tekens."),
        ("invalid date", "Ongeldige datum"),
        ("no date", "Vul de datum in waarop het standpunt is waargenomen."),
        ("future date", "Een standpunt kan niet in de toekomst zijn waargenomen."),
        ("unknown stance", "Ongeldige keuze"),
        ("no stance", "Kies een standpunt."),
    ],
)
def test_bad_input_gives_a_dutch_form_error_and_saves_nothing(client, login_as, case, message):
    login_as("lobbyist")
    dossier = DossierFactory()
    person = PersonFactory()
    organisation = OrganisationFactory(name="Landelijk Kenniscentrum")
    valid = {"dossier_id": str(dossier.id), "person_name": person.full_name, "person_id": str(person.id)}
    org = {"organisation_name": organisation.name, "organisation_id": str(organisation.id)}
    cases = {
        "no stakeholder": {"dossier_id": str(dossier.id)},
        "both": {**valid, **org},
        "archived person": {**valid, "person_id": str(PersonFactory(archived_at=utcnow()).id)},
        "archived organisation": {
            "dossier_id": str(dossier.id),
            "organisation_name": "Oud",
            "organisation_id": str(OrganisationFactory(archived_at=utcnow()).id),
        },
        "unknown person": {**valid, "person_id": "999999"},
        "typed person": {**valid, "person_id": ""},
        "unknown organisation": {"dossier_id": str(dossier.id), "organisation_name": "Bestaat Niet BV"},
        "unknown dossier": {**valid, "dossier_id": "999999"},
        "archived dossier": {**valid, "dossier_id": str(DossierFactory(archived_at=utcnow()).id)},
        "long rationale": {**valid, "rationale": "x" * 1001},
        "long source": {**valid, "source": "x" * 201},
        "invalid date": {**valid, "observed_on": "2026-02-30"},
        "no date": {**valid, "observed_on": ""},
        "future date": {**valid, "observed_on": (date.today() + timedelta(days=3)).isoformat()},
        "unknown stance": {**valid, "stance": "sympathetic"},
        "no stance": {**valid, "stance": ""},
    }
    response = client.submit("/stakeholders/new", position_form(**cases[case]), token_from="/stakeholders/new")
    assert response.status_code == 422, case
    assert message in text_of(response)
    assert count(StakeholderPosition) == 0


def test_viewers_get_403_and_never_see_positions(client, login_as):
    person = AffiliationFactory().person
    organisation = OrganisationFactory()
    mine = StakeholderPositionFactory(person=person, stance="opposed", source="Kamerdebat 3 maart")
    StakeholderPositionFactory(dossier=mine.dossier, person=None, organisation=organisation, stance="supportive")
    dossier = mine.dossier
    pages = [f"/people/{person.id}", f"/organisations/{organisation.id}", f"/dossiers/{dossier.id}", "/"]
    signs = ("tandpunt", "Krachtenveld", "Tegen", "Steunend", "Kamerdebat 3 maart", "/stakeholders")

    login_as("viewer")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert not [sign for sign in signs if sign in html], url
    for url in (
        f"/dossiers/{dossier.id}/stakeholders",
        f"/dossiers/{dossier.id}/stakeholders?view=table",
        f"/dossiers/{dossier.id}/stakeholders/people/{person.id}",
        f"/dossiers/{dossier.id}/stakeholders/organisations/{organisation.id}",
        f"/dossiers/{dossier.id}/stakeholders/changes",
        "/stakeholders/new",
        f"/stakeholders/{mine.id}/edit",
        f"/stakeholders/{mine.id}/remove",
    ):
        assert client.get(url).status_code == 403, url
    token = client.csrf_token("/account")
    refused = client.post("/stakeholders/new", data=position_form(csrf_token=token, dossier_id=str(dossier.id)))
    assert refused.status_code == 403
    # The same pages show the positions to a lobbyist (so the checks above can fail).
    client.post("/logout", data={"csrf_token": token})
    login_as("lobbyist")
    assert "Tegen" in text_of(client.get(f"/people/{person.id}"))
    assert "Steunend" in text_of(client.get(f"/organisations/{organisation.id}"))
    assert "Krachtenveld" in text_of(client.get(f"/dossiers/{dossier.id}"))
    recent = text_of(client.get("/"))  # the home page's recent changes
    assert "Bondgenoot (automatisch) heeft stakeholderstandpunt" in recent and "aangemaakt" in recent


def test_the_dossier_page_summarises_its_map(client, login_as):
    login_as("admin")
    dossier = DossierFactory()
    for stance in ("supportive", "supportive", "critical"):
        StakeholderPositionFactory(dossier=dossier, stance=stance)
    moved = StakeholderPositionFactory(dossier=dossier, stance="opposed", observed_on=date(2026, 1, 1))
    StakeholderPositionFactory(dossier=dossier, person=moved.person, stance="neutral", observed_on=date(2026, 2, 1))
    StakeholderPositionFactory(dossier=dossier, stance="opposed", person__archived_at=utcnow())  # not counted
    page = text_of(client.get(f"/dossiers/{dossier.id}"))
    assert "Krachtenveld Standpunt vastleggen Steunend 2 Neutraal 1 Kritisch 1 Tegen 0 Onbekend 0" in page


def test_the_author_corrects_an_entry_and_the_audit_trail_shows_it(client, login_as):
    author = login_as("lobbyist")
    position = StakeholderPositionFactory(created_by=author, stance="critical", source="Kamerdebt")
    url, version = f"/stakeholders/{position.id}/edit", position.version_id
    form = position_form(stance="critical", influence="medium", interest="medium", observed_on="2026-01-15")
    form.update(source="Kamerdebat", version_id=str(version))
    assert client.submit(url, form).status_code == 302
    assert db.session.get(StakeholderPosition, position.id).source == "Kamerdebat"
    stale = client.submit(url, {**form, "source": "Iets anders"})  # opened before the correction
    assert stale.status_code == 409 and "Iemand anders heeft deze gegevens opgeslagen" in text_of(stale)
    assert db.session.get(StakeholderPosition, position.id).source == "Kamerdebat"
    changes = text_of(client.get(f"/dossiers/{position.dossier_id}/stakeholders/changes"))
    assert f"{author.name} heeft stakeholderstandpunt" in changes and "gewijzigd" in changes
    assert "Bron Kamerdebt Kamerdebat" in changes


def test_only_the_author_or_a_manager_corrects_or_removes(client, login_as):
    position = StakeholderPositionFactory(created_by=UserFactory())
    login_as("lobbyist")
    assert client.get(f"/stakeholders/{position.id}/edit").status_code == 403
    assert client.get(f"/stakeholders/{position.id}/remove").status_code == 403
    history = client.get(f"/dossiers/{position.dossier_id}/stakeholders/people/{position.person_id}")
    assert "Corrigeren" not in text_of(history)


def test_a_director_removes_a_mistaken_entry_and_the_audit_trail_keeps_it(client, login_as):
    director = login_as("director")
    position = StakeholderPositionFactory(created_by=UserFactory(), stance="supportive")
    dossier_id, person_id = position.dossier_id, position.person_id
    confirm = text_of(client.get(f"/stakeholders/{position.id}/remove"))
    assert "Alleen een standpunt verwijderen dat per vergissing is vastgelegd" in confirm
    response = client.submit(f"/stakeholders/{position.id}/remove", {})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/dossiers/{dossier_id}/stakeholders/people/{person_id}"
    assert count(StakeholderPosition) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "delete"))
    assert (event.entity_type, event.actor_id, event.changes["stance"]) == (
        "stakeholderposition",
        director.id,
        ["supportive", None],
    )
    changes = text_of(client.get(f"/dossiers/{dossier_id}/stakeholders/changes"))
    assert f"{director.name} heeft stakeholderstandpunt" in changes and "verwijderd" in changes

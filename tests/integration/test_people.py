"""People and their positions over time."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from sqlalchemy import select

from crm.extensions import db
from crm.partners.models import Affiliation, Person
from tests.factories import AffiliationFactory, CoalitionMemberFactory, OrganisationFactory, PersonFactory
from tests.helpers import count, listed, text_of


def person_form(**overrides) -> dict:
    data = {
        "first_name": "Marieke",
        "initials": "M.J.",
        "name_prefix": "Van",
        "last_name": "Dalstra",
        "salutation": "Geachte mevrouw Van Dalstra",
        "email": "M.vanDalstra@lkca.example",
        "phone": "",
        "party_name": "",
        "party_id": "",
        "notes": "",
        "tags": "cultuureducatie",
        "owner_id": "0",
        "organisation_name": "",
        "organisation_id": "",
        "role": "",
        "start_date": "",
    }
    data.update(overrides)
    return data


def test_create_person_with_current_position_at_an_organisation(client, login_as):
    login_as("lobbyist")
    lkca = OrganisationFactory(name="Landelijk Kenniscentrum Cultuureducatie en Amateurkunst", acronym="LKCA")
    form_page = client.get(f"/people/new?organisation={lkca.id}")
    assert 'value="Landelijk Kenniscentrum' in form_page.get_data(as_text=True)  # pre-filled from the org page
    response = client.submit(
        "/people/new",
        person_form(
            organisation_name="LKCA", organisation_id=str(lkca.id), role="Directeur-bestuurder", start_date="2019-03-01"
        ),
    )
    assert response.status_code == 302
    text = text_of(client.get(response.headers["Location"]))
    assert "Marieke van Dalstra" in text  # prefix in lower case inside the name
    assert "Directeur-bestuurder" in text and "huidig" in text
    person = db.session.scalar(select(Person))
    assert person.email == "m.vandalstra@lkca.example"
    assert [a.organisation_id for a in person.current_affiliations] == [lkca.id]
    assert "Marieke van Dalstra" in text_of(client.get(f"/organisations/{lkca.id}"))


def test_last_name_is_required_and_nothing_is_saved_without_it(client, login_as):
    login_as("lobbyist")
    response = client.submit("/people/new", person_form(last_name=""))
    assert response.status_code == 422
    assert count(Person) == 0


def test_same_email_is_pointed_out_as_possible_duplicate(client, login_as):
    login_as("lobbyist")
    PersonFactory(first_name="Joris", last_name="Hamelink", email="j.hamelink@lkca.example")
    response = client.submit(
        "/people/new", person_form(first_name="J.", last_name="Hamelink-de Boer", email="J.Hamelink@lkca.example")
    )
    assert response.status_code == 422
    assert "Joris Hamelink" in text_of(response)
    assert count(Person) == 1


def test_near_identical_name_is_pointed_out(client, login_as):
    login_as("lobbyist")
    PersonFactory(first_name="Esther", last_name="Kroonenberg", email=None)
    response = client.submit(
        "/people/new", person_form(first_name="Ester", name_prefix="", last_name="Kroonenberg", email="")
    )
    assert response.status_code == 422 and "Esther Kroonenberg" in text_of(response)
    hints = client.get("/people/similar?first_name=Esther&last_name=Kroonenberg").get_json()
    assert [h["label"] for h in hints] == ["Esther Kroonenberg"]


def test_party_must_be_a_political_party(client, login_as):
    login_as("lobbyist")
    party = OrganisationFactory(name="Democraten 66", acronym="D66", kind="party")
    OrganisationFactory(name="Gemeente Utrecht", kind="municipality")
    wrong = client.submit("/people/new", person_form(party_name="Gemeente Utrecht"))
    assert wrong.status_code == 422 and "politieke partij" in text_of(wrong).lower()
    right = client.submit("/people/new", person_form(party_name="D66"))
    assert right.status_code == 302
    person = db.session.scalar(select(Person))
    assert person.party_id == party.id
    assert "Democraten 66" in text_of(client.get(f"/people/{person.id}"))


def test_positions_over_time_current_and_past(client, login_as):
    login_as("lobbyist")
    person = PersonFactory(first_name="Thijs", last_name="Boerema")
    lkca = OrganisationFactory(name="LKCA")
    kunsten = OrganisationFactory(name="Kunsten '92")
    response = client.submit(
        f"/people/{person.id}/positions/new",
        {
            "organisation_name": "LKCA",
            "organisation_id": str(lkca.id),
            "role": "Projectleider",
            "start_date": "2017-02-01",
            "end_date": "2021-04-30",
        },
    )
    assert response.status_code == 302
    client.submit(
        f"/people/{person.id}/positions/new",
        {
            "organisation_name": "Kunsten '92",
            "organisation_id": str(kunsten.id),
            "role": "Beleidsmedewerker",
            "start_date": "2021-05-01",
            "end_date": "",
        },
    )
    stored = db.session.get(Person, person.id)
    assert [a.organisation.name for a in stored.current_affiliations] == ["Kunsten '92"]
    assert [a.organisation.name for a in stored.affiliations if not a.is_current] == ["LKCA"]
    page = text_of(client.get(f"/people/{person.id}"))
    assert page.index("Kunsten '92") < page.index("Projectleider")  # current position first
    lkca_page = text_of(client.get(f"/organisations/{lkca.id}"))
    assert "Oud-medewerkers" in lkca_page or "Eerdere functies" in lkca_page


def test_end_date_before_start_date_is_refused(client, login_as):
    login_as("lobbyist")
    person = PersonFactory()
    org = OrganisationFactory(name="VNG")
    response = client.submit(
        f"/people/{person.id}/positions/new",
        {
            "organisation_name": "VNG",
            "organisation_id": str(org.id),
            "role": "Adviseur",
            "start_date": "2022-01-01",
            "end_date": "2021-01-01",
        },
    )
    assert response.status_code == 422
    assert count(Affiliation) == 0


def test_ending_a_position_keeps_it_in_the_history(client, login_as):
    user = login_as("lobbyist")
    affiliation = AffiliationFactory(role="Wethouder cultuur", start_date=date(2022, 6, 1))
    yesterday = date.today() - timedelta(days=1)
    response = client.submit(
        f"/people/{affiliation.person_id}/positions/{affiliation.id}/edit",
        {
            "organisation_name": affiliation.organisation.name,
            "organisation_id": str(affiliation.organisation_id),
            "role": "Wethouder cultuur",
            "start_date": "2022-06-01",
            "end_date": yesterday.isoformat(),
            "version_id": str(affiliation.version_id),
        },
    )
    assert response.status_code == 302
    stored = db.session.get(Affiliation, affiliation.id)
    assert not stored.is_current
    history = text_of(client.get(f"/people/{affiliation.person_id}/history"))
    assert f"{user.name} heeft functie Wethouder cultuur @ {affiliation.organisation.name} gewijzigd" in history
    assert "Einde — " + format_date(yesterday, "medium", locale="nl") in history


def test_position_of_another_person_is_not_reachable_through_this_person(client, login_as):
    login_as("lobbyist")
    mine = PersonFactory()
    other = AffiliationFactory()
    assert client.get(f"/people/{mine.id}/positions/{other.id}/edit").status_code == 404
    response = client.submit(f"/people/{mine.id}/positions/{other.id}/remove", {}, token_from=f"/people/{mine.id}")
    assert response.status_code == 404
    assert db.session.get(Affiliation, other.id) is not None


def test_remove_a_mistaken_position_after_confirmation(client, login_as):
    login_as("lobbyist")
    affiliation = AffiliationFactory()
    url = f"/people/{affiliation.person_id}/positions/{affiliation.id}/remove"
    affiliation_id = affiliation.id
    confirm = client.get(url)
    assert confirm.status_code == 200 and "einddatum" in text_of(confirm)
    client.submit(url, {})
    assert db.session.get(Affiliation, affiliation_id) is None


def test_people_list_search_and_filters(client, login_as):
    login_as("viewer")
    member = CoalitionMemberFactory(organisation__name="Kunstbende")
    AffiliationFactory(
        person__first_name="Lisa",
        person__last_name="Harkema",
        organisation=member.organisation,
        person__email="l.harkema@kunstbende.example",
    )
    AffiliationFactory(person__first_name="Tim", person__last_name="Groenendijk", person__email="tim@cjp.example")
    ended = AffiliationFactory(
        person__first_name="Oud",
        person__last_name="Medewerker",
        organisation=member.organisation,
        end_date=date(2020, 1, 1),
    )
    assert "Harkema, Lisa" in listed(client.get("/people/?q=harkema"))
    assert "Harkema, Lisa" in listed(client.get("/people/?q=lisa+harkema"))
    assert "Harkema, Lisa" in listed(client.get("/people/?q=kunstbende.example"))
    in_coalition = listed(client.get(f"/people/?coalition={member.coalition_id}"))
    assert "Harkema" in in_coalition and "Groenendijk" not in in_coalition
    assert "Medewerker" not in in_coalition  # only current positions count
    at_org = listed(client.get(f"/people/?organisation={member.organisation_id}"))
    assert "Harkema" in at_org and "Groenendijk" not in at_org
    assert ended.person_id


def test_person_conflict_shows_both_versions(client, login_as):
    login_as("lobbyist")
    person = PersonFactory(first_name="Noor", last_name="Achterveld", phone="070 1")
    opened = person.version_id
    person.phone = "070 2"
    db.session.commit()
    response = client.submit(
        f"/people/{person.id}/edit",
        person_form(
            first_name="Noor", name_prefix="", last_name="Achterveld", email="", phone="070 3", version_id=str(opened)
        ),
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "070 2" in text and "070 3" in text
    assert db.session.get(Person, person.id).phone == "070 2"

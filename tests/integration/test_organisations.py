"""The organisation registry through the HTTP client, CSRF on, as a user works with it."""

from __future__ import annotations

from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.extensions import db
from crm.partners.models import Organisation
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    OrganisationFactory,
    TagFactory,
    UserFactory,
)
from tests.helpers import count, listed, text_of
from tests.security.forms import main_form


def org_form(**overrides) -> dict:
    data = {
        "name": "Landelijk Kenniscentrum Cultuureducatie en Amateurkunst",
        "acronym": "LKCA",
        "kind": "knowledge_institute",
        "parent_name": "",
        "parent_id": "",
        "website": "https://www.lkca.nl",
        "email": "info@lkca.example",
        "phone": "030 711 51 00",
        "address": "Ganzenmarkt 6",
        "postal_code": "3512 gd",
        "city": "Utrecht",
        "description": "Kenniscentrum voor cultuureducatie.",
        "tags": "cultuureducatie, amateurkunst",
        "owner_id": "0",
    }
    data.update(overrides)
    return data


def test_lobbyist_creates_an_organisation_and_sees_it(client, login_as):
    lobbyist = login_as("lobbyist")
    response = client.submit("/organisations/new", org_form(owner_id=str(lobbyist.id)))
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    text = text_of(page)
    assert "Landelijk Kenniscentrum Cultuureducatie en Amateurkunst (LKCA)" in text
    assert "3512 GD Utrecht" in text  # postal code normalised to upper case
    assert lobbyist.name in text
    assert "amateurkunst" in text and "cultuureducatie" in text
    org = db.session.scalar(select(Organisation).where(Organisation.acronym == "LKCA"))
    assert org.owner_id == lobbyist.id and org.version_id == 1


def test_required_and_invalid_fields_give_dutch_errors_and_save_nothing(client, login_as):
    login_as("lobbyist")
    response = client.submit(
        "/organisations/new",
        org_form(name="", website="javascript:alert(1)", email="geen-email", acronym="X" * 31),
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Dit veld is verplicht" in text or "Dit veld is vereist" in text
    assert "http://" in text and "https://" in text  # the website error explains what is allowed
    assert "e-mailadres" in text
    assert "30" in text
    assert count(Organisation) == 0


def test_a_new_organisation_has_no_kind_until_the_user_chooses_one(client, login_as):
    """Saving the new-organisation form with "Soort" untouched made a ministry (the first option), counted in the
    government reached and the transparency report. Now the untouched form asks for the kind and saves nothing."""
    login_as("lobbyist")
    page = client.get("/organisations/new")
    untouched = main_form(page.get_data(as_text=True), "/organisations/new")
    assert untouched.data()["kind"] == ""  # what the browser sends when nobody touches "Soort"
    assert "— kies een soort —" in text_of(page)
    response = client.submit("/organisations/new", untouched.data(name="Stichting Zonder Soort"))
    assert response.status_code == 422
    assert "Kies wat voor organisatie dit is." in text_of(response)
    assert count(Organisation) == 0
    chosen = client.submit("/organisations/new", untouched.data(name="Stichting Zonder Soort", kind="fund"))
    assert chosen.status_code == 302
    assert db.session.scalar(select(Organisation.kind)) == "fund"


def test_control_characters_and_overlong_input_are_refused(client, login_as):
    login_as("lobbyist")
    response = client.submit("/organisations/new", org_form(name="Stichting\x00Nul"))
    assert response.status_code == 422
    response = client.submit("/organisations/new", org_form(name="A" * 201))
    assert response.status_code == 422
    assert count(Organisation) == 0


def test_a_ten_megabyte_description_is_refused_with_413(client, login_as):
    login_as("lobbyist")
    response = client.submit("/organisations/new", org_form(description="x" * (10 * 1024 * 1024)))
    assert response.status_code == 413
    assert "te groot" in text_of(response).lower()
    assert count(Organisation) == 0


def test_website_without_scheme_gets_https(client, login_as):
    login_as("lobbyist")
    client.submit("/organisations/new", org_form(website="www.kunsten92.nl", name="Kunsten '92", acronym=""))
    org = db.session.scalar(select(Organisation))
    assert org.website == "https://www.kunsten92.nl"


def test_near_identical_name_is_pointed_out_before_creating(client, login_as):
    login_as("lobbyist")
    existing = OrganisationFactory(name="Kunsten ’92")
    response = client.submit("/organisations/new", org_form(name="Kunsten '92", acronym=""))
    assert response.status_code == 422
    text = text_of(response)
    assert "Mogelijk dubbel" in text and "Kunsten ’92" in text
    assert count(Organisation) == 1
    confirmed = client.submit("/organisations/new", org_form(name="Kunsten '92", acronym="", confirm_not_duplicate="y"))
    assert confirmed.status_code == 302
    assert count(Organisation) == 2
    hints = client.get("/organisations/similar?name=kunsten%2092").get_json()
    assert {h["id"] for h in hints} >= {existing.id}


def test_parent_is_picked_by_name_and_shown_both_ways(client, login_as):
    login_as("lobbyist")
    ministry = OrganisationFactory(
        name="Ministerie van Onderwijs, Cultuur en Wetenschap", acronym="OCW", kind="ministry"
    )
    response = client.submit(
        "/organisations/new",
        org_form(name="Directie Erfgoed en Kunsten", acronym="DEK", kind="directorate", parent_name="OCW"),
    )
    assert response.status_code == 302
    child = db.session.scalar(select(Organisation).where(Organisation.acronym == "DEK"))
    assert child.parent_id == ministry.id
    assert "Directie Erfgoed en Kunsten" in text_of(client.get(f"/organisations/{ministry.id}"))
    unknown = client.submit("/organisations/new", org_form(name="Iets anders", parent_name="Bestaat niet"))
    assert unknown.status_code == 422
    assert "kies er een uit de lijst" in text_of(unknown).lower()


def test_an_organisation_cannot_become_part_of_its_own_child(client, login_as):
    login_as("lobbyist")
    parent = OrganisationFactory(name="Tweede Kamer", kind="parliament")
    child = OrganisationFactory(name="Commissie OCW", kind="committee", parent=parent)
    response = client.submit(
        f"/organisations/{parent.id}/edit",
        org_form(
            name="Tweede Kamer",
            kind="parliament",
            parent_id=str(child.id),
            parent_name="Commissie OCW",
            version_id=str(parent.version_id),
        ),
    )
    assert response.status_code == 422
    assert db.session.get(Organisation, parent.id).parent_id is None


def test_edit_records_history_with_changed_fields(client, login_as):
    user = login_as("lobbyist")
    org = OrganisationFactory(name="Boekmanstichting", city="Amsterdam")
    response = client.submit(
        f"/organisations/{org.id}/edit",
        org_form(name="Boekman Stichting", acronym="", city="Amsterdam", version_id=str(org.version_id)),
    )
    assert response.status_code == 302
    history = text_of(client.get(f"/organisations/{org.id}/history"))
    assert "Boekmanstichting" in history and "Boekman Stichting" in history
    assert f"Gewijzigd door {user.name}" in history
    listing = client.get(f"/organisations/{org.id}/history").get_data(as_text=True).split('<ol class="history">')[1]
    assert user.email not in listing.split("</ol>")[0]  # the name, not the login
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_id == org.id, AuditEvent.action == "update"))
    assert event.actor_id == user.id
    assert event.changes["name"] == ["Boekmanstichting", "Boekman Stichting"]
    assert "version_id" not in event.changes and "search_text" not in event.changes


def test_stale_edit_shows_conflict_and_keeps_both_versions(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory(name="Fonds voor Cultuurparticipatie", city="Utrecht")
    opened_version = org.version_id
    org.city = "Den Haag"  # a colleague saves first
    db.session.commit()
    response = client.submit(
        f"/organisations/{org.id}/edit",
        org_form(
            name="Fonds voor Cultuurparticipatie",
            acronym="FCP",
            city="Rotterdam",
            version_id=str(opened_version),
        ),
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "Iemand anders heeft dit record opgeslagen" in text or "opgeslagen terwijl" in text
    assert "Rotterdam" in text and "Den Haag" in text  # both versions shown
    assert 'value="Rotterdam"' in response.get_data(as_text=True)  # the user's input is kept in the form
    stored = db.session.get(Organisation, org.id)
    db.session.refresh(stored)
    assert stored.city == "Den Haag"  # nothing silently overwritten


def test_archive_asks_for_confirmation_then_hides_from_list(client, login_as):
    login_as("director")
    org = OrganisationFactory(name="Stichting Verdwijnt")
    confirm = client.get(f"/organisations/{org.id}/archive")
    assert confirm.status_code == 200
    assert "Stichting Verdwijnt" in text_of(confirm) and db.session.get(Organisation, org.id).archived_at is None
    response = client.submit(f"/organisations/{org.id}/archive", {})
    assert response.status_code == 302
    assert "is gearchiveerd" in text_of(client.get(response.headers["Location"]))
    assert "Stichting Verdwijnt" not in listed(client.get("/organisations/"))
    assert "Stichting Verdwijnt" in listed(client.get("/organisations/?status=archived"))
    client.submit(f"/organisations/{org.id}/restore", {}, token_from=f"/organisations/{org.id}")
    assert "Stichting Verdwijnt" in listed(client.get("/organisations/"))
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_type == "organisation", AuditEvent.entity_id == org.id)
    ).all()
    assert "archive" in actions and "restore" in actions


def test_lobbyist_archives_only_organisations_they_own(client, login_as):
    lobbyist = login_as("lobbyist")
    mine = OrganisationFactory(owner=lobbyist)
    theirs = OrganisationFactory(owner=UserFactory())
    assert client.get(f"/organisations/{theirs.id}/archive").status_code == 403
    assert client.get(f"/organisations/{mine.id}/archive").status_code == 200
    assert client.submit(f"/organisations/{mine.id}/archive", {}).status_code == 302


def test_viewer_reads_but_cannot_write(client, login_as):
    login_as("viewer")
    org = OrganisationFactory(name="Alleen Lezen BV")
    page = client.get(f"/organisations/{org.id}")
    assert page.status_code == 200
    assert "Bewerken" not in text_of(page)
    assert client.get("/organisations/new").status_code == 403
    token = client.csrf_token("/account")
    response = client.post("/organisations/new", data={**org_form(), "csrf_token": token})
    assert response.status_code == 403
    assert count(Organisation) == 1


def test_archived_records_cannot_be_edited_until_restored(client, login_as):
    login_as("director")
    org = OrganisationFactory(name="Oud Archief")
    client.submit(f"/organisations/{org.id}/archive", {})
    assert client.get(f"/organisations/{org.id}/edit").status_code == 403


def test_search_filters_sorting_and_pagination(client, login_as, app):
    login_as("viewer")
    culture = TagFactory(name="cultuur", key="cultuur")
    OrganisationFactory(name="Ministerie van Financiën", acronym="FIN", kind="ministry")
    OrganisationFactory(name="Kunstenbond", kind="union", tags=[culture])
    member = CoalitionMemberFactory(organisation=OrganisationFactory(name="Federatie Cultuur", kind="other"))
    for n in range(30):
        OrganisationFactory(name=f"Gemeente Proef {n:02d}", kind="municipality")

    assert "Ministerie van Financiën" in listed(client.get("/organisations/?q=fin"))
    assert "Ministerie van Financiën" in listed(client.get("/organisations/?q=financien"))  # accents ignored
    by_kind = listed(client.get("/organisations/?kind=union"))
    assert "Kunstenbond" in by_kind and "Gemeente Proef" not in by_kind
    by_tag = listed(client.get("/organisations/?tag=cultuur"))
    assert "Kunstenbond" in by_tag and "Ministerie" not in by_tag
    by_coalition = listed(client.get(f"/organisations/?coalition={member.coalition_id}"))
    assert "Federatie Cultuur" in by_coalition and "Kunstenbond" not in by_coalition

    first = client.get("/organisations/?kind=municipality")
    assert "Gemeente Proef 00" in listed(first) and "Gemeente Proef 29" not in listed(first)
    assert "1–25 van 30" in text_of(first)
    second = listed(client.get("/organisations/?kind=municipality&page=2"))
    assert "Gemeente Proef 29" in second and "Gemeente Proef 00" not in second
    descending = listed(client.get("/organisations/?kind=municipality&sort=-name"))
    assert descending.index("Gemeente Proef 29") < descending.index("Gemeente Proef 28")


def test_detail_page_shows_people_coalitions_and_children(client, login_as):
    login_as("viewer")
    org = OrganisationFactory(name="LKCA")
    AffiliationFactory(
        organisation=org,
        person__first_name="Marieke",
        person__last_name="Dalstra",
        role="Directeur-bestuurder",
    )
    membership = CoalitionMemberFactory(organisation=org, role="carrier", coalition__name="Cultuur deel je")
    OrganisationFactory(name="LKCA Onderzoek", parent=org)
    text = text_of(client.get(f"/organisations/{org.id}"))
    assert "Marieke Dalstra" in text and "Directeur-bestuurder" in text
    assert "Cultuur deel je" in text and "Dragend partner" in text
    assert "LKCA Onderzoek" in text
    assert membership.coalition_id


def test_lookup_returns_matches_for_the_picker(client, login_as):
    login_as("lobbyist")
    OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG", kind="municipal_association")
    OrganisationFactory(name="Gemeente Utrecht", kind="municipality")
    found = client.get("/organisations/lookup?q=vng").get_json()
    assert [f["name"] for f in found] == ["Vereniging van Nederlandse Gemeenten"]
    parties = client.get("/organisations/lookup?q=gemeente&kind=party").get_json()
    assert parties == []


def test_unknown_organisation_is_a_dutch_404(client, login_as):
    login_as("viewer")
    response = client.get("/organisations/999999")
    assert response.status_code == 404
    assert "Niet gevonden" in text_of(response)


def test_search_also_matches_tags(client, login_as):
    login_as("viewer")
    OrganisationFactory(name="Stichting Zonder Trefwoord", tags=[TagFactory(name="amateurkunst", key="amateurkunst")])
    OrganisationFactory(name="Stichting Anders")
    found = listed(client.get("/organisations/?q=amateur"))
    assert "Stichting Zonder Trefwoord" in found and "Stichting Anders" not in found
    assert "Stichting Zonder Trefwoord" in text_of(client.get("/search/?q=amateurkunst+stichting"))

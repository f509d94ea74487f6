"""The main user journeys in a real browser, in Dutch (the default language), as a user sees them."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DIRECTOR, LOBBYIST, LiveServer, log_in, tab_to, textbox, unique

pytestmark = pytest.mark.e2e


def flash(page: Page):
    """The confirmation message at the top of the page (role=status)."""
    return page.locator(".flashes").get_by_role("status")


def test_log_in_create_organisation_with_person_find_both_and_see_history(page: Page, live_server: LiveServer):
    token = unique("zb")
    org_name = f"Muziekhuis Zonnebloem {token}"
    person_name = f"Anna Vermeer {token}"

    # Log in: an anonymous visitor is sent to the login form and back to the start page afterwards.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\b"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Bondgenoot")
    expect(textbox(page, "E-mail")).to_be_focused()
    textbox(page, "E-mail").fill(LOBBYIST.email)
    textbox(page, "Wachtwoord").fill(LOBBYIST.password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {LOBBYIST.name}")

    # Create an organisation.
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Organisaties").click()
    page.get_by_role("link", name="Nieuwe organisatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe organisatie")
    name_field = textbox(page, "Naam")
    expect(name_field).to_be_focused()
    name_field.fill(org_name)
    page.get_by_role("combobox", name="Soort", exact=True).select_option(label="Culturele instelling")
    textbox(page, "Plaats").fill("Utrecht")
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"Organisatie {org_name} is aangemaakt.")
    expect(page).to_have_url(re.compile(r"/organisations/\d+$"))
    org_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    expect(page.get_by_text("Culturele instelling · Utrecht")).to_be_visible()

    # Add a person to it: the organisation is already filled in on the person form.
    page.get_by_role("link", name="Persoon toevoegen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe persoon")
    expect(page.get_by_role("combobox", name="Organisatie")).to_have_value(org_name)
    textbox(page, "Voornaam").fill("Anna")
    textbox(page, "Achternaam").fill(f"Vermeer {token}")
    textbox(page, "Functie").fill("Zakelijk leider")
    textbox(page, "E-mail").fill(f"anna.{token}@example.org")
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"{person_name} is toegevoegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name)
    expect(page.locator(".subtitle")).to_have_text(f"Zakelijk leider · {org_name}")
    person_url = page.url

    # Find both with the global search.
    search = page.get_by_role("searchbox", name="Zoeken in het relatiebestand")
    search.fill(token)
    search.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/search/?q={quote(token)}")
    expect(page.get_by_role("status")).to_have_text(f"2 resultaten voor “{token}”")
    organisations = page.get_by_role("region", name=re.compile(r"^Organisaties"))
    people = page.get_by_role("region", name=re.compile(r"^Personen"))
    expect(organisations.get_by_role("link")).to_have_text([org_name])
    expect(people.get_by_role("link")).to_have_text([person_name])
    expect(people).to_contain_text("Zakelijk leider")
    people.get_by_role("link", name=person_name).click()
    expect(page).to_have_url(person_url)
    page.go_back()
    organisations.get_by_role("link", name=org_name).click()
    expect(page).to_have_url(org_url)
    staff = page.get_by_role("region", name="Personen")
    expect(staff.get_by_role("row", name=re.compile(re.escape(person_name)))).to_contain_text("Zakelijk leider")

    # See the history entry: who created it, and with which values.
    history = page.get_by_role("region", name="Geschiedenis")
    entries = history.get_by_role("listitem")
    expect(entries).to_have_count(1)
    expect(entries.get_by_role("strong")).to_have_text(LOBBYIST.name)  # the colleague's name, not their login
    expect(entries).to_contain_text(f"Aangemaakt door {LOBBYIST.name}")
    history.get_by_role("link", name=re.compile(r"^Volledige geschiedenis")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Geschiedenis van {org_name}")
    changes = page.get_by_role("table", name="Gewijzigde velden")
    expect(changes.get_by_role("row", name=re.compile(r"^Naam"))).to_have_text(re.compile(rf"Naam\s*—\s*{org_name}"))
    expect(changes.get_by_role("row", name=re.compile(r"^Plaats"))).to_have_text(re.compile(r"Plaats\s*—\s*Utrecht"))


def test_organisation_picker_works_by_keyboard_alone(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    token = unique("ww")
    ids = {
        name: live_server.create_organisation(name)
        for name in (f"Theatergroep Wervelwind {token} Noord", f"Theatergroep Wervelwind {token} Zuid")
    }
    last_name = f"Toetsenbord {token}"

    page.goto("/people/new")
    expect(textbox(page, "Voornaam")).to_be_focused()
    page.keyboard.type("Kees")
    # Tab through the name fields to the last name, then on to the organisation picker.
    tab_to(page, textbox(page, "Achternaam"))
    page.keyboard.type(last_name)
    picker = page.get_by_role("combobox", name="Organisatie")
    tab_to(page, picker)

    typed = f"wervelwind {token}"
    with page.expect_response(lambda r: "/organisations/lookup" in r.url and f"q={quote(typed)}" in r.url):
        page.keyboard.type(typed)
    options = page.get_by_role("listbox").get_by_role("option")
    expect(picker).to_have_attribute("aria-expanded", "true")
    expect(options).to_have_count(2)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    expect(picker).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    chosen = next(name for name in ids if name in second.inner_text())

    page.keyboard.press("Enter")
    expect(picker).to_have_value(chosen)
    expect(page.locator("input[name=organisation_id]")).to_have_value(str(ids[chosen]))
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(picker).to_have_attribute("aria-expanded", "false")

    # Still by keyboard: on to the position field, and Enter submits the form.
    page.keyboard.press("Tab")
    expect(textbox(page, "Functie")).to_be_focused()
    page.keyboard.type("Artistiek leider")
    page.keyboard.press("Enter")

    expect(flash(page)).to_have_text(f"Kees {last_name} is toegevoegd.")
    positions = page.get_by_role("table", name="Functies door de tijd")
    expect(positions.get_by_role("link", name=chosen, exact=True)).to_have_attribute(
        "href", f"/organisations/{ids[chosen]}"
    )
    expect(positions).to_contain_text("Artistiek leider")
    other = next(name for name in ids if name != chosen)
    expect(page.get_by_role("link", name=other)).to_have_count(0)


def test_duplicate_hint_appears_while_typing_a_near_identical_name(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    token = unique("pk")
    existing = f"Stichting Podiumkunsten {token}"
    existing_id = live_server.create_organisation(existing)

    page.goto("/organisations/new")
    name_field = textbox(page, "Naam")
    name_field.press_sequentially(f"stichting podium-kunst {token}")

    hint = page.locator("[data-similar]")
    expect(hint).to_have_attribute("aria-live", "polite")
    expect(hint.get_by_text("Staat al in het relatiebestand?")).to_be_visible()
    link = hint.get_by_role("link", name=existing, exact=True)
    expect(link).to_have_attribute("href", f"/organisations/{existing_id}")

    # Typing something else clears the hint; typing the near-duplicate again brings it back.
    name_field.fill(f"Volkomen andere naam {token}")
    expect(hint).to_be_empty()
    name_field.fill(f"Stichting Podiumkunsten  {token}")
    link.click()
    expect(page).to_have_url(f"{live_server.url}/organisations/{existing_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(existing)


def test_slash_focuses_the_global_search_unless_typing(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    search = page.get_by_role("searchbox", name="Zoeken in het relatiebestand")
    expect(search).to_have_attribute("placeholder", "Zoeken… (druk op /)")
    expect(search).not_to_be_focused()

    page.keyboard.press("/")
    expect(search).to_be_focused()
    expect(search).to_have_value("")  # the slash itself is not typed into the box
    page.keyboard.type("wervelwind")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/search/?q=wervelwind")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")

    # While typing in a form field, "/" is just a character.
    page.goto("/organisations/new")
    name_field = textbox(page, "Naam")
    expect(name_field).to_be_focused()
    page.keyboard.type("Kunst/Cultuur")
    expect(name_field).to_have_value("Kunst/Cultuur")
    expect(page.get_by_role("searchbox", name="Zoeken in het relatiebestand")).not_to_be_focused()


def test_stale_edit_shows_the_conflict_and_overwrites_nothing(new_page, live_server: LiveServer):
    token = unique("cf")
    name = f"Fonds Podiumkunsten {token}"
    org_id = live_server.create_organisation(name, kind="fund", city="Den Haag")
    edit_url = f"/organisations/{org_id}/edit"

    first = log_in(new_page(), LOBBYIST)
    second = log_in(new_page(), DIRECTOR)
    for page in (first, second):
        page.goto(edit_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{name} bewerken")
        expect(textbox(page, "Plaats")).to_have_value("Den Haag")

    textbox(first, "Plaats").fill("Amersfoort")
    first.get_by_role("button", name="Opslaan").click()
    expect(flash(first)).to_have_text(f"De wijzigingen voor {name} zijn opgeslagen.")

    textbox(second, "Plaats").fill("Zwolle")
    second.get_by_role("button", name="Opslaan").click()
    panel = second.get_by_role("alert").filter(
        has=second.get_by_role(
            "heading", name="Iemand anders heeft deze gegevens opgeslagen terwijl jij aan het bewerken was"
        )
    )
    expect(panel).to_be_visible()
    expect(panel).to_be_focused()
    expect(panel).to_contain_text("Er is niets overschreven.")
    expect(panel.get_by_role("columnheader")).to_have_text(["Veld", "Jouw invoer", "Opgeslagen door iemand anders"])
    rows = panel.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_have_text("Plaats")
    expect(rows.first.get_by_role("cell")).to_have_text(["Zwolle", "Amersfoort"])
    expect(textbox(second, "Plaats")).to_have_value("Zwolle")  # the input is kept

    # Nothing was overwritten: the record still shows the first save.
    first.goto(f"/organisations/{org_id}")
    expect(first.get_by_text("Fonds · Amersfoort")).to_be_visible()

    # Saving again after seeing the conflict is a deliberate choice, and then it goes through.
    second.get_by_role("button", name="Opslaan").click()
    expect(flash(second)).to_have_text(f"De wijzigingen voor {name} zijn opgeslagen.")
    expect(second.get_by_text("Fonds · Zwolle")).to_be_visible()

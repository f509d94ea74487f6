"""The contact log in a real browser: the quick log by keyboard alone, the double-ask warning, "My actions" and
the CSV export, in Dutch, as a user sees them."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from crm.auth.models import User
from crm.auth.queries import user_by_email
from crm.auth.services import create_user
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.interactions.services import InteractionInput, log_interaction
from crm.partners import services as partner_services
from crm.partners.services import AffiliationInput, OrganisationRef, PersonInput
from tests.e2e.conftest import LOBBYIST, Account, LiveServer, log_in, tab_to, unique

pytestmark = pytest.mark.e2e

DOUBLE_ASK = "Een collega had onlangs contact — voorkom een dubbele vraag:"


# --- arranging data the quick way, through the service layer in the live server's app context --------------------


def add_account(live_server: LiveServer, name: str, role: str = "lobbyist") -> tuple[Account, int]:
    """A user of our own for one test, so counts (such as "Mijn acties") never depend on other tests."""
    account = Account(f"{unique('e2e-')}@e2e.example", name, role)
    with live_server.app.app_context():
        user = create_user(email=account.email, name=account.name, role=account.role, password=account.password)
        db.session.commit()
        return account, user.id


def user_id_of(live_server: LiveServer, account: Account) -> int:
    with live_server.app.app_context():
        return user_by_email(account.email).id


def add_person(live_server: LiveServer, first_name: str, last_name: str, organisation_id: int | None = None) -> int:
    position = AffiliationInput(organisation=OrganisationRef(id=organisation_id), role="Programmeur")
    with live_server.app.app_context():
        person = partner_services.create_person(
            PersonInput(first_name=first_name, last_name=last_name), position if organisation_id else None
        )
        db.session.commit()
        return person.id


def add_contact(live_server: LiveServer, *, author_id: int, days_ago: int = 0, **fields) -> int:
    """A contact logged by `author_id` (who also took part, unless user_ids says otherwise)."""
    fields.setdefault("kind", "call")
    fields.setdefault("user_ids", [author_id])
    with live_server.app.app_context():
        interaction = log_interaction(
            InteractionInput(occurred_at=utcnow() - timedelta(days=days_ago), **fields),
            author=db.session.get(User, author_id),
        )
        db.session.commit()
        return interaction.id


# --- what a user looks at --------------------------------------------------------------------------------------


def flash(page: Page):
    """The confirmation message at the top of the page (role=status)."""
    return page.locator(".flashes").get_by_role("status")


def people_picker(page: Page):
    return page.get_by_role("group", name="Personen", exact=True)


def choose_by_keyboard(page: Page, picker, typed: str) -> None:
    """In a focused multi-picker: type part of a name, wait for the suggestions, ArrowDown and Enter."""
    combobox = picker.get_by_role("combobox")
    expect(combobox).to_be_focused()
    with page.expect_response(lambda r: "/lookup?" in r.url and f"q={quote(typed)}" in r.url):
        page.keyboard.type(typed)
    options = picker.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(picker.get_by_role("listbox")).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_have_value("")
    expect(combobox).to_be_focused()  # ready to add the next one


# --- the journeys ----------------------------------------------------------------------------------------------


def test_log_a_contact_by_keyboard_alone_from_an_organisation_page(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    token = unique("kb")
    org_name = f"Poppodium De Kelder {token}"
    org_id = live_server.create_organisation(org_name)
    person_name = f"Sanne Bakker {token}"
    add_person(live_server, "Sanne", f"Bakker {token}", org_id)
    subject = f"Programmering najaar besproken {token}"

    page.goto(f"/organisations/{org_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    who_spoke = page.get_by_role("region", name="Wie sprak wie?")
    expect(who_spoke.get_by_role("definition").first).to_have_text("nooit")

    # "c" opens the quick log from any page; its Cancel leads back to where the user was.
    page.keyboard.press("c")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    expect(page).to_have_url(re.compile(rf"/interactions/new\?next=/organisations/{org_id}\b"))
    cancel = page.get_by_role("link", name="Annuleren")
    expect(cancel).to_have_attribute("href", re.compile(rf"^/organisations/{org_id}\??$"))
    tab_to(page, cancel, max_presses=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)

    # The timeline's own button opens the quick log with this organisation already chosen.
    timeline = page.get_by_role("region", name="Tijdlijn")
    tab_to(page, timeline.get_by_role("link", name="Contact vastleggen", exact=True), max_presses=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    organisations = page.get_by_role("group", name="Organisaties", exact=True)
    expect(organisations.get_by_role("checkbox", name=org_name)).to_be_checked()
    we_took_part = page.get_by_role("group", name="Wie van ons was erbij")
    expect(we_took_part.get_by_role("checkbox", name=LOBBYIST.name)).to_be_checked()

    # By keyboard alone, in the form's order: the kind (the field has the focus), a person through the type-ahead
    # (the next field), the subject.
    kind = page.get_by_role("combobox", name="Soort")
    expect(kind).to_be_focused()
    page.keyboard.type("Werk")
    expect(kind.locator("option:checked")).to_have_text("Werkbezoek")
    page.keyboard.press("Tab")
    people = people_picker(page)
    choose_by_keyboard(page, people, f"sann {token}")
    expect(people.get_by_role("checkbox", name=person_name)).to_be_checked()
    tab_to(page, page.get_by_role("textbox", name="Onderwerp", exact=True), max_presses=4)
    page.keyboard.type(subject)

    tab_to(page, page.get_by_role("button", name="Opslaan"), max_presses=40)
    page.keyboard.press("Enter")

    # Back on the organisation page, at its timeline.
    expect(page).to_have_url(re.compile(rf"/organisations/{org_id}#timeline$"))
    expect(flash(page)).to_have_text(f"Contact “{subject}” is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    entry = timeline.get_by_role("listitem").filter(has=page.get_by_role("link", name=subject, exact=True))
    expect(entry).to_have_count(1)
    expect(entry.locator(".badge")).to_have_text("Werkbezoek")
    expect(entry).to_contain_text(f"{LOBBYIST.name} · {person_name}")
    last_contact = who_spoke.get_by_role("definition").first
    expect(last_contact).to_contain_text(f" · {LOBBYIST.name} · {subject}")
    expect(last_contact.get_by_role("link")).to_have_attribute("href", re.compile(r"^/interactions/\d+$"))
    expect(who_spoke.get_by_role("definition").last).to_have_text("1")  # contacts in the last 90 days


def test_double_ask_warning_names_the_colleague_who_was_in_touch(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    token = unique("da")
    colleague_name = f"Cor Collega {token}"
    _, colleague_id = add_account(live_server, colleague_name)
    person_name = f"Xandra Wethouder {token}"
    person_id = add_person(live_server, "Xandra", f"Wethouder {token}")
    subject = f"Subsidieregeling podia toegelicht {token}"
    # Three days ago the colleague logged a call with this person; the lobbyist took no part in it.
    contact_id = add_contact(
        live_server,
        author_id=colleague_id,
        user_ids=[colleague_id],
        days_ago=3,
        subject=subject,
        person_ids=[person_id],
    )

    # The quick log from the start page: choosing the person brings up the colleague's contact.
    page.keyboard.press("c")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    page.wait_for_load_state()  # app.js (deferred) has put the focus in the form
    expect(page.get_by_text(DOUBLE_ASK)).to_have_count(0)
    people = people_picker(page)
    tab_to(page, people.get_by_role("combobox"), max_presses=40)
    with page.expect_response(lambda r: "/interactions/recent?" in r.url and f"person={person_id}" in r.url):
        choose_by_keyboard(page, people, f"xandra {token}")
    expect(people.get_by_role("checkbox", name=person_name)).to_be_checked()
    warning = page.locator("[data-recent]")
    expect(warning).to_have_attribute("aria-live", "polite")
    expect(warning.get_by_text(DOUBLE_ASK)).to_be_visible()
    link = warning.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_text(re.compile(rf"^\d{{1,2}} \w+\.? \d{{4}}, \d\d:\d\d · {colleague_name} · {subject}$"))
    expect(link).to_have_attribute("href", f"/interactions/{contact_id}")
    fetched = link.inner_text()

    # Unchecking the person (Shift+Tab to the chip, Space) takes the warning away again.
    page.keyboard.press("Shift+Tab")
    expect(people.get_by_role("checkbox", name=person_name)).to_be_focused()
    page.keyboard.press("Space")
    expect(people.get_by_role("checkbox", name=person_name)).not_to_be_checked()
    expect(warning.get_by_text(DOUBLE_ASK)).to_have_count(0)

    # Opened from the person's page, the form comes with the warning already in it (rendered by the server).
    page.goto(f"/people/{person_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name)
    with page.expect_response(lambda r: "/interactions/new?" in r.url) as opened:
        page.get_by_role("region", name="Tijdlijn").get_by_role("link", name="Contact vastleggen", exact=True).click()
    assert f"{colleague_name} · {subject}</a>" in opened.value.text()  # in the HTML, not fetched afterwards
    expect(people.get_by_role("checkbox", name=person_name)).to_be_checked()
    expect(warning.get_by_text(DOUBLE_ASK)).to_be_visible()
    expect(warning.get_by_role("link")).to_have_text(fetched)  # the same words as the fetched warning


def test_my_actions_shows_an_overdue_follow_up_and_done_removes_it(new_page, live_server: LiveServer):
    token = unique("ma")
    account, user_id = add_account(live_server, f"Mira Opvolging {token}")
    org_id = live_server.create_organisation(f"Filmhuis De Lantaarn {token}")
    follow_up = f"Position paper nasturen {token}"
    subject = f"Gesprek over de btw-verhoging {token}"
    add_contact(
        live_server,
        author_id=user_id,
        days_ago=5,
        subject=subject,
        organisation_ids=[org_id],
        follow_up=follow_up,
        follow_up_owner_id=user_id,
        follow_up_due=today() - timedelta(days=1),
    )

    page = log_in(new_page(), account)
    my_actions = page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Mijn acties"))
    expect(my_actions).to_contain_text("Mijn acties")
    expect(my_actions.locator(".count")).to_have_text("1")
    expect(my_actions).to_have_accessible_name("Mijn acties 1 open")

    my_actions.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn acties")
    rows = page.get_by_role("table", name="Mijn acties").locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text(follow_up)
    expect(row).to_contain_text("verlopen")
    expect(row.get_by_role("link", name=subject)).to_be_visible()

    row.get_by_role("button", name="Gedaan").click()
    expect(flash(page)).to_have_text("Opvolging is afgerond.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn acties")
    expect(page.get_by_text(follow_up)).to_have_count(0)
    expect(page.get_by_text("Niets te doen: je hebt geen openstaande opvolgingen of actiepunten.")).to_be_visible()
    expect(my_actions).to_have_text("Mijn acties")
    expect(my_actions).to_have_accessible_name("Mijn acties")
    expect(my_actions.locator(".count")).to_have_count(0)


def test_contact_log_export_downloads_the_filtered_log_as_csv(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    token = unique("ex")
    lobbyist_id = user_id_of(live_server, LOBBYIST)
    org_id = live_server.create_organisation(f"Museum Het Archief {token}")
    subject = f"Jaarverslag doorgenomen {token}"
    formula = f'=HYPERLINK("http://example.org") {token}'
    for text in (subject, formula):
        add_contact(live_server, author_id=lobbyist_id, subject=text, organisation_ids=[org_id])

    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Contacten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactmomenten")
    search = page.get_by_role("searchbox", name="Zoeken", exact=True)
    search.fill(token)
    search.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]q={token}\b"))
    expect(page.get_by_role("table", name="Contactmomenten").locator("tbody").get_by_role("row")).to_have_count(2)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Exporteren als CSV").click()
    download = downloading.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("Contactmomenten")
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))  # as Dutch Excel splits it
    assert rows[0][:3] == ["Wanneer", "Soort", "Onderwerp"]
    assert sorted(row[2] for row in rows[1:]) == sorted([subject, "'" + formula])  # only the filtered contacts
    assert all(row[1] == "Telefoongesprek" for row in rows[1:])

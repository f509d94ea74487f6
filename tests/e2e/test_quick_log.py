"""The quick log in a real browser (issue 13): its fields in the order people fill them in (item 19), who you were
in contact with marked as required and every missing field named on the first save (item 13), and the back button
after saving, which asks instead of logging the same contact twice (item 5)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from crm.coalitions.services import DossierInput, create_dossier
from crm.extensions import db
from crm.interactions.models import Interaction
from tests.e2e.conftest import LiveServer, unique
from tests.e2e.test_contact_log import add_person, choose_by_keyboard, flash, people_picker

pytestmark = pytest.mark.e2e

WHO = "Met wie had je contact?"
WHO_MISSING = "Kies ten minste één persoon of organisatie met wie je contact had."


def open_quick_log(page: Page) -> None:
    page.keyboard.press("c")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    page.wait_for_load_state()  # app.js (deferred) has run: the pickers are live


def focused_field(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


def contacts_about(live_server: LiveServer, subject: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count()).select_from(Interaction).where(Interaction.subject == subject))


def test_kind_who_and_subject_come_first_and_the_dossiers_are_in_view(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    title = f"Cultuureducatie met kwaliteit {unique()}"
    with live_server.app.app_context():
        create_dossier(DossierInput(title=title))
        db.session.commit()

    open_quick_log(page)
    expect(page.get_by_role("combobox", name="Soort")).to_be_focused()
    presses = []
    for _ in range(3):
        page.keyboard.press("Tab")
        presses.append(focused_field(page))
    assert presses == ["person_ids-search", "organisation_ids-search", "subject"]  # three Tabs, not nine
    expect(page.get_by_role("textbox", name="Onderwerp", exact=True)).to_be_focused()
    # The dossiers are on the form itself, not in a section to open first.
    dossier = page.get_by_role("group", name="Dossiers", exact=True).get_by_role("checkbox", name=title)
    expect(dossier).to_be_visible()
    dossier.check()
    expect(dossier).to_be_checked()


def test_who_is_marked_required_and_the_first_save_names_every_missing_field(
    signed_in_page: Page, live_server: LiveServer
):
    page = signed_in_page
    token = unique("rq")
    org_id = live_server.create_organisation(f"Theater De Vest {token}")
    open_quick_log(page)
    who = page.get_by_role("group", name=WHO, exact=True)
    expect(who.locator("legend .required")).to_have_text("*")
    expect(who).to_have_accessible_description("Minstens één persoon of organisatie.")

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    # Both at once, on the first save: the subject and who you were in contact with.
    subject = page.get_by_role("textbox", name="Onderwerp", exact=True)
    expect(subject).to_have_attribute("aria-invalid", "true")
    expect(who.get_by_text(WHO_MISSING)).to_be_visible()
    people = people_picker(page).get_by_role("combobox")
    expect(people).to_have_attribute("aria-invalid", "true")
    expect(people).to_have_accessible_description(re.compile(re.escape(WHO_MISSING)))

    subject.fill(f"Voorstelling voor scholen {token}")
    organisations = page.get_by_role("group", name="Organisaties", exact=True)
    organisations.get_by_role("combobox").focus()
    choose_by_keyboard(page, organisations, f"vest {token}")
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"Contact “Voorstelling voor scholen {token}” is vastgelegd.")
    assert contacts_about(live_server, f"Voorstelling voor scholen {token}") == 1
    assert org_id


def test_the_back_button_after_saving_asks_before_logging_the_same_contact_again(
    signed_in_page: Page, live_server: LiveServer
):
    page = signed_in_page
    token = unique("bk")
    person_name = f"Ruud Wethouder {token}"
    person_id = add_person(live_server, "Ruud", f"Wethouder {token}")
    subject = f"Cultuurbegroting 2027 besproken {token}"

    page.goto(f"/people/{person_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name)
    open_quick_log(page)
    expect(people_picker(page).get_by_role("checkbox", name=person_name)).to_be_checked()
    page.get_by_role("textbox", name="Onderwerp", exact=True).fill(subject)
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"Contact “{subject}” is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text(person_name)

    # Back to the form (signed-in pages are not cached: a fresh form with a fresh token), and Save again.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    subject_field = page.get_by_role("textbox", name="Onderwerp", exact=True)
    if not subject_field.input_value():  # the browser did not restore what was typed: type it again, as a user would
        subject_field.fill(subject)
    page.get_by_role("button", name="Opslaan").click()

    asked = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Dit contact heb je al vastgelegd"))
    expect(asked).to_be_visible()
    expect(asked).to_contain_text("Kwam dit formulier terug via de terugknop?")
    existing = asked.get_by_role("link", name=re.compile(re.escape(subject)))
    expect(existing).to_have_attribute("href", re.compile(r"^/interactions/\d+$"))
    assert contacts_about(live_server, subject) == 1

    # Saving it anyway is a deliberate choice.
    asked.get_by_role("checkbox", name="Dit is een ander contact; toch vastleggen").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"Contact “{subject}” is vastgelegd.")
    assert contacts_about(live_server, subject) == 2

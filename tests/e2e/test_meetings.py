"""Meetings in a real browser, in Dutch, as a user sees them: from a new meeting with agenda and attendees to
final minutes, an action item done from "My actions", the contact log knowing the meeting was held, and the
meeting's .ics download."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from babel.dates import format_date
from icalendar import Calendar
from playwright.sync_api import Locator, Page, expect

from crm.auth.services import create_user
from crm.common.time import today
from crm.extensions import db
from crm.meetings import services as meeting_services
from crm.meetings.services import SeriesInput
from crm.partners import services as partner_services
from crm.partners.services import AffiliationInput, OrganisationRef, PersonInput
from tests.e2e.conftest import Account, LiveServer, log_in, tab_to, textbox, unique

pytestmark = pytest.mark.e2e

LOCKED_MINUTES = "Het verslag van dit overleg is definitief en vergrendeld. Alleen een beheerder kan het heropenen."


# --- arranging data the quick way, through the service layer in the live server's app context --------------------


def add_account(live_server: LiveServer, name: str, role: str = "lobbyist") -> Account:
    """A user of our own for one test, so counts (such as "Mijn acties") never depend on other tests."""
    account = Account(f"{unique('e2e-')}@e2e.example", name, role)
    with live_server.app.app_context():
        create_user(email=account.email, name=account.name, role=account.role, password=account.password)
        db.session.commit()
    return account


def add_person(live_server: LiveServer, first_name: str, last_name: str, organisation_id: int) -> int:
    position = AffiliationInput(organisation=OrganisationRef(id=organisation_id), role="Beleidsadviseur")
    with live_server.app.app_context():
        person = partner_services.create_person(PersonInput(first_name=first_name, last_name=last_name), position)
        db.session.commit()
        return person.id


def add_series(live_server: LiveServer, name: str) -> int:
    with live_server.app.app_context():
        series = meeting_services.create_series(SeriesInput(name=name))
        db.session.commit()
        return series.id


# --- what a user looks at --------------------------------------------------------------------------------------


def flash(page: Page) -> Locator:
    """The confirmation message at the top of the page (role=status)."""
    return page.locator(".flashes").get_by_role("status")


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def section(page: Page, name: str) -> Locator:
    """A panel of the meeting page, by its heading (e.g. "Deelnemers (3)")."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(name)}"))


def agenda_titles(page: Page) -> Locator:
    """The agenda page's items in order: the second cell of every row."""
    rows = page.get_by_role("table", name="Agendapunten op volgorde").locator("tbody").get_by_role("row")
    return rows.locator("td:nth-child(2)")


def shift_tab_to(page: Page, target: Locator, max_presses: int = 20) -> None:
    """Press Shift+Tab until `target` has the keyboard focus (moving backwards through the page)."""
    for _ in range(max_presses):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Shift+Tab")
    pytest.fail(f"{target} not reached with {max_presses} presses of Shift+Tab")


def labelled(page: Page, label: str) -> Locator:
    """A field by its visible label, with or without the required-field asterisk (date and time inputs have no
    role to find them by)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def my_actions_link(page: Page) -> Locator:
    return page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Mijn acties"))


# --- the journeys ----------------------------------------------------------------------------------------------


def test_meeting_from_agenda_and_attendees_to_final_minutes_and_a_done_action_item(new_page, live_server: LiveServer):
    token = unique("ov")
    lobbyist = add_account(live_server, f"Lieke Lobby {token}")
    colleague = add_account(live_server, f"Cor Collega {token}")
    series_name = f"Directeurenoverleg VNO-NCW {token}"
    add_series(live_server, series_name)
    org_name = f"Ministerie van OCW {token}"
    org_id = live_server.create_organisation(org_name, kind="ministry")
    guest_name = f"Eva Ambtenaar {token}"
    guest_id = add_person(live_server, "Eva", f"Ambtenaar {token}", org_id)
    title = f"Overleg cultuurbegroting {token}"
    first, second, third = f"Opening {token}", f"Begroting 2027 {token}", f"Rondvraag {token}"

    page = log_in(new_page(), lobbyist)

    # --- a new meeting: title, series, start and end (in the past, so it can be marked as held), a first agenda
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Overleggen").click()
    page.get_by_role("link", name="Nieuw overleg", exact=True).click()
    expect(heading(page)).to_have_text("Nieuw overleg")
    expect(textbox(page, "Titel")).to_be_focused()
    textbox(page, "Titel").fill(title)
    page.get_by_role("combobox", name="Reeks", exact=True).select_option(label=series_name)
    labelled(page, "Begint").fill("2026-06-11T14:00")
    labelled(page, "Eindigt").fill("2026-06-11T15:30")
    expect(page.get_by_role("checkbox", name=lobbyist.name)).to_be_checked()  # the organiser attends
    textbox(page, "Agenda").fill(f"{first}\n{third}")
    page.get_by_role("button", name="Opslaan").click()

    expect(flash(page)).to_have_text(f"Overleg {title} is aangemaakt.")
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_url = page.url
    expect(heading(page)).to_have_text(title)
    expect(page.locator(".subtitle")).to_contain_text("14:00–15:30")  # the local time, as typed
    expect(page.get_by_role("navigation", name="Kruimelpad")).to_contain_text(series_name)

    # --- the agenda: add an item with presenter and duration, then move it up twice by keyboard alone
    page.get_by_role("link", name="Agenda bewerken").click()
    expect(heading(page)).to_have_text(f"Agenda van {title}")
    item_title = textbox(page, "Titel")
    expect(item_title).to_be_focused()
    page.keyboard.type(second)
    page.get_by_role("combobox", name="Inleider").fill(guest_name)
    page.get_by_role("spinbutton", name="Duur (minuten)").fill("30")
    page.get_by_role("button", name="Agendapunt toevoegen").click()
    expect(flash(page)).to_have_text(f"Agendapunt {second} is toegevoegd.")
    expect(agenda_titles(page)).to_have_text([first, third, second])
    cells = page.get_by_role("row", name=re.compile(re.escape(second))).get_by_role("cell")
    expect(cells.nth(0)).to_have_text("3")
    expect(cells.nth(2)).to_have_text(guest_name)  # the presenter
    expect(cells.nth(3)).to_have_text("30 min")

    # Back at the form (#new-item), ready for the next item; from its title field, Shift+Tab to the Move up button.
    # (After the redirect to #new-item the title field's autofocus is not applied: one Tab reaches it.)
    tab_to(page, item_title, max_presses=2)
    move_up = page.get_by_role("button", name=f"Omhoog: {second}")
    move_down = page.get_by_role("button", name=f"Omlaag: {second}")
    expect(move_down).to_be_disabled()  # already last
    shift_tab_to(page, move_up)
    page.keyboard.press("Enter")
    expect(agenda_titles(page)).to_have_text([first, second, third])
    expect(move_up).to_be_focused()  # the focus stays on the button that was pressed
    page.keyboard.press("Enter")
    expect(agenda_titles(page)).to_have_text([second, first, third])
    expect(move_up).to_be_disabled()  # first now: the focus moves on to its Move down button
    expect(move_down).to_be_focused()
    expect(cells.nth(0)).to_have_text("1")

    page.get_by_role("link", name="Terug naar het overleg").click()
    expect(heading(page)).to_have_text(title)
    minutes = section(page, "Agenda en verslag")
    expect(minutes.get_by_role("listitem").get_by_role("heading", level=3)).to_have_text(
        [re.compile(rf"^{re.escape(t)}") for t in (second, first, third)]
    )

    # --- attendees: an external person through the type-ahead, and a colleague from the list
    attendees = section(page, "Deelnemers")
    expect(attendees.get_by_role("heading", level=2)).to_have_text("Deelnemers (1)")
    externals = attendees.get_by_role("group", name="Externe personen", exact=True)
    search = externals.get_by_role("combobox")
    search.click()
    typed = f"eva {token}"
    with page.expect_response(lambda r: "/people/lookup?" in r.url and f"q={quote(typed)}" in r.url):
        page.keyboard.type(typed)
    options = externals.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(externals.get_by_role("checkbox", name=guest_name)).to_be_checked()
    expect(search).to_have_value("")
    attendees.locator("summary", has_text="Collega's").click()  # the <summary> that opens the list
    attendees.get_by_role("checkbox", name=colleague.name).check()
    attendees.get_by_role("button", name="Toevoegen", exact=True).click()

    expect(flash(page)).to_have_text(f"Toegevoegd aan de deelnemers: {colleague.name}, {guest_name}.")
    expect(attendees.get_by_role("heading", level=2)).to_have_text("Deelnemers (3)")
    rows = attendees.get_by_role("table", name="Deelnemers en aanwezigheid").locator("tbody").get_by_role("row")
    expect(rows).to_have_count(3)
    guest_row = rows.filter(has=page.get_by_role("link", name=guest_name, exact=True))
    expect(guest_row.get_by_role("link", name=org_name)).to_be_visible()  # the organisation they represent
    expect(rows.filter(has_text=colleague.name)).to_contain_text("collega")

    # --- minutes for an item, with a decision
    minutes.get_by_role("link", name="Verslag schrijven").click()
    expect(heading(page)).to_have_text(f"Verslag van {title}")
    textbox(page, f"Verslag van {second}").fill("De begroting is **doorgenomen**.")
    textbox(page, f"Besluiten over {second}").fill(f"Brief aan de Kamer sturen {token}")
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(flash(page)).to_have_text("Het verslag is opgeslagen als versie 1.")
    item = minutes.get_by_role("listitem").filter(has=page.get_by_role("heading", name=re.compile(re.escape(second))))
    expect(item.get_by_role("strong").first).to_have_text("doorgenomen")  # Markdown, rendered
    expect(item).to_contain_text(f"Brief aan de Kamer sturen {token}")
    expect(minutes).to_contain_text("Conceptverslag (versie 1).")

    # --- an action item for the lobbyist, in "Mijn acties", done there with one click
    due = today() + timedelta(days=7)
    what = f"Reactie op de begroting opstellen {token}"
    actions = section(page, "Actiepunten")
    expect(actions.get_by_role("heading", level=2)).to_have_text("Actiepunten (0)")
    textbox(page, "Wat").fill(what)
    expect(page.get_by_role("combobox", name="Eigenaar")).to_have_value(re.compile(r"^user:\d+$"))
    expect(page.get_by_role("combobox", name="Eigenaar").locator("option:checked")).to_have_text(lobbyist.name)
    labelled(page, "Uiterste datum").fill(due.isoformat())
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    expect(flash(page)).to_have_text(f"Actiepunt voor {lobbyist.name} is toegevoegd.")
    expect(actions.get_by_role("heading", level=2)).to_have_text("Actiepunten (1)")
    due_text = format_date(due, "medium", locale="nl")
    expect(actions.get_by_role("row", name=re.compile(re.escape(what)))).to_contain_text(due_text)

    my_actions = my_actions_link(page)
    expect(my_actions.locator(".count")).to_have_text("1")
    expect(my_actions).to_have_accessible_name("Mijn acties 1 open")
    my_actions.click()
    expect(heading(page)).to_have_text("Mijn acties")
    rows = page.get_by_role("table", name="Mijn acties").locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("cell")).to_have_text([due_text, what, re.compile(re.escape(title)), "Gedaan"])
    expect(rows.first.get_by_role("link", name=title)).to_have_attribute("href", re.compile(r"#action-items$"))
    rows.first.get_by_role("button", name="Gedaan").click()
    expect(flash(page)).to_have_text(f"Afgerond: {what}")
    expect(heading(page)).to_have_text("Mijn acties")
    expect(page.get_by_text("Niets te doen: je hebt geen openstaande opvolgingen of actiepunten.")).to_be_visible()
    expect(my_actions).to_have_accessible_name("Mijn acties")
    expect(my_actions.locator(".count")).to_have_count(0)

    page.goto(meeting_url)
    done_row = actions.get_by_role("row", name=re.compile(re.escape(what)))
    expect(done_row.get_by_role("cell").nth(3)).to_have_text(re.compile(r"^Gedaan\b"))  # the status, with its date
    expect(done_row.get_by_role("button")).to_have_count(0)

    # --- held: the external attendee's timeline shows the meeting once (not also as a contact-log entry)
    page.get_by_role("button", name="Markeren als gehouden").click()
    expect(flash(page)).to_have_text(f"{title} is gemarkeerd als gehouden en staat nu in de contactmomenten.")
    expect(page.locator(".subtitle")).to_contain_text("Gehouden")
    expect(page.get_by_role("link", name="Vastgelegd als contact")).to_be_visible()
    attendees.get_by_role("link", name=guest_name, exact=True).click()
    expect(heading(page)).to_have_text(guest_name)
    expect(page).to_have_url(re.compile(rf"/people/{guest_id}$"))
    timeline = page.get_by_role("region", name="Tijdlijn")
    entries = timeline.get_by_role("listitem")
    expect(entries).to_have_count(1)
    expect(entries.get_by_role("link")).to_have_text([title])
    expect(entries.locator(".badge")).to_have_text("Overleg")
    last_contact = page.get_by_role("region", name="Wie sprak wie?").get_by_role("definition").first
    expect(last_contact).to_contain_text(lobbyist.name)
    expect(last_contact).to_contain_text(f" · {title}")

    # Editing the held meeting keeps it at one entry.
    page.goto(meeting_url)
    page.get_by_role("link", name="Bewerken", exact=True).first.click()  # the meeting's own Edit button
    textbox(page, "Locatie").fill("Den Haag")
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"De wijzigingen voor {title} zijn opgeslagen.")
    page.goto(f"/people/{guest_id}")
    expect(entries.get_by_role("link")).to_have_text([title])

    # --- finalise the minutes: a confirmation step first, then the minutes are locked
    page.goto(meeting_url)
    minutes.get_by_role("link", name="Verslag vaststellen").click()
    expect(heading(page)).to_have_text(f"Het verslag van {title} vaststellen?")
    confirm = page.get_by_role("button", name="Verslag vaststellen")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(flash(page)).to_have_text("Het verslag is definitief en vergrendeld.")
    expect(page).to_have_url(re.compile(rf"{re.escape(meeting_url)}#minutes$"))
    locked = minutes.get_by_role("status")
    by_whom = re.escape(lobbyist.name)
    expect(locked).to_have_text(re.compile(rf"^Definitief verslag, vergrendeld op .+ door {by_whom}\.$"))
    expect(page.locator(".subtitle")).to_contain_text("definitief verslag")
    for gone in ("Agenda bewerken", "Verslag schrijven", "Verslag vaststellen"):
        expect(minutes.get_by_role("link", name=gone)).to_have_count(0)
    expect(item).to_contain_text(f"Brief aan de Kamer sturen {token}")  # still there, now final

    # The agenda page says so too, without move buttons or a form to add items.
    page.goto(f"{meeting_url}/agenda")
    expect(page.get_by_role("status")).to_have_text("Het verslag is definitief: de agenda is vergrendeld.")
    expect(agenda_titles(page)).to_have_text([second, first, third])
    expect(page.get_by_role("button", name=re.compile(" verplaatsen$"))).to_have_count(0)
    expect(page.get_by_role("button", name="Agendapunt toevoegen")).to_have_count(0)
    # A bookmarked minutes form does not open any more.
    response = page.goto(f"{meeting_url}/minutes")
    assert response is not None and response.status == 403
    expect(page.get_by_text(LOCKED_MINUTES)).to_be_visible()


def test_ics_download_has_the_local_time_in_europe_amsterdam_and_a_stable_uid(new_page, live_server: LiveServer):
    token = unique("ic")
    lobbyist = add_account(live_server, f"Ilse Agenda {token}")
    series_name = f"Taskforce culturele en creatieve sector {token}"
    add_series(live_server, series_name)
    title = f"Taskforce-overleg {token}"

    page = log_in(new_page(), lobbyist)
    page.goto("/meetings/new")
    textbox(page, "Titel").fill(title)
    page.get_by_role("combobox", name="Reeks", exact=True).select_option(label=series_name)
    labelled(page, "Begint").fill("2026-06-18T09:30")  # summer time: UTC+2
    labelled(page, "Eindigt").fill("2026-06-18T11:00")
    textbox(page, "Locatie").fill("Utrecht")
    page.get_by_role("button", name="Opslaan").click()
    expect(heading(page)).to_have_text(title)
    meeting_id = int(page.url.rsplit("/", 1)[1])

    def download() -> tuple[str, Calendar]:
        with page.expect_download() as downloading:
            page.get_by_role("link", name="Toevoegen aan agenda (.ics)").click()
        file = downloading.value
        assert file.failure() is None
        return file.suggested_filename, Calendar.from_ical(Path(file.path()).read_bytes())

    filename, calendar = download()
    assert filename == f"2026-06-18 {title}.ics"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    [event] = calendar.walk("VEVENT")
    assert "DTSTAMP" in event
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Utrecht"
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == "Europe/Amsterdam"
    assert start.dt.replace(tzinfo=None) == datetime(2026, 6, 18, 9, 30)  # the local time as typed, not UTC
    assert start.dt.utcoffset() == timedelta(hours=2)
    assert end.dt.replace(tzinfo=None) == datetime(2026, 6, 18, 11, 0)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert series_name in str(event["DESCRIPTION"])
    uid = str(event["UID"])
    assert uid == f"meeting-{meeting_id}@bondgenoot"
    sequence = int(event.get("SEQUENCE", 0))

    # Downloaded again: the same event.
    _, twice = download()
    [same] = twice.walk("VEVENT")
    assert (str(same["UID"]), int(same.get("SEQUENCE", 0)), same["DTSTART"].dt) == (uid, sequence, start.dt)

    # Downloaded again after a change: the same UID (calendar apps update the event), the new title and time.
    page.get_by_role("link", name="Bewerken", exact=True).first.click()  # the meeting's own Edit button
    textbox(page, "Titel").fill(f"{title} (verplaatst)")
    labelled(page, "Begint").fill("2026-06-18T10:00")
    page.get_by_role("button", name="Opslaan").click()
    expect(heading(page)).to_have_text(f"{title} (verplaatst)")
    _, again = download()
    [changed] = again.walk("VEVENT")
    assert str(changed["UID"]) == uid
    assert str(changed["SUMMARY"]) == f"{title} (verplaatst)"
    assert changed["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 6, 18, 10, 0)
    assert int(changed["SEQUENCE"]) > sequence

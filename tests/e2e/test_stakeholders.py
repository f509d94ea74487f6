"""The stakeholder map in a real browser: a lobbyist records a position from a person page, finds the card in the
dossier's grid, records a change of stance from the card and reads the move in the history."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from crm.coalitions.services import DossierInput, create_dossier
from crm.extensions import db
from crm.partners import services as partner_services
from crm.partners.services import PersonInput
from tests.e2e.conftest import LiveServer, unique

pytestmark = pytest.mark.e2e


def add_dossier_and_person(live_server: LiveServer, token: str) -> tuple[int, int]:
    with live_server.app.app_context():
        dossier = create_dossier(DossierInput(title=f"Nationaal Programma Onderwijs {token}"))
        person = partner_services.create_person(PersonInput(first_name="Gerrit", last_name=f"Hofstede {token}"), None)
        db.session.commit()
        return dossier.id, person.id


def fill_assessment(page: Page, stance: str, day: str, source: str) -> None:
    page.get_by_role("group", name="Standpunt", exact=True).get_by_role("radio", name=stance).check()
    page.get_by_role("group", name="Invloed", exact=True).get_by_role("radio", name="Hoog").check()
    page.get_by_role("group", name="Belang", exact=True).get_by_role("radio", name="Middel").check()
    page.get_by_label("Waargenomen op").fill(day)
    page.get_by_role("textbox", name="Bron", exact=True).fill(source)


def test_record_a_position_from_a_person_page_then_a_change_of_stance(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    token = unique()
    dossier_id, person_id = add_dossier_and_person(live_server, token)
    name, dossier = f"Gerrit Hofstede {token}", f"Nationaal Programma Onderwijs {token}"

    page.goto(f"/people/{person_id}")
    stances = page.get_by_role("region", name="Standpunten")
    expect(stances).to_contain_text("Nog op geen enkel dossier een standpunt vastgelegd.")
    stances.get_by_role("link", name="Standpunt vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standpunt vastleggen")
    expect(page.get_by_role("combobox", name="Persoon")).to_have_value(name)  # the picker starts with them
    page.get_by_role("combobox", name="Dossier").select_option(label=dossier)
    fill_assessment(page, "Kritisch", "2026-02-10", "Kamerdebat")
    page.get_by_role("button", name="Opslaan").click()

    # Back on the person page, which now lists the stance.
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".flashes")).to_contain_text(f"Standpunt van {name} op {dossier} vastgelegd: kritisch.")
    expect(stances.get_by_role("row", name=dossier)).to_contain_text("Kritisch")

    # The card sits in the grid at high influence × critical.
    page.goto(f"/dossiers/{dossier_id}/stakeholders")
    high_critical = page.get_by_role("cell").and_(page.locator("#cell-high-critical"))
    expect(high_critical.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.locator("#cell-high-neutral")).not_to_contain_text(name)

    # "Update stance" on the card starts from the current position; the change moves the card.
    high_critical.get_by_role("link", name=f"Standpunt bijwerken · {name}").click()
    expect(
        page.get_by_role("group", name="Standpunt", exact=True).get_by_role("radio", name="Kritisch")
    ).to_be_checked()
    fill_assessment(page, "Neutraal", "2026-03-12", "werkbezoek")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Krachtenveld: {dossier}")
    card = page.locator("#cell-high-neutral .stakeholder-card", has_text=name)
    expect(card).to_contain_text("van kritisch naar neutraal (12 mrt 2026)")
    expect(page.locator("#cell-high-critical")).not_to_contain_text(name)

    card.get_by_role("link", name=f"Geschiedenis · {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Standpunt van {name} op {dossier}")
    moves = page.get_by_role("region", name="Verschuivingen")
    expect(moves.get_by_role("listitem")).to_have_text(
        ["Verschoven van kritisch naar neutraal op 12 mrt 2026 — bron: werkbezoek"]
    )
    rows = page.get_by_role("region", name="Alle vastgelegde standpunten").get_by_role("row")
    expect(rows).to_have_count(3)  # the header and both observations, newest first
    expect(rows.nth(1)).to_contain_text("12 mrt 2026 Neutraal")
    expect(rows.nth(2)).to_contain_text("10 feb 2026 Kritisch")

"""Browser: a lobbyist finds next week's OCW debate on the parliamentary agenda and goes from a committee member to
their person page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from crm.extensions import db
from crm.parliament.models_sync import SyncMark


def _demo_parliament(live_server) -> None:
    """The demo parliament, imported once per session through the sync's own importer (the local transport)."""
    from crm.demo.parliament import seed_parliament

    with live_server.app.app_context():
        if db.session.get(SyncMark, "Activiteit") is None:
            seed_parliament()
        db.session.remove()


def test_a_lobbyist_goes_from_the_agenda_to_a_committee_member(live_server, signed_in_page):
    _demo_parliament(live_server)
    page = signed_in_page
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Parlement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parlementaire agenda")

    page.get_by_label("Commissie").select_option(label="Vaste commissie voor Onderwijs, Cultuur en Wetenschap")
    page.get_by_label("Periode").select_option(label="Volgende week")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"committee=\d+.*period=next_week"))
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Cultuureducatie en het Nationaal Programma Onderwijs")).to_have_count(1)
    expect(rows.filter(has_text="Evenementen en de heropening")).to_have_count(0)  # a VWS debate

    page.get_by_role("link", name="Cultuureducatie en het Nationaal Programma Onderwijs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cultuureducatie en het Nationaal Programma Onderwijs")
    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda).to_contain_text("Nationaal Programma Onderwijs: voortgang en afbouw")
    expect(agenda.get_by_role("link", name=re.compile(r"2026Z\d+")).first).to_have_attribute(
        "href", re.compile(r"^https://www\.tweedekamer\.nl/kamerstukken/detail\?id=2026Z\d+$")
    )
    members = page.get_by_role("region", name="Commissieleden")
    terpstra = members.get_by_role("row").filter(has_text="Annemijn Terpstra")
    expect(terpstra).to_contain_text("D66")
    expect(members.get_by_role("row").filter(has_text="Gerrit Hofstede")).to_contain_text("Voorzitter")

    terpstra.get_by_role("link", name="Annemijn Terpstra").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annemijn Terpstra")
    politics = page.get_by_role("region", name="Politiek")
    expect(politics).to_contain_text("Democraten 66")
    positions = page.get_by_role("region", name="Functies door de tijd")
    expect(positions.get_by_role("row").filter(has_text="Tweede Kamerlid (D66)")).to_contain_text("bron: Tweede Kamer")
    expect(positions.get_by_role("row").filter(has_text="Vaste commissie voor Onderwijs")).to_contain_text("Lid")
    upcoming = page.get_by_role("region", name=re.compile("Binnenkort in de Tweede Kamer"))
    expect(upcoming).to_contain_text("Cultuureducatie en het Nationaal Programma Onderwijs")

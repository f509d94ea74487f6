"""A joint letter in a real browser, from draft to the PDF that was sent.

The lobbyist drafts a letter (our own organisation is the lead by default) and submits it; the director approves
it in a browser of their own. The lobbyist asks three partners to co-sign and makes a personal signing link for
each. Without an account, two partners sign and one declines with a reason. The lobbyist then changes the text:
the letter goes back for review (nothing can be signed or sent until the director approves the new text), both
signatures now need re-confirmation, and once signatures are collected again one partner, opening the same link,
sees what changed and re-confirms. The letter is marked as sent, and its PDF names the lead first, then only the
partner that signed the current text: not the one that declined, nor the one whose signature is of the old text.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from crm.common.time import today
from crm.letters import queries as letter_queries
from tests import pdf
from tests.e2e.conftest import DIRECTOR, LiveServer, log_in, textbox, unique

pytestmark = pytest.mark.e2e


def own_organisation(live_server: LiveServer) -> str:
    """The organisation named by OWN_ORGANISATION (the default lead of a letter), created when not there yet."""
    name = live_server.app.config["OWN_ORGANISATION"]
    with live_server.app.app_context():
        exists = letter_queries.own_organisation() is not None
    if not exists:
        live_server.create_organisation(name)
    return name


def flash(page: Page) -> Locator:
    """The confirmation message at the top of the page."""
    return page.locator(".flashes").get_by_role("status")


def choose(page: Page, combobox: Locator, name: str) -> None:
    """Type a name into an organisation picker, wait for its one suggestion, and take it with ArrowDown and Enter."""
    with page.expect_response(lambda r: "/organisations/lookup?" in r.url and f"q={quote(name)}" in r.url):
        combobox.fill(name)
    expect(page.get_by_role("option", name=name)).to_have_count(1)
    combobox.press("ArrowDown")
    combobox.press("Enter")
    expect(combobox).to_have_attribute("aria-expanded", "false")


def signatory_row(page: Page, organisation: str) -> Locator:
    table = page.get_by_role("table", name="Ondertekenaars en hun status")
    return table.locator("tbody").get_by_role("row").filter(has_text=organisation)


def test_a_joint_letter_from_draft_through_signing_and_a_text_change_to_the_sent_pdf(
    new_page, live_server: LiveServer, tmp_path: Path
):
    token = unique()
    lead = own_organisation(live_server)
    addressee = f"Ministerie van OCW {token}"
    live_server.create_organisation(addressee, kind="ministry")
    # Created in this order; A–Z they are Atelier, Bibliotheek, Museum (and the lead, Cultuurconnectie, goes first).
    museum, atelier, library = f"Museum Noord {token}", f"Atelier Oost {token}", f"Bibliotheek West {token}"
    for name in (museum, atelier, library):
        live_server.create_organisation(name)
    title = f"Oproep cultuureducatie {token}"
    old_words, new_words = "twee uur per week", "drie uur per week"

    # --- 1. the lobbyist drafts the letter
    page = log_in(new_page())
    page.goto("/letters/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe gezamenlijke brief")
    expect(page.get_by_role("combobox", name="Penvoerder")).to_have_value(lead)
    textbox(page, "Titel").fill(title)
    choose(page, page.get_by_role("combobox", name="Gericht aan (organisatie)"), addressee)
    expect(page.locator("input[name=addressee_organisation_id]")).to_have_value(re.compile(r"^\d+$"))
    page.get_by_label("Deadline voor ondertekening").fill((today() + timedelta(days=30)).isoformat())
    textbox(page, "Aanhef").fill("Geachte leden van de commissie")
    textbox(page, "Tekst").fill(f"Wij vragen u om **cultuureducatie** van {old_words} op elke school.\n\nDank u.")
    textbox(page, "Onze ondertekening").fill("Marieke van Dijk, directeur")
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text(f"Brief {title} aangemaakt als concept.")
    expect(page).to_have_url(re.compile(r"/letters/\d+$"))
    letter_url = page.url
    expect(page.locator(".letter-status")).to_have_text("Concept")

    # --- 2. submitted for review; a lobbyist cannot approve
    page.get_by_role("button", name="Ter beoordeling voorleggen").click()
    expect(page.locator(".letter-status")).to_have_text("Ter beoordeling")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    expect(page.get_by_text("Een directeur of beheerder keurt de brief goed.")).to_be_visible()

    # --- 3. the director approves, in a browser of their own
    director = log_in(new_page(), DIRECTOR)
    director.goto(letter_url)
    director.get_by_role("button", name="Goedkeuren").click()
    expect(flash(director)).to_have_text("De brief heeft nu de status: Goedgekeurd.")

    # --- 4. three partners are asked to co-sign
    page.reload()
    expect(page.locator(".letter-status")).to_have_text("Goedgekeurd")
    signatories = page.get_by_role("region", name="Medeondertekenaars")
    adder = signatories.get_by_role("group", name="Organisaties vragen mede te ondertekenen")
    for name in (museum, atelier, library):
        choose(page, adder.get_by_role("combobox"), name)
        expect(adder.get_by_role("checkbox", name=name)).to_be_checked()
    signatories.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(flash(page)).to_have_text("3 organisaties toegevoegd.")
    expect(page.locator(".subtitle")).to_contain_text("0 van 3 ondertekend")

    # --- 5. a personal signing link for each
    links = {}
    for name in (museum, atelier, library):
        signatory_row(page, name).get_by_role("button", name=f"Ondertekeningslink {name}", exact=True).click()
        field = page.get_by_label("Persoonlijke ondertekeningslink")
        expect(field).to_have_value(re.compile(rf"^{re.escape(live_server.url)}/sign/[\w-]{{20,}}$"))
        links[name] = field.input_value()
        page.get_by_role("link", name="Terug naar de brief").click()
    expect(page.locator(".letter-status")).to_have_text("Ondertekening loopt")

    # --- 6. without an account: two partners sign, one declines
    partner = new_page()
    for name, signer in ((museum, "Mila Museum"), (atelier, "Arie Atelier")):
        partner.goto(links[name])
        expect(partner.get_by_role("heading", level=1)).to_have_text(title)
        textbox(partner, "Naam").fill(signer)
        textbox(partner, "Functie").fill("directeur")
        partner.get_by_role("button", name="Wij ondertekenen", exact=True).click()
        expect(flash(partner)).to_have_text(f"Dank je wel: {name} heeft de brief ondertekend.")
    partner.goto(links[library])
    textbox(partner, "Reden").fill("Ons bestuur vergadert pas na de deadline.")
    partner.get_by_role("button", name="Wij ondertekenen niet").click()
    expect(flash(partner)).to_have_text(f"Je antwoord is vastgelegd: {library} ondertekent niet.")

    page.reload()
    expect(page.locator(".subtitle")).to_contain_text("2 van 3 ondertekend")
    # On the letter: the lead first, then the co-signers A–Z (the lead is not first by the alphabet: Atelier is).
    expect(page.locator("#signatories p strong")).to_have_text([lead, atelier, museum])

    # --- 7. the text changes: both signatures need re-confirmation; one partner re-confirms
    page.get_by_role("link", name="Bewerken", exact=True).click()
    body = textbox(page, "Tekst")
    body.fill(body.input_value().replace(old_words, new_words))
    page.get_by_role("button", name="Opslaan").click()
    expect(flash(page)).to_have_text("Brief opgeslagen als versie 2.")
    expect(page.locator(".subtitle")).to_contain_text("0 van 3 ondertekend")
    for name in (museum, atelier):
        expect(signatory_row(page, name)).to_contain_text("moet opnieuw bevestigen")
    expect(signatory_row(page, library)).not_to_contain_text("moet opnieuw bevestigen")
    # A changed text needs a new approval: the letter is back in review, and nothing can be sent or signed meanwhile.
    expect(page.locator(".letter-status")).to_have_text("Ter beoordeling")
    expect(page.locator(".letter-events")).to_contain_text(
        "Ondertekening loopt → Ter beoordeling — tekst gewijzigd na goedkeuring (versie 1 → 2)"
    )
    expect(page.get_by_role("link", name="Markeren als verzonden")).to_have_count(0)
    partner.goto(links[museum])
    expect(partner.get_by_text("Deze brief staat op dit moment niet open voor ondertekening.")).to_be_visible()
    expect(partner.get_by_role("button", name="Wij ondertekenen", exact=True)).to_have_count(0)
    director.reload()
    director.get_by_role("button", name="Goedkeuren").click()
    expect(flash(director)).to_have_text("De brief heeft nu de status: Goedgekeurd.")
    page.reload()
    page.get_by_role("button", name="Ondertekening starten").click()
    expect(page.locator(".letter-status")).to_have_text("Ondertekening loopt")

    partner.goto(links[museum])
    expect(partner.get_by_role("heading", name="De tekst is gewijzigd nadat je versie 1 ondertekende")).to_be_visible()
    changes = partner.locator(".diff")
    expect(changes.locator("del").filter(has_text="twee")).to_be_visible()
    expect(changes.locator("ins").filter(has_text="drie")).to_be_visible()
    expect(textbox(partner, "Naam")).to_have_value("Mila Museum")
    partner.get_by_role("button", name="Wij ondertekenen", exact=True).click()
    expect(flash(partner)).to_have_text(f"Dank je wel: {museum} heeft de brief ondertekend.")

    # --- 8. sent; the PDF names the lead and the one partner that signed this text
    page.reload()
    expect(page.locator(".subtitle")).to_contain_text("1 van 3 ondertekend")
    page.get_by_role("link", name="Markeren als verzonden").click()
    expect(page.get_by_role("listitem").filter(has_text=atelier)).to_contain_text("niet opnieuw bevestigd")
    page.get_by_role("button", name="Verzenden en pdf bewaren").click()
    expect(flash(page)).to_have_text("De brief is verzonden; de pdf is bewaard als archiefstuk.")
    expect(page.locator(".letter-status")).to_have_text("Verzonden")

    with page.expect_download() as info:
        page.get_by_role("link", name="Pdf downloaden").click()
    download = info.value
    assert download.suggested_filename == f"{today().isoformat()} Gezamenlijke brief - {title}.pdf"
    target = tmp_path / "letter.pdf"
    download.save_as(target)
    words = pdf.text(target.read_bytes())
    assert new_words in words and old_words not in words
    signatures = words.rsplit("Met vriendelijke groet,", 1)[1]
    assert lead in signatures and museum in signatures and "Mila Museum" in signatures
    assert signatures.index(lead) < signatures.index(museum)
    assert atelier not in words and library not in words

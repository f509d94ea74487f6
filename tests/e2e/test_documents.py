"""Documents in a real browser: a shared template edited with a mistake, fixed and published, a position paper
made and downloaded; a mail merge to one province's municipalities followed to its ZIP download."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from crm.common.time import today
from tests import pdf
from tests.e2e.conftest import LiveServer, log_in, textbox, unique
from tests.e2e.test_meetings import add_account

pytestmark = pytest.mark.e2e


def test_a_mail_merge_to_one_province_runs_in_the_background_and_downloads_as_a_zip(
    page: Page, live_server: LiveServer, tmp_path: Path
):
    province_name = f"Provincie {unique('E2e')}"
    province = live_server.create_organisation(province_name, kind="province")
    towns = [f"Gemeente {unique('Dorp')}" for _ in range(3)]
    for town in towns:
        live_server.create_organisation(town, kind="municipality", province_id=province, address="Raadhuisplein 1",
                                        postal_code="1234 AB", city=town.removeprefix("Gemeente "))  # fmt: skip
    log_in(page)
    page.get_by_role("link", name="Documenten").click()
    page.get_by_role("link", name="Nieuw document of mail merge").click()
    page.get_by_role("link", name="Mail merge — Oproep aan gemeenten").click()

    page.get_by_label("Ontvangers").select_option(label=f"Gemeenten in {province_name}")
    textbox(page, "Titel van het document").fill("Oproep cultuureducatie")
    textbox(page, "Onderwerp").fill("Cultuureducatie in uw gemeente")
    textbox(page, "Tekst van de oproep").fill("Wij vragen uw college **cultuureducatie** een vaste plek te geven.")
    page.get_by_label("Een ZIP met één pdf per ontvanger", exact=True).check()
    page.get_by_label("Een contact ‘brief’ vastleggen bij elke ontvanger").check()
    page.get_by_role("button", name="Mail merge starten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mail merge: Oproep cultuureducatie")
    # A task worker (a process of its own, as in production) makes the letters; its first merge starts its renderers.
    expect(page.get_by_role("status").filter(has_text="Klaar")).to_have_text("Klaar: 3 brieven.", timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("link", name="downloaden").click()
    download = info.value
    day = today().isoformat()
    assert download.suggested_filename == f"{day} Oproep cultuureducatie.zip"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    archive = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    assert sorted(archive.namelist()) == sorted(f"{day} Oproep cultuureducatie - {town}.pdf" for town in towns)
    letter = pdf.text(archive.read(f"{day} Oproep cultuureducatie - {towns[0]}.pdf"))
    assert towns[0] in letter and "Cultuureducatie in uw gemeente" in letter
    assert towns[1] not in letter

    page.goto(f"/organisations/?q={towns[0].removeprefix('Gemeente ')}")
    page.get_by_role("link", name=towns[0]).click()
    expect(page.get_by_text("Brief: Oproep cultuureducatie").first).to_be_visible()


def test_a_template_with_an_error_stays_unpublished_until_fixed_and_then_makes_a_position_paper(
    page: Page, live_server: LiveServer, tmp_path: Path
):
    admin = add_account(live_server, "Bea Beheer", role="admin")
    log_in(page, admin)
    page.goto("/documents/templates/")
    page.get_by_role("link", name="Kopiëren om te bewerken — Standpuntnotitie").click()
    name = f"Standpunt {unique()}"
    textbox(page, "Naam").fill(name)
    page.get_by_role("button", name="Aanmaken en bewerken").click()
    page.get_by_role("button", name="Controleren en publiceren").click()
    expect(page.get_by_text(f"Versie 1 van ‘{name}’ is actief.")).to_be_visible()

    page.get_by_role("link", name="Bewerken").click()
    html = textbox(page, "HTML (Jinja)")
    good = html.input_value()
    html.fill(good.replace("</h1>", "</h1>\n{% if fields.subtitle %}<p>{{ fields.subtitle }</p>", 1))
    page.get_by_role("button", name="Controleren en publiceren").click()
    problems = page.get_by_role("alert").filter(has_text="Dit concept kan niet worden gepubliceerd")
    expect(problems).to_contain_text("HTML, regel")
    expect(problems).to_contain_text("Versie 1 blijft actief.")
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("row").filter(has_text="v1")).to_contain_text("actief")
    expect(page.get_by_role("row").filter(has_text="v2")).to_have_count(0)

    page.get_by_role("link", name="Bewerken").click()
    textbox(page, "HTML (Jinja)").fill(good.replace("</h1>", '</h1>\n<p class="e2e-mark">Concept E2E</p>', 1))
    textbox(page, "Wat er veranderde (voor de versielijst)").fill("Regel met kenmerk toegevoegd")
    page.get_by_role("button", name="Controleren en publiceren").click()
    expect(page.get_by_text(f"Versie 2 van ‘{name}’ is actief.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Regel met kenmerk toegevoegd")).to_contain_text("actief")

    page.get_by_role("link", name="Document maken").click()
    textbox(page, "Titel van het document").fill("Standpunt cultuureducatie NPO")
    textbox(page, "Titel").fill("Cultuureducatie in het NPO")
    textbox(page, "Samenvatting").fill("Scholen moeten **kunst en cultuur** kunnen kiezen.")
    textbox(page, "Hoofdstukken").fill("## Aanleiding\n\nHet NPO.\n\n## Wat wij vragen\n\n- Een plek op de menukaart")
    page.get_by_role("button", name="Pdf maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Standpunt cultuureducatie NPO")
    expect(page.get_by_role("main")).to_contain_text(f"{name} v2")
    with page.expect_download() as info:
        page.get_by_role("link", name="Pdf downloaden").click()
    download = info.value
    assert download.suggested_filename == f"{today().isoformat()} Standpunt cultuureducatie NPO.pdf"
    target = tmp_path / "paper.pdf"
    download.save_as(target)
    words = pdf.text(target.read_bytes())
    assert "Concept E2E" in words and "Cultuureducatie in het NPO" in words and "Aanleiding" in words
    assert pdf.metadata(target.read_bytes())["/Title"] == "Cultuureducatie in het NPO"  # the paper's own title

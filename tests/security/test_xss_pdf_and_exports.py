"""Attack strings in documents and exports: the PDF shows them as text (no links that run script), and CSV and
Excel never hand a spreadsheet a formula."""

from __future__ import annotations

import io
from datetime import timedelta

import pikepdf
from openpyxl import load_workbook

from crm.common.time import utcnow
from tests import pdf
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.helpers import csv_rows
from tests.security.payloads import FORMULAS, XSS, formula_cells
from tests.security.test_access_matrix import routes, sample_arguments


def script_links(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as document:
        uris = [str(a.get("/A", {}).get("/URI", "")) for page in document.pages for a in page.get("/Annots", [])]
        actions = [str(a.get("/A", {}).get("/S", "")) for page in document.pages for a in page.get("/Annots", [])]
        names = document.Root.get("/Names", {})
    return (
        [u for u in uris if u.lower().startswith(("javascript", "data:"))]
        + [a for a in actions if a == "/JavaScript"]
        + (["document JavaScript"] if "/JavaScript" in names else [])
    )


def test_attack_strings_in_a_document_are_printed_as_text(client, login_as):
    login_as("lobbyist")
    title, subtitle = XSS[0], XSS[1]
    response = client.submit(
        "/documents/new/builtin:position_paper",
        {"title": "Standpunt " + XSS[3], "dossier_id": "0", "f_title": title, "f_subtitle": subtitle,
         "f_summary": f"{XSS[4]}\n\n[klik](javascript:alert(1)) {XSS[2]}",
         "f_sections": f"## {XSS[5]}\n\nTekst {XSS[6]}", "f_contact": XSS[7], "action": "preview"},
    )  # fmt: skip
    assert response.mimetype == "application/pdf", response.get_data(as_text=True)[:300]
    text = pdf.text(response.data)
    for payload in (title, subtitle, XSS[7]):
        assert " ".join(payload.split()) in " ".join(text.split()), payload
    assert script_links(response.data) == []


def xlsx_rows(response) -> tuple[list[list], list[str]]:
    book = load_workbook(io.BytesIO(response.data))
    rows, formulas = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            rows.append([cell.value for cell in row])
            formulas += [str(cell.value) for cell in row if cell.data_type == "f"]
    return rows, formulas


def test_no_export_hands_a_spreadsheet_a_formula(client, login_as):
    """Formula strings in every text a report or export carries; then every CSV and Excel download of the app."""
    login_as("director")
    formula = iter(FORMULAS * 10)
    organisation = OrganisationFactory(name=next(formula), kind="ministry", city=next(formula))
    person = PersonFactory(first_name=next(formula), last_name=next(formula))
    AffiliationFactory(person=person, organisation=organisation, role=next(formula))
    member = CoalitionMemberFactory(organisation=organisation)
    dossier = DossierFactory(title=next(formula))
    for days in (1, 40, 100):
        InteractionFactory(subject=next(formula), notes=next(formula), location=next(formula), people=[person],
                           organisations=[organisation], dossiers=[dossier], coalition=member.coalition,
                           follow_up=next(formula), occurred_at=utcnow() - timedelta(days=days))  # fmt: skip
    downloads, failures = 0, []
    # GET requests change nothing, so one set of sample records serves every download.
    sample = {**sample_arguments(), "organisation_id": organisation.id, "dossier_id": dossier.id}
    for rule, method in routes(client.application):
        if method != "GET":
            continue
        arguments = dict(sample)
        for fmt in ("csv", "xlsx"):
            arguments["fmt"] = fmt
            url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
            response = client.get(url, query_string={"period": "year"} if "dashboard" in url else {})
            if response.mimetype == "text/csv":  # CSV has no types: text a spreadsheet would run is prefixed with '
                failures += [f"{url}: {cell!r}" for cell in formula_cells(csv_rows(response))]
            elif response.mimetype.endswith("spreadsheetml.sheet"):  # Excel: text cells stay text, never formulas
                rows, formulas = xlsx_rows(response)
                failures += [f"{url}: formula cell {f}" for f in formulas]
                assert any(str(cell).startswith("=") for row in rows for cell in row if cell) or "dashboard" in url
            else:
                continue
            downloads += 1
            if "fmt" not in rule.arguments:
                break
    for url in ("/interactions/export.csv", "/reports/transparency.csv"):
        response = client.get(url)
        if response.status_code == 200:
            text = response.get_data(as_text=True)
            assert "'=HYPERLINK" in text or "'+1+1" in text or "'@SUM" in text, url  # our strings were exported
    assert failures == []
    assert downloads >= 6

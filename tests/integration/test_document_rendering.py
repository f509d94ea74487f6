"""What users read in rendered text and PDFs: Markdown lists, the minutes' attendees, footnote links, the generated
document's page and "Make another"."""

from __future__ import annotations

import html
import io
import re
from datetime import datetime

import pikepdf
from sqlalchemy import select

from crm.documents.models import GeneratedDocument
from crm.extensions import db
from tests import pdf
from tests.factories import InteractionFactory, PersonFactory
from tests.factories_meetings import AgendaItemFactory, AttendeeFactory, MeetingFactory
from tests.helpers import text_of

LIST_UNDER_A_LINE = "Afspraken:\n- Anke stuurt de brief\n- Ruud belt de wethouder"


def latest_document() -> GeneratedDocument:
    return db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id.desc())).first()


def form_data(page: str) -> dict[str, str]:
    """The values a browser would send back from a document form page."""
    inputs = re.findall(r'<input[^>]*name="(f_[a-z_]+|title)"[^>]*value="([^"]*)"', page)
    areas = re.findall(r'<textarea[^>]*name="(f_[a-z_]+)"[^>]*>\s*(.*?)</textarea>', page, flags=re.S)
    return {name: html.unescape(value) for name, value in [*inputs, *areas]}


def minutes_pdf(client, meeting) -> bytes:
    """The minutes of a meeting made as the meeting page offers it: the form filled from the meeting, then made."""
    url = f"/documents/new/builtin:minutes?meeting={meeting.id}"
    data = form_data(client.get(url).get_data(as_text=True))
    response = client.submit(url, {**data, "dossier_id": "0", "tagged": "y", "action": "generate"})
    assert response.status_code == 302, text_of(response)[:1500]
    return latest_document().pdf


def test_a_list_typed_directly_under_a_line_is_a_list_in_notes_minutes_and_the_minutes_pdf(client, login_as):
    login_as("lobbyist")
    contact = InteractionFactory(subject="Overleg wethouder", notes=LIST_UNDER_A_LINE)
    page = client.get(f"/interactions/{contact.id}").get_data(as_text=True)
    assert "<li>Anke stuurt de brief</li>" in page and "<li>Ruud belt de wethouder</li>" in page

    meeting = MeetingFactory(title="Taskforce", starts_at=datetime(2026, 3, 10, 9), ends_at=datetime(2026, 3, 10, 11))
    AttendeeFactory(meeting=meeting, attendance="attended")
    AgendaItemFactory(meeting=meeting, title="Stand van zaken", minutes=LIST_UNDER_A_LINE)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<li>Anke stuurt de brief</li>" in page

    words = pdf.text(minutes_pdf(client, meeting))
    assert "Afspraken:" in words and "Anke stuurt de brief" in words
    assert "- Anke stuurt" not in words and "- Ruud belt" not in words  # list items, not a paragraph with dashes


def test_the_minutes_pdf_lists_as_present_only_who_attended(client, login_as):
    login_as("lobbyist")
    meeting = MeetingFactory(title="Taskforce", starts_at=datetime(2026, 3, 10, 9), ends_at=datetime(2026, 3, 10, 11))
    for first, attendance in (("Anke", "attended"), ("Ilse", "invited"), ("Ruud", "excused"), ("Bram", "absent")):
        AttendeeFactory(meeting=meeting, person=PersonFactory(first_name=first, last_name="Jansen"),
                        attendance=attendance)  # fmt: skip
    AgendaItemFactory(meeting=meeting, title="Opening", minutes="Welkom.")
    words = pdf.text(minutes_pdf(client, meeting))
    present = words.split("Aanwezig", 1)[1].split("Afwezig", 1)[0]
    absent = words.split("Afwezig", 1)[1][:80]
    assert "Anke Jansen" in present
    assert "Ilse Jansen" not in words, "invited, but not recorded as present"
    assert "Ruud Jansen" in absent and "Bram Jansen" in absent


def link_descriptions(document: bytes) -> dict[str, str]:
    """Every link annotation's destination (or URI) → its /Contents, the description a screen reader announces."""
    found = {}
    with pikepdf.open(io.BytesIO(document)) as opened:
        for page in opened.pages:
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                target = annotation.get("/Dest") or annotation.get("/A", {}).get("/URI")
                found[str(target)] = str(annotation.get("/Contents", ""))
    return found


def test_footnote_links_are_described_as_footnotes_in_the_documents_language(client, login_as):
    login_as("lobbyist")
    sections = (
        "## Aanleiding\n\nDe crisis raakte hard.[^1] Zie ook de monitor.[^bron]\n\n## Wat wij vragen\n\nGeld.[^3]"
        "\n\n[^1]: Monitor Cultuur.\n[^bron]: LKCA, 2024.\n[^3]: Begroting."
    )
    response = client.submit("/documents/new/builtin:position_paper", {
        "title": "Notitie", "dossier_id": "0", "tagged": "y", "f_title": "Notitie", "f_summary": "Kort.",
        "f_sections": sections, "action": "generate",
    })  # fmt: skip
    assert response.status_code == 302, text_of(response)[-500:]
    descriptions = link_descriptions(latest_document().pdf)
    notes = {target: description for target, description in descriptions.items() if target.startswith("fn:")}
    # Three calls, each to a destination of its own (each chapter numbers its notes from 1).
    assert sorted(notes.values()) == ["Voetnoot 1", "Voetnoot 1", "Voetnoot 2"], descriptions
    assert not any(value.startswith("fn") for value in descriptions.values()), descriptions


PAPER_INPUT = {
    "title": "Cultuur in het NPO",
    "dossier_id": "0",
    "tagged": "y",
    "f_title": "Cultuur in het NPO",
    "f_subtitle": "Een notitie",
    "f_summary": "Scholen kiezen **zelden** voor cultuur.",
    "f_sections": "Inleiding zonder kop.\n\n## Aanleiding\n\nDe crisis raakte hard.[^1]\n\n[^1]: Monitor Cultuur.\n\n"
                  "## Wat wij vragen\n\n- Geld\n- Tijd",
    "f_references": "LKCA (2024). Monitor.\nOCW (2025). Voortgangsrapportage.",
    "f_publication_date": "2026-03-12",
    "f_contact": "Anna de Vries\n030 - 711 62 30",
    "action": "generate",
}  # fmt: skip


def test_the_document_page_names_the_fields_and_make_another_starts_from_this_documents_input(client, login_as):
    from tests.factories import DossierFactory, OrganisationFactory

    login_as("lobbyist")
    authors = [OrganisationFactory(name="LKCA"), OrganisationFactory(name="Kunsten '92")]
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    first = {**PAPER_INPUT, "f_organisations": [str(o.id) for o in authors], "f_dossier": str(dossier.id)}
    assert client.submit("/documents/new/builtin:position_paper", first).status_code == 302
    original = latest_document()

    page = client.get(f"/documents/{original.id}").get_data(as_text=True)
    shown = text_of(client.get(f"/documents/{original.id}"))
    for label in ("Ondertitel", "Opstellers", "Samenvatting", "Hoofdstukken", "Bronnen", "Datum", "Contact"):
        assert f"<dt>{label}</dt>" in page, label
    for key in ("summary", "publication_date", "sections", "organisations"):
        assert f"<dt>{key}</dt>" not in page, key
    assert "LKCA" in shown and "Aanleiding" in shown

    again = re.search(r'href="([^"]+)"[^>]*>Nog een maken<', page).group(1)
    form = client.get(html.unescape(again)).get_data(as_text=True)
    data = form_data(form)
    assert data["title"] == "Cultuur in het NPO" and data["f_summary"] == PAPER_INPUT["f_summary"]
    assert data["f_publication_date"] == "2026-03-12"
    assert "## Aanleiding\n\nDe crisis raakte hard.[^1]" in data["f_sections"] and "Inleiding zonder kop." in data[
        "f_sections"] and "## \n" not in data["f_sections"]  # fmt: skip
    assert data["f_references"].splitlines() == PAPER_INPUT["f_references"].splitlines()
    chosen = re.findall(r'name="f_organisations"[^>]*value="(\d+)"', form)
    assert chosen == [str(o.id) for o in authors]
    assert re.search(rf'<option[^>]*selected[^>]*value="{dossier.id}"|<option[^>]*value="{dossier.id}"[^>]*selected',
                     form)  # fmt: skip

    # Fixing a typo is all it takes: the new document's input is the old one but for the fix.
    fixed = {**data, "f_organisations": chosen, "f_dossier": str(dossier.id), "dossier_id": "0", "tagged": "y",
             "f_subtitle": "Een korte notitie", "action": "generate"}  # fmt: skip
    assert client.submit(html.unescape(again), fixed).status_code == 302
    remade = latest_document()
    assert remade.id != original.id
    before, after = original.input_snapshot["fields"], remade.input_snapshot["fields"]
    assert after["subtitle"] == "Een korte notitie"
    assert {k: v for k, v in after.items() if k != "subtitle"} == {k: v for k, v in before.items() if k != "subtitle"}


def test_make_another_from_a_document_of_another_template_or_none_starts_empty(client, login_as):
    login_as("lobbyist")
    assert client.submit("/documents/new/builtin:position_paper", PAPER_INPUT).status_code == 302
    paper = latest_document()
    other, unknown = f"/documents/new/builtin:joint_letter?from={paper.id}", "/documents/new/builtin:position_paper"
    for url in (other, f"{unknown}?from=99999", f"{unknown}?from=x"):
        response = client.get(url)
        assert response.status_code == 200, url
        data = form_data(response.get_data(as_text=True))
        assert data["title"] != "Cultuur in het NPO" and not data.get("f_summary"), url

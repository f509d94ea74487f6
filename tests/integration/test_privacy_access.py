"""Privacy records and access requests: administrators only; the export holds exactly the person's data (JSON with
ISO dates, or a PDF through the document path), nothing about anyone else, and is logged, never kept."""

from __future__ import annotations

import json

from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.privacy.models import PersonPrivacy
from tests import pdf
from tests.factories import PersonFactory
from tests.factories_privacy import OPINION, PersonPrivacyFactory, world
from tests.helpers import count, text_of


def export(client, person_id: int, fmt: str):
    return client.submit(
        f"/privacy/people/{person_id}/access", {"format": fmt}, token_from=f"/privacy/people/{person_id}"
    )


def access_events(person_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "access_export", AuditEvent.entity_id == person_id)
    return list(db.session.scalars(query))


def test_only_administrators_reach_the_privacy_pages(client, login_as):
    person = PersonFactory()
    login_as("director")
    for url in ("/privacy/", f"/privacy/people/{person.id}", "/privacy/review", f"/privacy/people/{person.id}/erase"):
        assert client.get(url).status_code == 403, url
    assert 'href="/privacy/"' not in client.get("/").get_data(as_text=True)  # not in the navigation
    assert "Privacy (AVG)" not in text_of(client.get(f"/people/{person.id}"))


def test_an_administrator_records_the_lawful_basis_and_sees_it_on_the_person_page(client, login_as):
    login_as("admin")
    person = PersonFactory(first_name="Sanne", last_name="Verhoeven")
    assert 'href="/privacy/"' in client.get("/").get_data(as_text=True)
    assert "Grondslag Niet vastgelegd" in text_of(client.get(f"/people/{person.id}"))
    response = client.submit(
        f"/privacy/people/{person.id}",
        {
            "lawful_basis": "public_role",
            "data_source": "Website Tweede Kamer",
            "notice_given_on": "2026-02-01",
            "review_on": "2028-02-01",
            "version_id": "",
        },
    )
    assert response.status_code == 302
    record = db.session.get(PersonPrivacy, person.id)
    assert (
        record.lawful_basis,
        record.data_source,
        record.notice_given_on.isoformat(),
        record.review_on.isoformat(),
    ) == ("public_role", "Website Tweede Kamer", "2026-02-01", "2028-02-01")
    page = text_of(client.get(f"/people/{person.id}"))
    assert "Grondslag Publieke functie" in page and "Bron van de gegevens Website Tweede Kamer" in page
    assert "Bewaartermijn herzien op 1 feb 2028" in page
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "personprivacy")).one()
    assert event.entity_id == person.id and event.changes["lawful_basis"] == [None, "public_role"]
    assert "Publieke functie" in text_of(client.get(f"/privacy/people/{person.id}"))  # its history, labelled
    # Not in the person's own history, which every reader sees.
    assert "Website Tweede Kamer" not in text_of(client.get(f"/people/{person.id}/history"))


def test_a_privacy_record_refuses_an_unknown_basis_and_a_stale_version(client, login_as):
    login_as("admin")
    record = PersonPrivacyFactory()
    url = f"/privacy/people/{record.person_id}"
    bad = client.submit(url, {"lawful_basis": "whim", "data_source": "", "version_id": str(record.version_id)})
    assert bad.status_code == 422 and "Ongeldige keuze" in text_of(bad)
    stale = client.submit(url, {"lawful_basis": "consent", "data_source": "", "version_id": str(record.version_id - 1)})
    assert stale.status_code == 409 and "intussen gewijzigd" in text_of(stale)
    assert db.session.get(PersonPrivacy, record.person_id).lawful_basis == "public_role"


def test_a_viewer_sees_no_privacy_record_on_the_person_page(client, login_as):
    login_as("viewer")
    record = PersonPrivacyFactory(data_source="Visitekaartje")
    page = text_of(client.get(f"/people/{record.person_id}"))
    assert "Grondslag" not in page and "Visitekaartje" not in page


def test_the_access_export_holds_exactly_the_persons_data(client, login_as):
    admin = login_as("admin")
    w = world()
    assert client.get(f"/privacy/people/{w.person.id}/access").status_code == 405  # never a GET: it is logged
    response = export(client, w.person.id, "json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"Inzageverzoek persoon {w.person.id}.json" in response.headers["Content-Disposition"]
    raw = response.get_data(as_text=True)
    data = json.loads(raw)

    assert data["export"]["person_id"] == w.person.id
    person = data["person"]
    assert (person["first_name"], person["last_name"], person["email"], person["phone"]) == (
        "Sanne",
        "Verhoeven",
        "s.verhoeven@tweedekamer.example",
        "070 318 0000",
    )
    assert person["tags"] == ["cultuur"] and person["party"] == "Partij voor de Kunst"
    assert person["created_at"].endswith("+00:00")  # ISO 8601, UTC
    assert data["privacy"] == {
        "lawful_basis": "Publieke functie",
        "data_source": "Website Tweede Kamer",
        "notice_given_on": "2026-02-01",
        "review_on": None,
    }
    assert data["affiliations"] == [
        {
            "organisation": "Tweede Kamer",
            "role": "Kamerlid",
            "start_date": "2021-03-31",
            "end_date": None,
            "current": True,
        }
    ]

    contacts = {c["subject"]: c for c in data["interactions"]}
    assert list(contacts) == [
        "Overleg met [andere persoon] en Sanne Verhoeven",
        "Telefoon over het NPO",
        "Na het debat",
    ]
    shared = contacts["Overleg met [andere persoon] en Sanne Verhoeven"]
    assert shared["occurred_at"] == "2026-03-12T09:00:00+00:00"
    assert shared["notes"] == "[andere persoon] ([andere persoon]) legt de begroting uit; Sanne Verhoeven vraagt door."
    assert shared["other_people"] == 1 and shared["organisations"] == ["Tweede Kamer"]
    assert contacts["Na het debat"]["notes"] == OPINION and contacts["Na het debat"]["sensitive"] is True

    assert [(m["title"], m["attendance"], m["organisation"]) for m in data["meetings"]] == [
        ("Rondetafelgesprek cultuureducatie", "Aanwezig", "Tweede Kamer")
    ]
    assert [(a["description"], a["due_date"]) for a in data["action_items"]] == [("Stuurt de motietekst", "2026-06-10")]
    assert sorted((letter["title"], letter["role"]) for letter in data["letters"]) == sorted(
        [("Brief aan de woordvoerder", "Geadresseerde"), (w.signed.title, "Ondertekenaar")]
    )
    assert [(p["stance"], p["rationale"]) for p in data["stakeholder_positions"]] == [
        ("Steunend", "Diende de motie in")
    ]
    audit = [(entry["action"], entry["record"]) for entry in data["audit"]]
    assert ("aangemaakt", "Persoon") in audit and ("aangemaakt", "Privacyregistratie") in audit

    # Nothing about anyone else: not the other person's name, email or stance, not our colleague's name.
    for secret in (
        "Pieter",
        "Bakker",
        "p.bakker@ocw.example",
        "Houdt de hand op de knip",
        "Ministerie van OCW",
        "Lotte Lobby",
    ):
        assert secret not in raw, secret

    (event,) = access_events(w.person.id)
    assert event.changes == {"format": [None, "JSON"]} and event.entity_label == "Sanne Verhoeven"
    page = text_of(client.get(f"/privacy/people/{w.person.id}"))
    assert f"Geëxporteerd voor een inzageverzoek door {admin.name}" in page
    assert "geëxporteerd (inzageverzoek)" in text_of(client.get("/privacy/"))


def test_the_access_export_as_pdf_is_made_through_the_document_path_and_not_kept(client, login_as):
    login_as("admin")
    w = world()
    documents = count(GeneratedDocument)
    response = export(client, w.person.id, "pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf.text(response.data)
    assert "Persoonsgegevens van Sanne Verhoeven" in text
    assert "Telefoon over het NPO" in text and "Rondetafelgesprek cultuureducatie" in text
    assert "Publieke functie" in text and "Diende de motie in" in text
    assert "Pieter" not in text and "Bakker" not in text
    assert count(GeneratedDocument) == documents  # personal data: made for the request, not kept
    assert [e.changes["format"] for e in access_events(w.person.id)] == [[None, "PDF"]]


def test_an_access_export_needs_a_format(client, login_as):
    login_as("admin")
    person = PersonFactory()
    response = export(client, person.id, "xml")
    assert response.status_code == 422 and "Ongeldige keuze" in text_of(response)
    assert access_events(person.id) == []

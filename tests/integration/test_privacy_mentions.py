"""Erasure and free text (issue 13, item 3): a person is written about by surname — "collega Vlinderboom belde",
"Q. Vlinderboom", "de heer Vlinderboom", a decision "op voorstel van Vlinderboom" — and those mentions must go too.
The preview lists every record that mentions them with a snippet and a checkbox (records linked to them ticked);
the confirmation replaces the ticked ones in the text, every kept version and the audit trail, in one transaction,
and leaves the others as they were."""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.letters.models import LetterVersion
from crm.meetings import services_minutes
from crm.meetings.models import AgendaItem, Decision, MinutesVersion
from crm.partners.models import Person
from crm.privacy import services_erasure
from crm.privacy.services_erasure import ErasureInput
from tests import pdf
from tests.factories import AffiliationFactory, InteractionFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories_documents import GeneratedDocumentFactory
from tests.factories_letters import LetterFactory, LetterVersionFactory
from tests.factories_meetings import AgendaItemFactory, AttendeeFactory, MeetingFactory
from tests.helpers import listed, text_of

REASON = "Verzoek van betrokkene per e-mail van 3 maart 2026"
LINKED_NOTES = (
    "Collega Vlinderboom belde over de motie. Q. Vlinderboom stuurt de tekst vrijdag. "
    "De heer VLINDERBÓÓM was stellig; vlinderboom belt terug."
)
NAMESAKE_NOTES = "Mevrouw Vlinderboom van de gemeente Zeist belde over subsidie."  # someone else, same surname
CONGRESS_NOTES = "Sprak Vlinderboom kort op het congres van de VNG."  # about them, in a contact without them


def folded(text: str) -> str:
    """Lower case without accents: how the test looks for any spelling of the surname."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def has_surname(text: str) -> bool:
    return "vlinderboom" in folded(text)


class World:
    pass


def world() -> World:
    """Quinten Vlinderboom of OCW, a contact and a meeting with him whose texts name him by surname, two contacts
    without him (one about him, one about a namesake), and Anna Vlinderboom, another person."""
    w = World()
    w.colleague = UserFactory(name="Lotte Lobby")
    ocw = OrganisationFactory(name="Ministerie van OCW", kind="ministry")
    w.person = PersonFactory(first_name="Quinten", initials="Q.", last_name="Vlinderboom",
                             email="q.vlinderboom@ocw.example")  # fmt: skip
    AffiliationFactory(person=w.person, organisation=ocw, role="Beleidsmedewerker")
    w.namesake = PersonFactory(first_name="Anna", last_name="Vlinderboom", notes="Wethouder in Zeist")
    other = PersonFactory(first_name="Pieter", last_name="Bakker")

    w.linked = InteractionFactory(subject="Telefoon over de motie", notes="Eerste versie", people=[w.person])
    db.session.flush()
    w.linked.notes = LINKED_NOTES  # an edit: the trail keeps the old and the new text
    db.session.flush()
    w.namesake_contact = InteractionFactory(subject="Subsidie Zeist", notes=NAMESAKE_NOTES, people=[other])
    w.congress = InteractionFactory(subject="VNG-congres", notes=CONGRESS_NOTES, people=[other])

    w.meeting = MeetingFactory(title="Overleg cultuureducatie", organiser=w.colleague, status="held",
                               starts_at=datetime(2026, 3, 10, 9, 0), ends_at=datetime(2026, 3, 10, 11, 0))  # fmt: skip
    AttendeeFactory(meeting=w.meeting, person=w.person, organisation=ocw, attendance="attended")
    item = AgendaItemFactory(meeting=w.meeting, title="De motie")
    first = services_minutes.MinutesInput(
        based_on=0, item_minutes={item.id: "De heer Vlinderbóóm licht de motie toe."}, item_decisions={item.id: []}
    )
    services_minutes.save_minutes(w.meeting, first, author=w.colleague)
    second = services_minutes.MinutesInput(
        based_on=1,
        item_minutes={item.id: "De heer Vlinderbóóm licht de motie toe. Iedereen steunt hem."},
        item_decisions={item.id: ["Op voorstel van Vlinderboom gaat de brief vrijdag uit"]},
    )
    services_minutes.save_minutes(w.meeting, second, author=w.colleague)
    w.item = item
    db.session.flush()
    return w


def erase(client, person_id: int, ticked: list[str] | None = None, shown: list[str] | None = None, **fields):
    """The preview's form as a browser sends it: the ticked boxes, and every record the preview listed."""
    url = f"/privacy/people/{person_id}/erase"
    page = client.get(url).get_data(as_text=True)
    listed_keys = re.findall(r'name="mention_shown" value="([^"]+)"', page)
    default = re.findall(r'name="mention" value="([^"]+)" checked', page)
    data = {"reason": REASON, "retention_reason": "", **fields}
    data["mention"] = default if ticked is None else ticked
    data["mention_shown"] = listed_keys if shown is None else shown
    response = client.submit(url, data)
    if response.status_code == 302:
        client.get(response.headers["Location"])  # read the flash ("… is overal geanonimiseerd") where it lands
    return response


def listed_keys(client, person_id: int) -> tuple[list[str], list[str]]:
    page = client.get(f"/privacy/people/{person_id}/erase").get_data(as_text=True)
    everything = re.findall(r'name="mention_shown" value="([^"]+)"', page)
    ticked = re.findall(r'name="mention" value="([^"]+)" checked', page)
    return everything, ticked


def audit_text(*, leave_out: set[tuple[str, int]]) -> str:
    """The whole trail as text, without the records left out (the namesake's own, an unticked contact)."""
    events = db.session.scalars(select(AuditEvent)).all()
    kept = [e for e in events if (e.entity_type, e.entity_id) not in leave_out]
    return json.dumps([[e.entity_label, e.changes] for e in kept], ensure_ascii=False)


def test_the_preview_lists_every_mention_with_its_record_and_a_snippet(client, login_as):
    login_as("admin")
    w = world()
    page = client.get(f"/privacy/people/{w.person.id}/erase")
    assert page.status_code == 200
    text = text_of(page)
    assert "Vermeldingen in vrije tekst" in text
    assert "4 gegevens noemen hen in vrije tekst (2 daarvan gekoppeld aan hen)" in text
    # Each record with a snippet around the mention, the mention marked.
    body = html.unescape(page.get_data(as_text=True))
    assert "Collega <mark>Vlinderboom</mark> belde over de motie" in body
    assert "<mark>Q. Vlinderboom</mark> stuurt de tekst" in body
    assert "<mark>De heer VLINDERBÓÓM</mark> was stellig" in body
    assert "<mark>De heer Vlinderbóóm</mark> licht de motie toe" in body
    assert "Op voorstel van <mark>Vlinderboom</mark> gaat de brief" in body
    assert "<mark>Mevrouw Vlinderboom</mark> van de gemeente Zeist" in body
    assert "Sprak <mark>Vlinderboom</mark> kort op het congres" in body
    assert "Contact: Telefoon over de motie" in text and "Overleg: Overleg cultuureducatie" in text
    assert "Notities (geschiedenis):" in text  # the old value in the contact's trail
    # Linked records ticked, the others not: a surname elsewhere may be a namesake's.
    everything, ticked = listed_keys(client, w.person.id)
    assert set(everything) == {
        f"interaction:{w.linked.id}",
        f"meeting:{w.meeting.id}",
        f"interaction:{w.namesake_contact.id}",
        f"interaction:{w.congress.id}",
    }
    assert set(ticked) == {f"interaction:{w.linked.id}", f"meeting:{w.meeting.id}"}
    # The other Vlinderboom is a person of her own: her record is never listed, her name never touched.
    assert f"person:{w.namesake.id}" not in everything


def test_ticked_records_lose_every_mention_everywhere_and_a_search_finds_nothing(client, login_as):
    login_as("admin")
    w = world()
    name = f"Geanonimiseerd persoon {w.person.id}"
    everything, _ticked = listed_keys(client, w.person.id)
    ticked = [key for key in everything if key != f"interaction:{w.namesake_contact.id}"]
    assert erase(client, w.person.id, ticked=ticked).status_code == 302

    notes = db.session.get(Interaction, w.linked.id).notes
    assert notes == (
        f"Collega {name} belde over de motie. {name} stuurt de tekst vrijdag. {name} was stellig; {name} belt terug."
    )
    assert db.session.get(Interaction, w.congress.id).notes == f"Sprak {name} kort op het congres van de VNG."
    item = db.session.get(AgendaItem, w.item.id)
    assert item.minutes == f"{name} licht de motie toe. Iedereen steunt hem."
    (decision,) = db.session.scalars(select(Decision).where(Decision.meeting_id == w.meeting.id))
    assert decision.text == f"Op voorstel van {name} gaat de brief vrijdag uit"
    # Every kept minutes version.
    versions = db.session.scalars(select(MinutesVersion).where(MinutesVersion.meeting_id == w.meeting.id)).all()
    assert len(versions) == 2
    for version in versions:
        assert not has_surname(json.dumps(version.content, ensure_ascii=False)) and name in json.dumps(version.content)
    # The versions page and the history pages show no trace.
    assert not has_surname(text_of(client.get(f"/meetings/{w.meeting.id}/minutes/versions")))
    assert not has_surname(text_of(client.get(f"/interactions/{w.linked.id}/history")))
    assert not has_surname(text_of(client.get(f"/meetings/{w.meeting.id}/history")))
    # The audit trail, apart from the namesake's own record (her name is hers) and the contact left unticked.
    assert not has_surname(audit_text(leave_out={("person", w.namesake.id), ("interaction", w.namesake_contact.id)}))
    assert has_surname(audit_text(leave_out={("person", w.namesake.id)}))  # that contact's trail kept its text
    # The contact log: a search on the surname finds only the namesake's contact, which was not ticked.
    for q in ("Vlinderboom", "vlinderbóóm"):
        found = listed(client.get(f"/interactions/?q={q}"))
        assert "Subsidie Zeist" in found
        assert "Telefoon over de motie" not in found and "VNG-congres" not in found
    assert db.session.get(Interaction, w.namesake_contact.id).notes == NAMESAKE_NOTES
    assert db.session.get(Person, w.namesake.id).full_name == "Anna Vlinderboom"


def test_with_everything_ticked_nothing_in_the_log_exports_or_a_new_minutes_pdf_names_them(client, login_as):
    login_as("admin")
    w = world()
    everything, _ticked = listed_keys(client, w.person.id)
    assert erase(client, w.person.id, ticked=everything).status_code == 302

    for q in ("Vlinderboom", "Vlinderbóóm", "VLINDERBOOM"):
        rows = listed(client.get(f"/interactions/?q={q}"))
        for subject in ("Telefoon over de motie", "Subsidie Zeist", "VNG-congres"):
            assert subject not in rows, (q, subject)
    csv = client.get("/interactions/export.csv").get_data(as_text=True)
    assert not has_surname(csv) and "Telefoon over de motie" in csv
    sheet = load_workbook(io.BytesIO(client.get("/interactions/export.xlsx").data)).active
    cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    assert not has_surname(cells) and "Telefoon over de motie" in cells

    # Minutes made afterwards from the meeting page, through the document path, read back with pypdf.
    form = client.get(f"/documents/new/builtin:minutes?meeting={w.meeting.id}")
    page = form.get_data(as_text=True)
    inputs = re.findall(r'name="(f_[a-z_]+)"[^>]*value="([^"]*)"', page)
    areas = re.findall(r'<textarea[^>]*name="(f_[a-z_]+)"[^>]*>\s*(.*?)</textarea>', page, flags=re.S)
    data = {name: html.unescape(value) for name, value in [*inputs, *areas]}
    response = client.submit(
        f"/documents/new/builtin:minutes?meeting={w.meeting.id}",
        {**data, "title": "Verslag overleg", "dossier_id": "0", "tagged": "y", "action": "generate"},
    )
    assert response.status_code == 302, text_of(response)[-500:]
    made = db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id.desc())).first()
    words = pdf.text(made.pdf)
    assert "licht de motie toe" in words and "gaat de brief vrijdag uit" in words
    assert not has_surname(words) and f"Geanonimiseerd persoon {w.person.id}" in words


def test_an_unticked_record_keeps_its_text_and_its_history(client, login_as):
    login_as("admin")
    w = world()
    before = [e.changes for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "interaction", AuditEvent.entity_id == w.linked.id)
    )]  # fmt: skip
    _everything, ticked = listed_keys(client, w.person.id)
    # The administrator unticks even the linked contact: it is left as it is, in the record and in its trail.
    keep = f"interaction:{w.linked.id}"
    assert erase(client, w.person.id, ticked=[k for k in ticked if k != keep]).status_code == 302
    assert db.session.get(Interaction, w.linked.id).notes == LINKED_NOTES
    after = [e.changes for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "interaction", AuditEvent.entity_id == w.linked.id)
    )]  # fmt: skip
    notes = [changes["notes"] for changes in after if "notes" in changes]
    assert notes == [changes["notes"] for changes in before if "notes" in changes]
    # The contact still counts for the person, under the new name (the link is structural, not free text).
    assert {p.full_name for p in db.session.get(Interaction, w.linked.id).people} == {
        f"Geanonimiseerd persoon {w.person.id}"
    }
    # The default for records not linked to them: untouched.
    assert db.session.get(Interaction, w.namesake_contact.id).notes == NAMESAKE_NOTES
    assert db.session.get(Interaction, w.congress.id).notes == CONGRESS_NOTES


def test_a_surname_with_a_prefix_is_found_in_every_spelling(client, login_as):
    login_as("admin")
    person = PersonFactory(first_name="Ilse", initials="I.", name_prefix="van der", last_name="Wouden")
    contact = InteractionFactory(
        subject="Overleg met mevrouw Van der Wouden",
        notes="I. van der Wouden belde. Op voorstel van VAN DER WOUDEN gaan we door. Mw. van der Wóuden volgt.",
        people=[person],
    )
    assert erase(client, person.id).status_code == 302
    name = f"Geanonimiseerd persoon {person.id}"
    stored = db.session.get(Interaction, contact.id)
    assert stored.subject == f"Overleg met {name}"
    assert stored.notes == f"{name} belde. Op voorstel van {name} gaan we door. {name} volgt."


def test_the_bulk_erasure_replaces_the_linked_mentions_and_leaves_the_rest(db):
    w = world()
    services_erasure.erase_people([w.person], ErasureInput(reason=REASON))
    assert not has_surname(db.session.get(Interaction, w.linked.id).notes)
    assert not has_surname(db.session.get(AgendaItem, w.item.id).minutes)
    assert db.session.get(Interaction, w.congress.id).notes == CONGRESS_NOTES
    assert db.session.get(Interaction, w.namesake_contact.id).notes == NAMESAKE_NOTES


def test_a_record_found_after_the_preview_follows_its_default(db):
    """Someone logs a contact with the person while the administrator reads the preview: it is linked, so its
    mentions go although the form did not list it; an unlinked one found since stays."""
    w = world()
    shown = {f"interaction:{w.linked.id}", f"meeting:{w.meeting.id}"}
    late_linked = InteractionFactory(subject="Nog een belletje", notes="Vlinderboom belde weer", people=[w.person])
    late_other = InteractionFactory(subject="Elders", notes="Vlinderboom werd genoemd")
    services_erasure.erase_person(w.person, ErasureInput(reason=REASON, mentions=shown, shown=shown))
    assert not has_surname(db.session.get(Interaction, late_linked.id).notes)
    assert db.session.get(Interaction, late_other.id).notes == "Vlinderboom werd genoemd"


def test_a_pdf_that_mentions_only_the_surname_is_replaced_when_ticked(client, login_as):
    login_as("admin")
    w = world()
    document = GeneratedDocumentFactory(
        title="Notitie motie", input_snapshot={"body": "Met dank aan collega Vlinderboom"}
    )
    everything, ticked = listed_keys(client, w.person.id)
    key = f"generateddocument:{document.id}"
    assert key in everything and key not in ticked
    assert erase(client, w.person.id, ticked=[*ticked, key]).status_code == 302
    assert "Dit document is verwijderd" in pdf.text(db.session.get(GeneratedDocument, document.id).pdf)


@pytest.mark.parametrize("value", ["interaction", "interaction:abc", "<script>:1", "x" * 50 + ":1"])
def test_a_tampered_choice_is_refused_and_nothing_is_erased(client, login_as, value):
    login_as("admin")
    w = world()
    response = erase(client, w.person.id, ticked=[value])
    assert response.status_code == 422 and "Kies uit de lijst." in text_of(response)
    assert db.session.get(Person, w.person.id).full_name == "Quinten Vlinderboom"
    assert db.session.get(Interaction, w.linked.id).notes == LINKED_NOTES


def test_a_key_for_a_record_that_does_not_mention_them_changes_nothing(client, login_as):
    login_as("admin")
    w = world()
    unrelated = InteractionFactory(subject="Los gesprek", notes="Niets over hen", occurred_at=datetime(2026, 1, 5))
    response = erase(client, w.person.id, ticked=[f"interaction:{unrelated.id}", f"interaction:{w.linked.id}"])
    assert response.status_code == 302
    assert db.session.get(Interaction, unrelated.id).notes == "Niets over hen"
    assert not has_surname(db.session.get(Interaction, w.linked.id).notes)


def test_letters_lose_the_mentions_in_every_version_unless_sent_and_kept_for_a_reason(client, login_as):
    """A draft that mentions them is rewritten in all its versions; a sent letter kept for a recorded reason keeps
    the text it was sent with (sent letters are the record), and so does its PDF."""
    login_as("admin")
    w = world()
    draft = LetterFactory(title="Reactie op de motie")
    LetterVersionFactory(
        letter_id=draft.id, number=2, body="Zoals de heer Vlinderboom voorstelde, ...", sha256="0" * 64
    )
    sent_pdf = GeneratedDocumentFactory(title="Brief aan de commissie", input_snapshot={"body": "dank aan Vlinderboom"})
    sent = LetterFactory(title="Brief aan de commissie", status="sent", sent_document_id=sent_pdf.id)
    LetterVersionFactory(letter_id=sent.id, number=2, body="Met dank aan collega Vlinderboom.", sha256="1" * 64)
    everything, _ticked = listed_keys(client, w.person.id)
    for key in (f"jointletter:{draft.id}", f"jointletter:{sent.id}", f"generateddocument:{sent_pdf.id}"):
        assert key in everything, key
    keep = "Archiefwet: correspondentie met de Kamer"
    assert erase(client, w.person.id, ticked=everything, retention_reason=keep).status_code == 302

    def bodies(letter_id):
        query = select(LetterVersion.body).where(LetterVersion.letter_id == letter_id)
        return " ".join(db.session.scalars(query))

    assert not has_surname(bodies(draft.id)) and f"Geanonimiseerd persoon {w.person.id}" in bodies(draft.id)
    assert "Met dank aan collega Vlinderboom." in bodies(sent.id)
    document = db.session.get(GeneratedDocument, sent_pdf.id)
    assert (
        document.input_snapshot == {"body": "dank aan Vlinderboom"} and document.options["kept_after_erasure"] == keep
    )

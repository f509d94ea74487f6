"""Erasure: one confirmation, then one POST that anonymises a person everywhere in one transaction — search, timelines,
exports, documents, the audit trail — keeping the counts and the organisation's history; audited without the erased
data; all or nothing; a recent login required."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.auth.fresh import AUTHENTICATED_AT
from crm.common.errors import ServiceError
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.letters.models import LetterVersion, Signatory
from crm.partners.models import Affiliation, Person
from crm.privacy import services_erasure
from crm.privacy.models import PersonPrivacy
from crm.stakeholders.models import StakeholderPosition
from tests import pdf
from tests.factories_privacy import OPINION, world
from tests.helpers import count, text_of

REASON = "Verzoek van betrokkene per e-mail van 3 maart 2026"
OLD = ("Verhoeven", "s.verhoeven@tweedekamer.example", "070 318 0000", "Geachte mevrouw Verhoeven", OPINION)


def erase(client, person_id: int, **fields):
    data = {"reason": REASON, "retention_reason": "", **fields}
    return client.submit(f"/privacy/people/{person_id}/erase", data)


def timeline_total(client, url: str) -> int:
    return int(re.search(r"Tijdlijn \((\d+)\)", text_of(client.get(url))).group(1))


def audit_text() -> str:
    events = db.session.scalars(select(AuditEvent)).all()
    return json.dumps([[e.entity_label, e.changes] for e in events], ensure_ascii=False)


def test_the_confirmation_says_what_will_happen_and_changes_nothing(client, login_as):
    login_as("admin")
    w = world()
    page = client.get(f"/privacy/people/{w.person.id}/erase")
    assert page.status_code == 200
    text = text_of(page)
    assert "Sanne Verhoeven wissen?" in text
    assert f"de persoon heet voortaan „Geanonimiseerd persoon {w.person.id}”" in text
    assert "3 contacten blijven meetellen op de tijdlijnen" in text
    assert "1 notitie gemarkeerd als gevoelig wordt gewist" in text
    assert "1 overleg houdt hen op de lijst" in text
    assert "1 standpunt wordt verwijderd" in text
    assert "2 gezamenlijke brieven aan of ondertekend door hen" in text
    assert "1 pdf noemt hen" in text and "waarvan 1 verzonden brief bewaard blijft" in text
    assert db.session.get(Person, w.person.id).full_name == "Sanne Verhoeven"
    assert count(AuditEvent, AuditEvent.action == "erase") == 0


def test_erasure_anonymises_the_person_everywhere_and_keeps_the_counts(client, login_as):
    admin = login_as("admin")
    w = world()
    pid, name, position_id = w.person.id, f"Geanonimiseerd persoon {w.person.id}", w.position.id
    person_total = timeline_total(client, f"/people/{pid}/timeline")
    org_total = timeline_total(client, f"/organisations/{w.org.id}/timeline")
    assert person_total == 5  # three contacts, the meeting and the letter addressed to her

    response = erase(client, pid)
    assert response.status_code == 302
    assert "Sanne Verhoeven is overal geanonimiseerd." in text_of(client.get(response.headers["Location"]))

    # The record: a pseudonym, nothing else, archived; the position stays with its organisation, without the title.
    person = db.session.get(Person, pid)
    assert person.full_name == name and person.is_archived
    assert (person.email, person.phone, person.salutation, person.notes, person.party, person.tags) == (
        None,
        None,
        None,
        None,
        None,
        [],
    )
    (affiliation,) = db.session.scalars(select(Affiliation).where(Affiliation.person_id == pid))
    assert (affiliation.organisation_id, affiliation.role, affiliation.start_date.isoformat()) == (
        w.org.id,
        None,
        "2021-03-31",
    )
    assert db.session.get(PersonPrivacy, pid).erasure_reason == REASON

    # Nobody finds them by their old name or email: search, the people list, the pickers.
    for q in ("Verhoeven", "Sanne", "s.verhoeven@tweedekamer.example"):
        found = text_of(client.get(f"/search/?q={q}"))
        assert f"0 resultaten voor “{q}”" in found and "Geanonimiseerd" not in found
        assert client.get(f"/people/lookup?q={q}").get_json() == []
        assert "Geanonimiseerd" not in text_of(client.get(f"/people/?q={q}&status=all"))
    assert name in text_of(client.get("/people/?q=geanonimiseerd&status=all"))

    # The contacts still count, on their timeline and the organisation's, under the new name.
    assert timeline_total(client, f"/people/{pid}/timeline") == person_total
    assert timeline_total(client, f"/organisations/{w.org.id}/timeline") == org_total
    assert name in text_of(client.get(f"/organisations/{w.org.id}/timeline"))
    shared = db.session.get(Interaction, w.shared.id)
    assert shared.subject == f"Overleg met Pieter Bakker en {name}"
    assert shared.notes == f"Pieter Bakker (p.bakker@ocw.example) legt de begroting uit; {name} vraagt door."
    assert db.session.get(Interaction, w.secret.id).notes is None  # political opinions: gone
    assert {p.full_name for p in shared.people} == {name, "Pieter Bakker"}

    # Their stakeholder position is removed, the other person's stays; their signature is the pseudonym.
    assert db.session.get(StakeholderPosition, position_id) is None
    assert db.session.get(StakeholderPosition, w.others_position.id) is not None
    signatory = db.session.scalars(select(Signatory).where(Signatory.letter_id == w.signed.id)).one()
    assert (signatory.signer_name, signatory.signer_email, signatory.signer_function) == (name, None, None)

    # The sent letter's PDF named them and no retention reason was given: a notice stands in its place.
    document = db.session.get(GeneratedDocument, w.document.id)
    notice = pdf.text(document.pdf)
    assert "Dit document is verwijderd" in notice and "Verhoeven" not in notice
    assert "Verhoeven" not in document.title and document.input_snapshot == {"erased_on": document.options["erased_on"]}

    # The audit trail: the erasure with who, when and why; nowhere the old name, email, phone or the opinion.
    erasure = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).one()
    assert (erasure.actor_id, erasure.entity_id, erasure.entity_label) == (admin.id, pid, name)
    assert erasure.changes["reason"] == [None, REASON]
    assert erasure.changes["summary_of_erasure"][1].startswith(
        "contacten: 3 (gevoelige notities gewist: 1); bijeenkomsten: 1; standpunten verwijderd: 1; brieven: 2; "
        "documenten vervangen: 1;"
    )
    trail = audit_text()
    for old in OLD:
        assert old not in trail, old
    log = text_of(client.get("/admin/audit/?action=erase"))
    assert "geanonimiseerd" in log and name in log and "s.verhoeven" not in log
    history = text_of(client.get(f"/people/{pid}/history"))
    assert "Verhoeven" not in history and "[verwijderd]" in history

    # Exports and documents made afterwards: the pseudonym only.
    export = client.get("/interactions/export.csv").get_data(as_text=True)
    assert name in export and "Verhoeven" not in export
    assert "Verhoeven" not in text_of(client.get(f"/people/{pid}")) and name in text_of(client.get(f"/people/{pid}"))
    assert "Pieter Bakker" in text_of(client.get(f"/people/{w.other.id}"))  # nobody else was touched
    assert db.session.get(Person, w.other.id).email == "p.bakker@ocw.example"


def test_a_retention_reason_keeps_the_sent_letters_as_they_were(client, login_as):
    login_as("admin")
    w = world()
    before = w.document.pdf
    version_before = db.session.scalars(select(LetterVersion.body).where(LetterVersion.letter_id == w.letter.id)).one()
    response = erase(client, w.person.id, retention_reason="Archiefwet: correspondentie met de Kamer")
    assert response.status_code == 302
    document = db.session.get(GeneratedDocument, w.document.id)
    assert document.pdf == before
    assert document.options["kept_after_erasure"] == "Archiefwet: correspondentie met de Kamer"
    assert db.session.scalars(select(LetterVersion.body).where(LetterVersion.letter_id == w.letter.id)).one() == (
        version_before
    )
    assert db.session.get(PersonPrivacy, w.person.id).retention_reason == "Archiefwet: correspondentie met de Kamer"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).one()
    assert event.changes["retention_reason"] == [None, "Archiefwet: correspondentie met de Kamer"]
    assert "documenten vervangen: 0 (bewaard: 1)" in event.changes["summary_of_erasure"][1]


def test_a_failure_half_way_leaves_everything_as_it_was(client, login_as, monkeypatch):
    login_as("admin")
    w = world()
    events_before = audit_text()
    pdf_before = w.document.pdf

    def broken(*_args, **_kwargs):
        raise ServiceError("Schijf vol")

    # The audit trail is scrubbed after the records were anonymised and flushed: the last step fails.
    monkeypatch.setattr(services_erasure, "_audit", broken)
    response = erase(client, w.person.id)
    assert response.status_code == 422 and "Schijf vol" in text_of(response)
    person = db.session.get(Person, w.person.id)
    assert (person.full_name, person.email, person.archived_at) == ("Sanne Verhoeven", OLD[1], None)
    assert db.session.get(Interaction, w.secret.id).notes == OPINION
    assert db.session.get(StakeholderPosition, w.position.id) is not None
    assert db.session.get(GeneratedDocument, w.document.id).pdf == pdf_before
    assert db.session.get(PersonPrivacy, w.person.id).erased_at is None
    assert audit_text() == events_before
    assert "Sanne Verhoeven" in text_of(client.get("/search/?q=Verhoeven"))


def test_an_erasure_needs_a_reason_and_happens_once(client, login_as):
    login_as("admin")
    w = world()
    response = erase(client, w.person.id, reason="")
    assert response.status_code == 422 and "Geef de reden voor het wissen." in text_of(response)
    assert db.session.get(Person, w.person.id).full_name == "Sanne Verhoeven"
    assert erase(client, w.person.id).status_code == 302
    again = client.get(f"/privacy/people/{w.person.id}/erase")
    assert again.status_code == 302
    assert "Deze persoon is al geanonimiseerd." in text_of(client.get(again.headers["Location"]))
    assert count(AuditEvent, AuditEvent.action == "erase") == 1
    refused = client.submit(
        f"/privacy/people/{w.person.id}/access", {"format": "json"}, token_from=f"/privacy/people/{w.person.id}"
    )
    assert refused.status_code == 302 and count(AuditEvent, AuditEvent.action == "access_export") == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_erasure_needs_a_recent_login(client, login_as, method):
    login_as("admin")
    w = world()
    token = client.csrf_token(f"/privacy/people/{w.person.id}")
    with client.session_transaction() as session:
        session[AUTHENTICATED_AT] -= 3600  # the password was last typed an hour ago
    url = f"/privacy/people/{w.person.id}/erase"
    response = client.get(url) if method == "get" else client.post(url, data={"reason": REASON, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauth?next=")
    assert db.session.get(Person, w.person.id).full_name == "Sanne Verhoeven"

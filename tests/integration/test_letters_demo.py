"""The demo letters: the three letters of the seed, in different states, with their signatories and the record."""

from __future__ import annotations

from sqlalchemy import select

from crm.demo.seed import seed_demo
from crm.documents.models import GeneratedDocument
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter, Signatory
from tests import pdf as pdf_text


def test_demo_letters(db):
    assert seed_demo()["letters"] == 3
    letters = {letter.title: letter for letter in db.session.scalars(select(JointLetter))}
    npo = letters["Cultuureducatie in het Nationaal Programma Onderwijs"]
    call = letters["Oproep aan gemeenten: houd cultuureducatie overeind"]
    guide = letters["Handreiking New Creative Deal"]
    assert (npo.status, call.status, guide.status) == ("answered", "signing", "review")

    def signers(letter):
        query = select(Signatory).where(Signatory.letter_id == letter.id)
        return {s.organisation.name: s.status for s in db.session.scalars(query)}

    assert signers(npo) == {"Landelijk Kenniscentrum Cultuureducatie en Amateurkunst": "signed"}
    assert signers(call) == {"Kunstenbond": "signed", "Vakbond AVV": "agreed"}
    assert signers(guide) == {"Kunsten '92": "invited"}
    document = db.session.get(GeneratedDocument, npo.sent_document_id)
    text = pdf_text.text(document.pdf)
    assert text.index("Cultuurconnectie") < text.index("Landelijk Kenniscentrum Cultuureducatie")
    subjects = set(db.session.scalars(select(Interaction.subject).where(Interaction.kind == "letter")))
    assert "Gezamenlijke brief verzonden: Cultuureducatie in het Nationaal Programma Onderwijs" in subjects

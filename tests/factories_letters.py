"""Factories for letters, and the URL arguments of the letter routes for the access matrix."""

from __future__ import annotations

import factory

from crm.common.time import today, utcnow
from crm.letters.models import JointLetter, LetterAnswer, LetterEvent, LetterVersion, Signatory
from crm.letters.services_signing import hash_token
from crm.letters.texts import text_sha256
from tests.factories import Base, OrganisationFactory
from tests.factories_documents import GeneratedDocumentFactory

BODY = "Wij vragen u cultuureducatie een vaste plek te geven.\n\nDank voor uw aandacht."


class LetterFactory(Base):
    class Meta:
        model = JointLetter

    title = factory.Sequence(lambda n: f"Gezamenlijke brief {n}")
    status = "draft"
    addressee_organisation = factory.SubFactory(OrganisationFactory, kind="committee")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    current_version = 1
    current_sha256 = factory.LazyFunction(lambda: text_sha256("Geachte leden", BODY, "Met vriendelijke groet,"))
    # As the workflow leaves it: a letter past approval was approved at its current text.
    approved_version = factory.LazyAttribute(
        lambda letter: letter.current_version if letter.status in ("approved", "signing", "sent", "answered") else None
    )

    @factory.post_generation
    def first_version(letter, create, extracted, **kwargs):
        """Every letter has its text as version 1, as the service makes it (first_version__body=… to choose it)."""
        if create:
            LetterVersionFactory(letter_id=letter.id, sha256=letter.current_sha256, **kwargs)


class LetterVersionFactory(Base):
    class Meta:
        model = LetterVersion

    number = 1
    salutation = "Geachte leden"
    body = BODY
    closing = "Met vriendelijke groet,"


class SignatoryFactory(Base):
    class Meta:
        model = Signatory

    letter = factory.SubFactory(LetterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = "invited"


SAMPLE_TOKEN = "access-matrix-signing-token-0123456789abcdefghijklmnop"


def sample_letter_arguments() -> dict:
    """A letter that went the whole way (sent, answered, with its PDF) and a signatory with a live link."""
    document = GeneratedDocumentFactory()
    letter = LetterFactory(status="answered", sent_on=today(), sent_channel="email", sent_document_id=document.id)
    signatory = SignatoryFactory(letter=letter, token_hash=hash_token(SAMPLE_TOKEN + str(letter.id)),
                                 token_issued_at=utcnow())  # fmt: skip
    LetterAnswerFactory(letter=letter)
    return {
        "letter_id": letter.id,
        "signatory_id": signatory.id,
        "signing_token": SAMPLE_TOKEN + str(letter.id),
        "target": "review",
    }


class LetterAnswerFactory(Base):
    class Meta:
        model = LetterAnswer

    letter = factory.SubFactory(LetterFactory)
    received_on = factory.LazyFunction(today)
    summary = "De commissie dankt voor de brief."
    pdf = b"%PDF-1.4 test"
    pdf_filename = "antwoord.pdf"
    pdf_size = 13


class LetterEventFactory(Base):
    class Meta:
        model = LetterEvent

    letter_id = factory.LazyFunction(lambda: LetterFactory().id)
    kind = "status"
    from_status = "draft"
    to_status = "review"
    actor_label = "Lotte Lobby"

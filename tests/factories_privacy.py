"""Privacy test data: one person with a history in every domain, sharing contacts and a meeting with another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import factory

from crm.common.time import local_to_utc
from crm.privacy.models import PersonPrivacy
from tests.factories import (
    AffiliationFactory,
    Base,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    TagFactory,
    UserFactory,
)
from tests.factories_documents import GeneratedDocumentFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_meetings import ActionItemFactory, AttendeeFactory, MeetingFactory
from tests.factories_stakeholders import StakeholderPositionFactory

OPINION = "Zij noemt het kabinetsbeleid rampzalig voor de kunsten"


class PersonPrivacyFactory(Base):
    class Meta:
        model = PersonPrivacy

    person = factory.SubFactory(PersonFactory)
    lawful_basis = "public_role"
    data_source = "Website Tweede Kamer"
    notice_given_on = date(2026, 2, 1)


def local(*parts) -> datetime:
    return local_to_utc(datetime(*parts), "Europe/Amsterdam")


@dataclass
class World:
    person: object  # Sanne Verhoeven: the one who asks
    other: object  # Pieter Bakker: shares a contact and a meeting with her
    org: object
    shared: object  # the contact with both
    alone: object  # the contact with her only
    secret: object  # a contact with her, notes marked sensitive
    meeting: object
    letter: object  # addressed to her, sent, with its PDF
    signed: object  # a letter she signed for her organisation
    position: object
    others_position: object
    document: object  # the sent letter's PDF


def world() -> World:
    colleague = UserFactory(name="Lotte Lobby")
    org = OrganisationFactory(name="Tweede Kamer", kind="parliament")
    party = OrganisationFactory(name="Partij voor de Kunst", kind="party")
    person = PersonFactory(
        first_name="Sanne",
        last_name="Verhoeven",
        email="s.verhoeven@tweedekamer.example",
        phone="070 318 0000",
        salutation="Geachte mevrouw Verhoeven",
        notes="Woordvoerder cultuur",
        party=party,
        tags=[TagFactory(name="cultuur", key="cultuur")],
        owner=colleague,
    )
    other = PersonFactory(first_name="Pieter", last_name="Bakker", email="p.bakker@ocw.example")
    AffiliationFactory(person=person, organisation=org, role="Kamerlid", start_date=date(2021, 3, 31))
    AffiliationFactory(person=other, organisation=OrganisationFactory(name="Ministerie van OCW", kind="ministry"))
    PersonPrivacyFactory(person=person)
    shared = InteractionFactory(
        subject="Overleg met Pieter Bakker en Sanne Verhoeven",
        notes="Pieter Bakker (p.bakker@ocw.example) legt de begroting uit; Sanne Verhoeven vraagt door.",
        occurred_at=local(2026, 3, 12, 10, 0),
        people=[person, other],
        organisations=[org],
        users=[colleague],
    )
    alone = InteractionFactory(
        subject="Telefoon over het NPO", occurred_at=local(2026, 4, 1, 9, 30), people=[person], organisations=[org]
    )
    secret = InteractionFactory(
        subject="Na het debat",
        notes=OPINION,
        sensitive=True,
        occurred_at=local(2026, 5, 20, 16, 0),
        people=[person],
        organisations=[org],
    )
    meeting = MeetingFactory(
        title="Rondetafelgesprek cultuureducatie",
        starts_at=local(2026, 6, 3, 14, 0),
        ends_at=local(2026, 6, 3, 16, 0),
        organiser=colleague,
    )
    AttendeeFactory(meeting=meeting, person=person, organisation=org, attendance="attended")
    AttendeeFactory(meeting=meeting, person=other, attendance="attended")
    ActionItemFactory(
        meeting=meeting,
        owner_user=None,
        owner_person=person,
        description="Stuurt de motietekst",
        due_date=date(2026, 6, 10),
    )
    document = GeneratedDocumentFactory(
        title="Gezamenlijke brief - Sanne Verhoeven",
        kind="joint_letter",
        input_snapshot={"recipient": {"person": "Sanne Verhoeven"}},
    )
    letter = LetterFactory(
        title="Brief aan de woordvoerder",
        addressee_organisation=org,
        addressee_person=person,
        status="sent",
        sent_on=date(2026, 4, 20),
        sent_document_id=document.id,
    )
    signed = SignatoryFactory(
        organisation=org,
        signer_name="Sanne Verhoeven",
        signer_function="Kamerlid",
        signer_email="S.Verhoeven@tweedekamer.example",
        status="signed",
    ).letter
    position = StakeholderPositionFactory(person=person, stance="supportive", rationale="Diende de motie in")
    others_position = StakeholderPositionFactory(person=other, stance="opposed", rationale="Houdt de hand op de knip")
    return World(
        person, other, org, shared, alone, secret, meeting, letter, signed, position, others_position, document
    )

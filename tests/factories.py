"""factory_boy factories for every model. `bind(session)` points them at the test's session."""

from __future__ import annotations

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory

from crm.audit.models import AuditEvent
from crm.auth.models import User
from crm.auth.passwords import hash_password
from crm.coalitions.models import Coalition, CoalitionMember, Dossier
from crm.common.form_tokens import UsedFormToken
from crm.common.time import utcnow
from crm.interactions.models import Interaction
from crm.partners.models import Affiliation, Organisation, Person, Tag

PASSWORD = "correct horse battery staple"

_session = None


def bind(session) -> None:
    global _session
    _session = session


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: _session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@bondgenoot.test")
    name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = "lobbyist"
    language = "nl"
    active = True
    password_hash = factory.LazyFunction(lambda: hash_password(PASSWORD))


class TagFactory(Base):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")
    key = factory.LazyAttribute(lambda o: o.name.lower())


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stichting Proef {n}")
    kind = "cultural_institution"
    city = "Utrecht"


class PersonFactory(Base):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.example")


class AffiliationFactory(Base):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Beleidsmedewerker"
    start_date = date(2020, 1, 1)


class DossierFactory(Base):
    class Meta:
        model = Dossier

    title = factory.Sequence(lambda n: f"Dossier {n}")
    status = "active"


class CoalitionFactory(Base):
    class Meta:
        model = Coalition

    name = factory.Sequence(lambda n: f"Coalitie {n}")


class CoalitionMemberFactory(Base):
    class Meta:
        model = CoalitionMember

    coalition = factory.SubFactory(CoalitionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partner"


class AuditEventFactory(Base):
    class Meta:
        model = AuditEvent

    actor_label = "tester@bondgenoot.test"
    action = "update"
    entity_type = "organisation"
    entity_id = 1
    entity_label = "Proef"
    changes = factory.LazyFunction(lambda: {"name": ["Oud", "Nieuw"]})


class InteractionFactory(Base):
    class Meta:
        model = Interaction

    kind = "call"
    subject = factory.Sequence(lambda n: f"Gesprek {n}")
    occurred_at = factory.LazyFunction(utcnow)


class UsedFormTokenFactory(Base):
    class Meta:
        model = UsedFormToken

    token = factory.Sequence(lambda n: f"proef-token-{n:020d}")

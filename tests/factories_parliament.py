"""Rows of the Tweede Kamer mirror for tests, and the URL arguments of the parliament routes for the access matrix."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import factory

from crm.parliament import models as m
from crm.parliament.models import KamerActivity, KamerPerson
from crm.parliament.models_sync import SyncLock, SyncMark, SyncRun
from tests import factories


def kamer_activity(**fields) -> KamerActivity:
    values = {
        "id": str(uuid.uuid4()),
        "soort": "Commissiedebat",
        "kind": "committee_debate",
        "subject": "Commissiedebat cultuur",
        "sort_at": datetime(2026, 3, 4, 9),
        "starts_at": datetime(2026, 3, 4, 9),
        "published_at": datetime(2026, 1, 1),
        **fields,
    }
    activity = KamerActivity(**values)
    factories._session.add(activity)
    factories._session.flush()
    return activity


def kamer_person_to_review(candidate_id: int, **fields) -> KamerPerson:
    values = {
        "id": str(uuid.uuid4()),
        "last_name": "Zandbergen",
        "first_name": "Peter",
        "review_candidates": str(candidate_id),
        "published_at": datetime(2026, 1, 1),
        **fields,
    }
    person = KamerPerson(**values)
    factories._session.add(person)
    factories._session.flush()
    return person


def sample_parliament_arguments() -> dict:
    candidate = factories.PersonFactory(last_name="Zandbergen")
    return {"activity_id": kamer_activity().id, "kamer_person_id": kamer_person_to_review(candidate.id).id}


# --- factory_boy factories, one per model (tests/unit/test_factories.py) --------------------------------------


def _guid(n: int) -> str:
    return str(uuid.UUID(int=0xF0000000_0000_4000_8000_000000000000 + n))


class KamerRowFactory(factories.Base):
    class Meta:
        abstract = True

    id = factory.Sequence(_guid)
    published_at = datetime(2026, 1, 1, 9)


class KamerPersonFactory(KamerRowFactory):
    class Meta:
        model = KamerPerson

    last_name = factory.Sequence(lambda n: f"Kamerlid{n}")
    first_name = "Anna"


class KamerFractionFactory(KamerRowFactory):
    class Meta:
        model = m.KamerFraction

    abbreviation = factory.Sequence(lambda n: f"F{n}")
    name = factory.Sequence(lambda n: f"Fractie {n}")


class KamerFractionSeatFactory(KamerRowFactory):
    class Meta:
        model = m.KamerFractionSeat

    fraction_id = factory.Sequence(_guid)


class KamerFractionMemberFactory(KamerRowFactory):
    class Meta:
        model = m.KamerFractionMember

    seat_id = factory.Sequence(_guid)
    person_id = factory.Sequence(_guid)
    from_date = date(2023, 12, 6)


class KamerCommitteeFactory(KamerRowFactory):
    class Meta:
        model = m.KamerCommittee

    abbreviation = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"Vaste commissie {n}")


class KamerCommitteeSeatFactory(KamerRowFactory):
    class Meta:
        model = m.KamerCommitteeSeat

    committee_id = factory.Sequence(_guid)


class KamerCommitteeMemberFactory(KamerRowFactory):
    class Meta:
        model = m.KamerCommitteeMember

    seat_id = factory.Sequence(_guid)
    person_id = factory.Sequence(_guid)
    function = "Lid"


class KamerActivityFactory(KamerRowFactory):
    class Meta:
        model = KamerActivity

    soort = "Commissiedebat"
    kind = "committee_debate"
    subject = "Commissiedebat cultuur"
    sort_at = datetime(2026, 3, 4, 9)


class KamerAgendaItemFactory(KamerRowFactory):
    class Meta:
        model = m.KamerAgendaItem

    activity_id = factory.Sequence(_guid)
    subject = "Cultuureducatie"


class KamerCaseFactory(KamerRowFactory):
    class Meta:
        model = m.KamerCase

    number = factory.Sequence(lambda n: f"2026Z{n:05d}")
    soort = "Motie"


class KamerDossierFactory(KamerRowFactory):
    class Meta:
        model = m.KamerDossier

    number = factory.Sequence(lambda n: 36000 + n)


class KamerDocumentFactory(KamerRowFactory):
    class Meta:
        model = m.KamerDocument

    number = factory.Sequence(lambda n: f"2026D{n:05d}")
    soort = "Brief regering"


class KamerDecisionFactory(KamerRowFactory):
    class Meta:
        model = m.KamerDecision

    decision_kind = "Stemmen - aangenomen"


class KamerVoteFactory(KamerRowFactory):
    class Meta:
        model = m.KamerVote

    decision_id = factory.Sequence(_guid)
    soort = "Voor"


class KamerCommitmentFactory(KamerRowFactory):
    class Meta:
        model = m.KamerCommitment

    number = factory.Sequence(lambda n: f"TZ{n:06d}")
    status = "Openstaand"


class SyncMarkFactory(factories.Base):
    class Meta:
        model = SyncMark

    entity_set = factory.Sequence(lambda n: f"Entiteit{n}")
    mark = "2026-01-01T09:00:00.1234567Z"


class SyncRunFactory(factories.Base):
    class Meta:
        model = SyncRun

    status = "succeeded"
    counts = factory.LazyFunction(dict)
    errors = factory.LazyFunction(list)


class SyncLockFactory(factories.Base):
    class Meta:
        model = SyncLock

    id = factory.Sequence(lambda n: 1000 + n)

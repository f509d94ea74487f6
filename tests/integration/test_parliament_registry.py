"""The Kamer's fractions, committees and Kamerleden in the registry: linked or made once, the Kamer's fields kept
current, our users' fields never touched, unsure matches left for a person to decide."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEvent
from crm.common.time import utcnow
from crm.parliament.client import ClientSettings, KamerClient
from crm.parliament.models import KamerPerson
from crm.parliament.sync import sync
from crm.partners.models import Affiliation, Organisation, Person
from crm.privacy.models import PersonPrivacy
from tests.factories import AffiliationFactory, InteractionFactory, OrganisationFactory, PersonFactory
from tests.parliament_server import Kamer, guid, serve_kamer


@pytest.fixture
def kamer_server(tmp_path):
    yield from serve_kamer(tmp_path)


def run(server):
    client = KamerClient(ClientSettings(base_url=server.base_url, tries=2, backoff=0, delay=0, timeout=5))
    with client:
        result = sync(
            (
                "Fractie",
                "FractieZetel",
                "Persoon",
                "FractieZetelPersoon",
                "Commissie",
                "CommissieZetel",
                "CommissieZetelVastPersoon",
                "CommissieZetelVervangerPersoon",
            ),
            client=client,
        )
    assert result.status == "succeeded", result.error
    return result


@pytest.fixture
def registry(db):
    """What a user typed before the sync existed: the Kamer, the OCW committee, D66, VVD and two Kamerleden."""
    kamer = OrganisationFactory(name="Tweede Kamer der Staten-Generaal", acronym="TK", kind="parliament")
    ocw = OrganisationFactory(
        name="Vaste commissie voor Onderwijs, Cultuur en Wetenschap",
        acronym="cie. OCW",
        kind="committee",
        parent=kamer,
        description="Onze belangrijkste commissie",
    )
    d66 = OrganisationFactory(name="Democraten 66", acronym="D66", kind="party", website="https://d66.nl")
    vvd = OrganisationFactory(name="Volkspartij voor Vrijheid en Democratie", acronym="VVD", kind="party")
    terpstra = PersonFactory(
        first_name="Annemijn",
        last_name="Terpstra",
        party=d66,
        email="a.terpstra@tk.example",
        notes="Woordvoerder cultuur; belt liever dan mailt.",
        salutation="Beste Annemijn",
    )
    AffiliationFactory(person=terpstra, organisation=kamer, role="Lid Tweede Kamer", start_date=date(2021, 3, 31))
    AffiliationFactory(person=terpstra, organisation=ocw, role="Lid", start_date=date(2021, 4, 15))
    zandbergen = PersonFactory(first_name="Pieter", last_name="Zandbergen", party=vvd)
    AffiliationFactory(person=zandbergen, organisation=kamer, role="Lid Tweede Kamer", start_date=date(2021, 3, 31))
    return {"kamer": kamer, "ocw": ocw, "d66": d66, "vvd": vvd, "terpstra": terpstra, "zandbergen": zandbergen}


def parliament(server) -> Kamer:
    kamer = Kamer(server)
    kamer.fraction(1, "D66", "Democraten 66")
    kamer.fraction(2, "BBB", "BoerBurgerBeweging")
    kamer.committee(1, "OCW", "Vaste commissie voor Onderwijs, Cultuur en Wetenschap")
    kamer.committee(2, "TK", "Tweede Kamer")
    kamer.person(1, "Annemijn", "Terpstra", Geslacht="vrouw")
    kamer.seat(1, person=1, fraction=1, start="2021-03-31")
    kamer.member(1, person=1, committee=1, start="2021-04-15")
    kamer.person(2, "Bram", "Groot", prefix="de", Geslacht="man")
    kamer.seat(2, person=2, fraction=2, start="2023-12-06")
    kamer.member(2, person=2, committee=1, start="2023-12-20", function="Voorzitter")
    kamer.member(3, person=2, committee=1, start="2024-01-10", substitute=True, function="Plv. lid")
    kamer.person(3, "Peter", "Zandbergen", Geslacht="man")  # a namesake: not the registry's Pieter (VVD)
    kamer.seat(3, person=3, fraction=2, start="2023-12-06")
    return kamer


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_fractions_committees_and_kamerleden_are_linked_or_made_once(db, kamer_server, registry):
    parliament(kamer_server)
    run(kamer_server)
    # The registry's D66 and OCW committee are the Kamer's, not copies; BBB is new; the "TK" committee is the Kamer.
    assert count(db, Organisation, Organisation.kind == "party") == 3
    assert registry["d66"].source_id == guid(Kamer.FRACTION, 1) and registry["d66"].website == "https://d66.nl"
    assert count(db, Organisation, Organisation.kind == "committee") == 1
    ocw = registry["ocw"]
    assert ocw.source_id == guid(Kamer.COMMITTEE, 1)
    assert (ocw.acronym, ocw.description, ocw.parent_id) == (
        "cie. OCW",
        "Onze belangrijkste commissie",
        registry["kamer"].id,
    )
    assert registry["kamer"].source_id == guid(Kamer.COMMITTEE, 2) and registry["kamer"].kind == "parliament"
    # Terpstra: linked (name, party and dates agree); her own positions became the Kamer's, nothing doubled.
    terpstra = registry["terpstra"]
    assert terpstra.source_id == guid(Kamer.PERSON, 1)
    assert (terpstra.email, terpstra.notes, terpstra.salutation) == (
        "a.terpstra@tk.example",
        "Woordvoerder cultuur; belt liever dan mailt.",
        "Beste Annemijn",
    )
    positions = sorted((a.organisation.name, a.role, a.start_date, a.source) for a in terpstra.affiliations)
    assert positions == [
        ("Tweede Kamer der Staten-Generaal", "Tweede Kamerlid (D66)", date(2021, 3, 31), "tweedekamer"),
        ("Vaste commissie voor Onderwijs, Cultuur en Wetenschap", "Lid", date(2021, 4, 15), "tweedekamer"),
    ]
    assert count(db, Person, Person.last_name == "Terpstra") == 1
    # De Groot: new, with party, positions over time, a salutation and the lawful basis of a public role.
    groot = db.session.scalar(select(Person).where(Person.source_id == guid(Kamer.PERSON, 2)))
    assert (groot.first_name, groot.name_prefix, groot.last_name, groot.party.acronym) == ("Bram", "de", "Groot", "BBB")
    assert groot.salutation == "Geachte heer De Groot"
    assert sorted((a.organisation.acronym, a.role) for a in groot.affiliations) == [
        ("TK", "Tweede Kamerlid (BBB)"),
        ("cie. OCW", "Plaatsvervangend lid"),
        ("cie. OCW", "Voorzitter"),
    ]
    privacy = db.session.get(PersonPrivacy, groot.id)
    assert privacy.lawful_basis == "public_role" and "Tweede Kamer" in privacy.data_source
    assert db.session.get(PersonPrivacy, terpstra.id).lawful_basis == "public_role"


def test_an_unsure_match_waits_for_review_and_merges_nobody(db, kamer_server, registry):
    parliament(kamer_server)
    run(kamer_server)
    peter = db.session.get(KamerPerson, guid(Kamer.PERSON, 3))
    assert peter.review_candidates == str(registry["zandbergen"].id)
    assert registry["zandbergen"].source is None and registry["zandbergen"].party.acronym == "VVD"
    assert count(db, Person, Person.last_name == "Zandbergen") == 1


def test_the_sync_writes_as_the_system_and_a_second_sync_writes_nothing(db, kamer_server, registry):
    parliament(kamer_server)
    first_id = (db.session.scalar(select(func.max(AuditEvent.id))) or 0) + 1
    run(kamer_server)
    actors = set(
        db.session.execute(select(AuditEvent.actor_id, AuditEvent.actor_label).where(AuditEvent.id >= first_id))
    )
    assert actors == {(None, "Tweede Kamer (sync)")}
    before = count(db, AuditEvent)
    again = run(kamer_server)
    assert again.total("new") + again.total("changed") == 0
    assert count(db, AuditEvent) == before
    full = KamerClient(ClientSettings(base_url=kamer_server.base_url, tries=1, backoff=0, delay=0))
    sync(("Persoon", "FractieZetelPersoon"), full=True, client=full)
    assert count(db, AuditEvent) == before


def test_kamer_fields_follow_the_kamer_and_our_fields_stay_ours(db, kamer_server, registry):
    kamer = parliament(kamer_server)
    run(kamer_server)
    terpstra = registry["terpstra"]
    terpstra.notes = "Nieuwe notitie van ons"
    terpstra.phone = "070 123 45 67"
    db.session.commit()
    kamer.person(1, "Annemijn", "Terpstra-Vos", Geslacht="vrouw")  # married; the Kamer says so
    kamer.seat(1, person=1, fraction=1, start="2021-03-31", until="2025-10-29")  # and left the Kamer
    run(kamer_server)
    db.session.refresh(terpstra)
    assert terpstra.last_name == "Terpstra-Vos"
    assert (terpstra.notes, terpstra.phone, terpstra.email) == (
        "Nieuwe notitie van ons",
        "070 123 45 67",
        "a.terpstra@tk.example",
    )
    seat = next(a for a in terpstra.affiliations if a.organisation_id == registry["kamer"].id)
    assert seat.end_date == date(2025, 10, 29)


def test_a_kamerlid_removed_upstream_keeps_our_notes_and_contacts(db, kamer_server, registry):
    kamer = parliament(kamer_server)
    run(kamer_server)
    terpstra = registry["terpstra"]
    contact = InteractionFactory(subject="Gesprek over cultuureducatie", people=[terpstra])
    db.session.commit()
    kamer.put("Persoon", Kamer.PERSON, 1, Achternaam="Terpstra", Roepnaam="Annemijn", Verwijderd=True)
    kamer.put(
        "CommissieZetelVastPersoon",
        Kamer.COMMITTEE_MEMBER,
        1,
        CommissieZetel_Id=guid(Kamer.COMMITTEE_SEAT, 1),
        Persoon_Id=guid(Kamer.PERSON, 1),
        Verwijderd=True,
    )
    result = run(kamer_server)
    assert result.counts["Persoon"]["removed"] == 1
    db.session.refresh(terpstra)
    assert terpstra.archived_at is None and terpstra.notes == "Woordvoerder cultuur; belt liever dan mailt."
    db.session.refresh(contact)
    assert [p.id for p in contact.people] == [terpstra.id]
    assert db.session.get(KamerPerson, guid(Kamer.PERSON, 1)).removed is True


def test_a_seat_removed_upstream_removes_the_kamers_position_only(db, kamer_server, registry):
    kamer = parliament(kamer_server)
    run(kamer_server)
    kamer.put(
        "CommissieZetelVastPersoon",
        Kamer.COMMITTEE_MEMBER,
        1,
        CommissieZetel_Id=guid(Kamer.COMMITTEE_SEAT, 1),
        Persoon_Id=guid(Kamer.PERSON, 1),
        Verwijderd=True,
    )
    ours = AffiliationFactory(
        person=registry["terpstra"], organisation=registry["d66"], role="Campagneleider", start_date=date(2020, 1, 1)
    )
    db.session.commit()
    run(kamer_server)
    roles = sorted(
        a.role for a in db.session.scalars(select(Affiliation).where(Affiliation.person_id == registry["terpstra"].id))
    )
    assert roles == ["Campagneleider", "Tweede Kamerlid (D66)"]
    assert ours.source is None


def test_an_anonymised_person_is_never_brought_back(db, kamer_server, registry):
    kamer = parliament(kamer_server)
    run(kamer_server)
    terpstra = registry["terpstra"]
    terpstra.first_name, terpstra.last_name = None, "Geanonimiseerd persoon"
    db.session.get(PersonPrivacy, terpstra.id).erased_at = utcnow()
    db.session.commit()
    kamer.person(1, "Annemijn", "Terpstra", Geslacht="vrouw", Woonplaats="Delft")
    run(kamer_server)
    db.session.refresh(terpstra)
    assert (terpstra.first_name, terpstra.last_name) == (None, "Geanonimiseerd persoon")

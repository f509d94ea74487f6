"""The registry projection: the Kamer's fractions, committees and Kamerleden as organisations, people and positions.

It reads the mirror rows that wait for it (`needs_projection`), so it catches up after a sync that stopped
half-way. A current or former Kamerlid (someone with a fraction seat) is a person in the registry with positions
over time — Tweede Kamerlid for their fraction at the Tweede Kamer, member, substitute or chair of committees — and
their party. A person already in the registry is linked when name, party and dates agree (crm/parliament/matching.py);
when unsure, the Kamerlid waits on the review list ("Kamerleden koppelen") and nothing is merged silently.

Ownership per field (see also registry_orgs.py): the Kamer owns a Kamerlid's name parts and party (PERSON_OWNED)
and the positions it made (source "tweedekamer"); it fills the salutation while empty (PERSON_SEEDED). Email,
phone, notes, tags, relationship owner, stakeholder positions, contacts and every position our users entered stay
theirs. A privacy record without a lawful basis gets "publieke functie" with the Kamer as its source. People who
were anonymised (privacy erasure) are never touched again. Everything is written through the registry's services
or as attribute changes the audit listener records, attributed to the sync; an unchanged value is never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from crm.common.time import today
from crm.extensions import db
from crm.parliament import SOURCE, matching
from crm.parliament.models import (
    KamerCommittee,
    KamerCommitteeMember,
    KamerCommitteeSeat,
    KamerFraction,
    KamerFractionMember,
    KamerFractionSeat,
    KamerPerson,
)
from crm.parliament.registry_orgs import project_committee, project_fraction, sourced_organisations, tweede_kamer
from crm.partners import services as partner_services
from crm.partners.models import Affiliation, Organisation, Person
from crm.privacy.models import LawfulBasis, PersonPrivacy

PERSON_OWNED = ("first_name", "initials", "name_prefix", "last_name", "party_id")
PERSON_SEEDED = ("salutation",)
PRIVACY_SOURCE = "Tweede Kamer (Gegevensmagazijn, open data)"
BATCH = 200
ADOPT_WITHIN = timedelta(days=31)  # a position our users typed with about the same start date is the Kamer's seat


def project_registry(run=None) -> None:
    """Project every mirror row that waits for it; commits per batch."""
    known = sourced_organisations()
    kamer = tweede_kamer()
    for row in db.session.scalars(select(KamerFraction).where(KamerFraction.needs_projection)):
        project_fraction(row, known)
    for row in db.session.scalars(select(KamerCommittee).where(KamerCommittee.needs_projection)):
        project_committee(row, known, kamer)
    db.session.flush()
    person_ids = _waiting_person_ids()
    matcher = matching.Matcher(person_ids, known, kamer)
    matcher.link_confident()
    for start in range(0, len(person_ids), BATCH):
        _project_people(person_ids[start : start + BATCH], known, kamer, matcher)
        db.session.commit()
    for model in (
        KamerFraction,
        KamerCommittee,
        KamerFractionSeat,
        KamerCommitteeSeat,
        KamerPerson,
        KamerFractionMember,
        KamerCommitteeMember,
    ):
        db.session.execute(update(model).where(model.needs_projection).values(needs_projection=False))
    db.session.commit()


def _waiting_person_ids() -> list[str]:
    """Kamerleden whose own row, seats, fraction or committee changed since the projection last ran."""
    ids: set[str] = set(db.session.scalars(select(KamerPerson.id).where(KamerPerson.needs_projection)))
    for member in (KamerFractionMember, KamerCommitteeMember):
        ids.update(db.session.scalars(select(member.person_id).where(member.needs_projection)))
    changed_fraction_seats = select(KamerFractionSeat.id).where(
        KamerFractionSeat.needs_projection
        | KamerFractionSeat.fraction_id.in_(select(KamerFraction.id).where(KamerFraction.needs_projection))
    )
    ids.update(
        db.session.scalars(
            select(KamerFractionMember.person_id).where(KamerFractionMember.seat_id.in_(changed_fraction_seats))
        )
    )
    changed_committee_seats = select(KamerCommitteeSeat.id).where(KamerCommitteeSeat.needs_projection)
    ids.update(
        db.session.scalars(
            select(KamerCommitteeMember.person_id).where(KamerCommitteeMember.seat_id.in_(changed_committee_seats))
        )
    )
    ids.discard(None)  # type: ignore[arg-type]
    return sorted(ids)


def project_people(person_ids: list[str]) -> None:
    """Project these Kamerleden now, making a new person for one who is not linked (a user decided so on the
    review list). Flushes; the caller commits."""
    _project_people(person_ids, sourced_organisations(), tweede_kamer(), None)


def _project_people(
    person_ids: list[str], known: dict[str, Organisation], kamer: Organisation, matcher: matching.Matcher | None
) -> None:
    """`matcher` None: make a person for each Kamerlid not linked yet, whatever the registry holds."""
    kamer_people = {
        row.id: row for row in db.session.scalars(select(KamerPerson).where(KamerPerson.id.in_(person_ids)))
    }
    fraction_members = _by_person(
        db.session.scalars(select(KamerFractionMember).where(KamerFractionMember.person_id.in_(person_ids)))
    )
    committee_members = _by_person(
        db.session.scalars(select(KamerCommitteeMember).where(KamerCommitteeMember.person_id.in_(person_ids)))
    )
    seat_ids = {m.seat_id for rows in fraction_members.values() for m in rows}
    fraction_of_seat = dict(
        db.session.execute(
            select(KamerFractionSeat.id, KamerFractionSeat.fraction_id).where(KamerFractionSeat.id.in_(seat_ids))
        ).all()
    )
    seat_ids = {m.seat_id for rows in committee_members.values() for m in rows}
    committee_of_seat = dict(
        db.session.execute(
            select(KamerCommitteeSeat.id, KamerCommitteeSeat.committee_id).where(KamerCommitteeSeat.id.in_(seat_ids))
        ).all()
    )
    fractions = {row.id: row for row in db.session.scalars(select(KamerFraction))}
    people = {
        person.source_id: person
        for person in db.session.scalars(
            select(Person)
            .where(Person.source == SOURCE, Person.source_id.in_(person_ids))
            .options(selectinload(Person.affiliations))
        )
    }
    privacy = {
        record.person_id: record
        for record in db.session.scalars(
            select(PersonPrivacy).where(PersonPrivacy.person_id.in_([p.id for p in people.values()]))
        )
    }
    batch = _Batch(
        kamer_people,
        people,
        privacy,
        fraction_members,
        committee_members,
        fraction_of_seat,
        committee_of_seat,
        fractions,
        known,
        kamer,
        matcher,
    )
    for person_id in person_ids:
        with db.session.no_autoflush:  # one flush per batch (and one per new person), not one per read
            _project_person(batch, person_id)
    db.session.flush()


@dataclass
class _Batch:
    """What the projection of a batch of Kamerleden reads, loaded up front in a fixed number of statements."""

    kamer_people: dict[str, KamerPerson]
    people: dict[str, Person]
    privacy: dict[int, PersonPrivacy]
    fraction_members: dict[str, list[KamerFractionMember]]
    committee_members: dict[str, list[KamerCommitteeMember]]
    fraction_of_seat: dict[str, str]
    committee_of_seat: dict[str, str]
    fractions: dict[str, KamerFraction]
    known: dict[str, Organisation]
    kamer: Organisation
    matcher: matching.Matcher | None


def _project_person(batch: _Batch, person_id: str) -> None:
    kamer_people, people, privacy, matcher = batch.kamer_people, batch.people, batch.privacy, batch.matcher
    fraction_members, committee_members = batch.fraction_members, batch.committee_members
    fraction_of_seat, committee_of_seat, known = batch.fraction_of_seat, batch.committee_of_seat, batch.known
    fractions, kamer = batch.fractions, batch.kamer
    row = kamer_people.get(person_id)
    seats = [m for m in fraction_members.get(person_id, []) if not m.removed]
    if row is None:
        return  # seats of someone whose Persoon row has not arrived yet: a later sync brings it
    person = people.get(person_id)
    if person is None:
        if row.removed or not (seats or row.function == "Tweede Kamerlid"):
            return
        if matcher is not None and row.review_candidates:
            return  # waiting on the review list
        candidates = matcher.candidates(row) if matcher is not None else []
        if candidates:
            row.review_candidates = ",".join(str(c.id) for c in candidates)  # unsure: a user decides
            return
        person = _create_person(row)
        row.review_candidates = None
    elif (person.id in privacy and privacy[person.id].is_erased) or row.removed:
        return  # anonymised: never brought back; removed upstream: our notes and contacts stay as they are
    desired = _desired_positions(
        row,
        seats,
        committee_members.get(person_id, []),
        fraction_of_seat,
        committee_of_seat,
        fractions,
        known,
        kamer,
    )
    _update_person(person, row, _party(seats, fraction_of_seat, known))
    _sync_positions(person, desired)
    ensure_privacy(person, privacy.get(person.id))


def _by_person(rows) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row.person_id, []).append(row)
    return grouped


def _party(seats: list[KamerFractionMember], fraction_of_seat: dict, known: dict[str, Organisation]) -> int | None:
    """The fraction of the current seat, else of the most recent one."""
    day = today()
    ordered = sorted(seats, key=lambda s: (s.until_date is None or s.until_date >= day, s.from_date or date.min))
    for seat in reversed(ordered):
        org = known.get(fraction_of_seat.get(seat.seat_id))
        if org is not None:
            return org.id
    return None


def owned_person_values(row: KamerPerson) -> dict:
    given = row.first_name or ((row.given_names or "").split() or [None])[0]
    return {
        "first_name": given,
        "initials": row.initials,
        "name_prefix": row.prefix.lower() if row.prefix else None,
        "last_name": row.last_name or "?",
    }


def salutation_for(row: KamerPerson) -> str | None:
    title = {"man": "heer", "vrouw": "mevrouw"}.get((row.gender or "").lower())
    if not title:
        return None
    surname = " ".join(p for p in ((row.prefix or "").capitalize(), row.last_name) if p)
    return f"Geachte {title} {surname}"


def _create_person(row: KamerPerson) -> Person:
    values = owned_person_values(row)
    person = partner_services.create_person(
        partner_services.PersonInput(
            last_name=values["last_name"],
            first_name=values["first_name"],
            initials=values["initials"],
            name_prefix=values["name_prefix"],
            salutation=salutation_for(row),
            tags="Tweede Kamer",
            source=SOURCE,
            source_id=row.id,
        )
    )
    set_committed_value(person, "affiliations", [])  # new: none yet, no need to ask the database
    return person


def _update_person(person: Person, row: KamerPerson, party_id: int | None) -> None:
    for field, value in {**owned_person_values(row), "party_id": party_id or person.party_id}.items():
        if getattr(person, field) != value:
            setattr(person, field, value)
    if not person.salutation:
        person.salutation = salutation_for(row)


def _fraction_role(seat: KamerFractionMember, fraction: KamerFraction | None) -> str:
    label = fraction.abbreviation or fraction.name if fraction else None
    role = (
        "Tweede Kamerlid" if (seat.function or "Lid").lower() == "lid" else f"Tweede Kamerlid, {seat.function.lower()}"
    )
    return f"{role} ({label})" if label else role


def _committee_role(member: KamerCommitteeMember) -> str:
    if member.substitute and (member.function or "").lower() in ("", "lid", "plv. lid"):
        return "Plaatsvervangend lid"
    return member.function or "Lid"


def _desired_positions(
    row, seats, committee_rows, fraction_of_seat, committee_of_seat, fractions, known, kamer
) -> dict:
    """{Kamer id of the seat row: (organisation id, role, from, until)} of what the registry should show."""
    desired = {}
    for seat in seats:
        fraction = fractions.get(fraction_of_seat.get(seat.seat_id))
        desired[seat.id] = (kamer.id, _fraction_role(seat, fraction), seat.from_date, _until(seat))
    for member in committee_rows:
        org = known.get(committee_of_seat.get(member.seat_id))
        if member.removed or org is None or org.id == kamer.id:
            continue
        desired[member.id] = (org.id, _committee_role(member), member.from_date, _until(member))
    return desired


def _until(seat) -> date | None:
    if seat.until_date and seat.from_date and seat.until_date < seat.from_date:
        return seat.from_date  # the Kamer's typing error: never a position that ends before it starts
    return seat.until_date


def _close(a: date | None, b: date | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) <= ADOPT_WITHIN)


def _sync_positions(person: Person, desired: dict) -> None:
    existing = {a.source_id: a for a in person.affiliations if a.source == SOURCE}
    for source_id, affiliation in existing.items():
        if source_id not in desired:
            partner_services.remove_affiliation(affiliation)  # the seat was removed upstream
    for source_id, (org_id, role, start, end) in desired.items():
        affiliation = existing.get(source_id)
        if affiliation is None:
            affiliation = next(
                (
                    a
                    for a in person.affiliations
                    if a.source is None and a.organisation_id == org_id and _close(a.start_date, start)
                ),
                None,
            )
            if affiliation is None:
                # Made here rather than one by one through add_affiliation, which flushes each: the batch flushes
                # once. The same rules hold: a known organisation (ours), dates in order (_until), audited.
                person.affiliations.append(
                    Affiliation(
                        organisation_id=org_id,
                        role=role,
                        start_date=start,
                        end_date=end,
                        source=SOURCE,
                        source_id=source_id,
                    )
                )
                continue
            affiliation.source, affiliation.source_id = SOURCE, source_id
        for field, value in (("organisation_id", org_id), ("role", role), ("start_date", start), ("end_date", end)):
            if getattr(affiliation, field) != value:
                setattr(affiliation, field, value)


def ensure_privacy(person: Person, record: PersonPrivacy | None) -> None:
    if record is None:
        db.session.add(
            PersonPrivacy(person_id=person.id, lawful_basis=LawfulBasis.PUBLIC_ROLE.value, data_source=PRIVACY_SOURCE)
        )
    elif record.lawful_basis is None and not record.is_erased:
        record.lawful_basis = LawfulBasis.PUBLIC_ROLE.value
        record.data_source = record.data_source or PRIVACY_SOURCE

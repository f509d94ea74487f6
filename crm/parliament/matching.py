"""Which registry person a Kamerlid is: linked only when name, party and dates agree, never merged on a guess.

A candidate is a registry person without a source whose surname and prefix are the Kamerlid's. It *agrees* when
its first name (or, without one, its first initial) is the Kamerlid's, its party is one of the Kamerlid's
fractions, and one of its positions at the Tweede Kamer or a committee starts within a month of one of the
Kamerlid's seats. Exactly one agreeing candidate: linked. Candidates, but not exactly one agreeing: the Kamerlid
goes on the review list ("Kamerleden koppelen") for a user to link or create. No candidate: a new person.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from crm.common.text import fold
from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import (
    KamerCommitteeMember,
    KamerFractionMember,
    KamerFractionSeat,
    KamerPerson,
)
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Affiliation, Organisation, Person
from crm.privacy.models import PersonPrivacy

ADOPT_DAYS = 31
PARLIAMENTARY_KINDS = (OrganisationKind.PARLIAMENT.value, OrganisationKind.COMMITTEE.value)


def _surname(prefix: str | None, last_name: str | None) -> str:
    return " ".join(p for p in (fold(prefix), fold(last_name)) if p)


class Matcher:
    """Built once per projection: the registry's unlinked people by surname, read in one statement."""

    def __init__(self, person_ids: list[str], known: dict[str, Organisation], kamer: Organisation):
        self.person_ids = person_ids
        self.known = known
        erased = select(PersonPrivacy.person_id).where(PersonPrivacy.erased_at.is_not(None))
        unlinked = db.session.scalars(select(Person).where(Person.source.is_(None), Person.id.not_in(erased)))
        self.by_surname: dict[str, list[Person]] = {}
        for person in unlinked:
            self.by_surname.setdefault(_surname(person.name_prefix, person.last_name), []).append(person)

    def candidates(self, row: KamerPerson) -> list[Person]:
        return [p for p in self.by_surname.get(_surname(row.prefix, row.last_name), []) if p.source is None]

    def link_confident(self) -> None:
        """Link every waiting Kamerlid who has exactly one agreeing candidate (before anyone is created, so a
        namesake processed first cannot take the candidate's place)."""
        rows = db.session.scalars(
            select(KamerPerson).where(KamerPerson.id.in_(self.person_ids), KamerPerson.removed.is_(False))
        ).all()
        linked = set(
            db.session.scalars(
                select(Person.source_id).where(Person.source == SOURCE, Person.source_id.in_(self.person_ids))
            )
        )
        waiting = [row for row in rows if row.id not in linked and not row.review_candidates and self.candidates(row)]
        if not waiting:
            return
        facts = _facts([row.id for row in waiting], self.known)
        candidate_ids = [c.id for row in waiting for c in self.candidates(row)]
        positions = _parliamentary_positions(candidate_ids)
        for row in waiting:
            parties, starts = facts.get(row.id, (set(), []))
            agreeing = [
                c
                for c in self.candidates(row)
                if _name_agrees(c, row) and c.party_id in parties and _dates_agree(positions.get(c.id, []), starts)
            ]
            if len(agreeing) == 1:
                agreeing[0].source, agreeing[0].source_id = SOURCE, row.id
        db.session.flush()


def _name_agrees(person: Person, row: KamerPerson) -> bool:
    given = fold(row.first_name or (row.given_names or "").split(" ")[0])
    if person.first_name:
        return fold(person.first_name) == given
    initial = fold(person.initials)[:1]
    return bool(initial) and initial == fold(row.initials or given)[:1]


def _dates_agree(positions: list[date], starts: list[date]) -> bool:
    return any(abs(p - s).days <= ADOPT_DAYS for p in positions for s in starts)


def _facts(person_ids: list[str], known: dict[str, Organisation]) -> dict[str, tuple[set[int], list[date]]]:
    """Per Kamerlid: the registry ids of their fractions, and the start dates of their seats."""
    facts: dict[str, tuple[set[int], list[date]]] = {pid: (set(), []) for pid in person_ids}
    seats = db.session.execute(
        select(KamerFractionMember.person_id, KamerFractionSeat.fraction_id, KamerFractionMember.from_date)
        .join(KamerFractionSeat, KamerFractionSeat.id == KamerFractionMember.seat_id, isouter=True)
        .where(KamerFractionMember.person_id.in_(person_ids), KamerFractionMember.removed.is_(False))
    )
    for person_id, fraction_id, start in seats:
        org = known.get(fraction_id)
        if org is not None:
            facts[person_id][0].add(org.id)
        if start:
            facts[person_id][1].append(start)
    members = db.session.execute(
        select(KamerCommitteeMember.person_id, KamerCommitteeMember.from_date).where(
            KamerCommitteeMember.person_id.in_(person_ids), KamerCommitteeMember.removed.is_(False)
        )
    )
    for person_id, start in members:
        if start:
            facts[person_id][1].append(start)
    return facts


def _parliamentary_positions(person_ids: list[int]) -> dict[int, list[date]]:
    """Start dates of the candidates' positions at the Kamer and its committees."""
    found: dict[int, list[date]] = {}
    rows = db.session.execute(
        select(Affiliation.person_id, Affiliation.start_date)
        .join(Organisation, Organisation.id == Affiliation.organisation_id)
        .where(
            Affiliation.person_id.in_(person_ids),
            Organisation.kind.in_(PARLIAMENTARY_KINDS),
            Affiliation.start_date.is_not(None),
        )
    )
    for person_id, start in rows:
        found.setdefault(person_id, []).append(start)
    return found

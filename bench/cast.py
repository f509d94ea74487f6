"""Who the generated contacts and meetings involve, read from a generated registry.

Lobby work is lopsided: the ministry and the parliamentary committees are spoken to every week, most organisations
a few times a year. Organisations are ranked (the national layer first, the rest in random order) and picked with
weight 1 / (rank + 5); within an organisation the first employees are the usual contacts (weight 1 / position).
The focus records of the registry (bench/generate.py) are left out: they get a planted, size-independent share.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import select

from bench.generate import Dataset
from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.extensions import db
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Affiliation, Organisation

YEARS = 3
NATIONAL = {OrganisationKind.MINISTRY, OrganisationKind.PARLIAMENT, OrganisationKind.COMMITTEE}
RANK_OFFSET = 5
PEOPLE_PER_CONTACT = ((1, 2, 3), (55, 30, 15))
SECOND_ORGANISATION_CHANCE = 0.3  # a contact with people of two organisations (a ministry and a partner, …)
COLLEAGUE_WEIGHTS = {"admin": 1, "director": 2, "lobbyist": 4}


def start_of_today() -> datetime:
    """The anchor of the generated history (naive UTC, like every stored time): everything happened before it."""
    return datetime.combine(datetime.now(UTC).date(), time.min)


@dataclass
class Cast:
    rng: random.Random
    anchor: datetime
    lobbyist_id: int  # the measuring user
    colleague_ids: list[int]  # users who log contacts and attend meetings (everyone but the viewer)
    colleague_weights: list[int]
    dossier_ids: list[int]
    coalition_ids: list[int]
    organisation_ids: list[int]  # organisations with current employees, most contacted first
    organisation_cumulative_weights: list[float]
    employees: dict[int, list[int]]  # organisation → current employees, usual contacts first
    employer: dict[int, int]  # person → current organisation
    focus_person_id: int
    focus_organisation_id: int
    focus_staff: list[int] = field(default_factory=list)  # current positions at the focus organisation
    focus_employers: dict[int, list[int]] = field(default_factory=dict)  # their current organisations

    @property
    def start(self) -> datetime:
        return self.anchor - timedelta(days=365 * YEARS)

    def moment(self) -> datetime:
        """A working-hours moment in the three years before the anchor."""
        day = self.rng.randrange(365 * YEARS)
        return self.start + timedelta(days=day, hours=self.rng.randint(7, 16), minutes=self.rng.randrange(60))

    def organisation(self) -> int:
        return self.rng.choices(self.organisation_ids, cum_weights=self.organisation_cumulative_weights)[0]

    def people_of(self, organisation_id: int, count: int) -> list[int]:
        staff = self.employees[organisation_id]
        picks = self.rng.choices(staff, cum_weights=_HARMONIC[: len(staff)], k=count)
        return list(dict.fromkeys(picks))

    def contacts(self) -> tuple[list[int], list[int]]:
        """1–3 people, mostly of one organisation, and the organisations they work for."""
        count = self.rng.choices(*PEOPLE_PER_CONTACT)[0]
        people = self.people_of(self.organisation(), count)
        if count > 1 and self.rng.random() < SECOND_ORGANISATION_CHANCE:
            people = list(dict.fromkeys([*people[:-1], *self.people_of(self.organisation(), 1)]))
        return people, list(dict.fromkeys(self.employer[p] for p in people))

    def colleagues(self, low: int, high: int) -> list[int]:
        picks = self.rng.choices(self.colleague_ids, weights=self.colleague_weights, k=self.rng.randint(low, high))
        return list(dict.fromkeys(picks))


_HARMONIC = list(accumulate(1 / (position + 1) for position in range(10_000)))


def load_cast(rng: random.Random, registry: Dataset) -> Cast:
    users = db.session.execute(select(User.id, User.email, User.role).order_by(User.id)).all()
    colleagues = [u for u in users if u.role in COLLEAGUE_WEIGHTS]
    cast = Cast(
        rng=rng,
        anchor=start_of_today(),
        lobbyist_id=next(u.id for u in users if u.email == registry.lobbyist_email),
        colleague_ids=[u.id for u in colleagues],
        colleague_weights=[COLLEAGUE_WEIGHTS[u.role] for u in colleagues],
        dossier_ids=list(db.session.scalars(select(Dossier.id).order_by(Dossier.id))),
        coalition_ids=list(db.session.scalars(select(Coalition.id).order_by(Coalition.id))),
        organisation_ids=[],
        organisation_cumulative_weights=[],
        employees=defaultdict(list),
        employer={},
        focus_person_id=registry.focus_person_id,
        focus_organisation_id=registry.focus_organisation_id,
    )
    _load_positions(cast)
    _rank_organisations(cast)
    return cast


def _load_positions(cast: Cast) -> None:
    positions = db.session.execute(
        select(Affiliation.person_id, Affiliation.organisation_id, Affiliation.end_date).order_by(
            Affiliation.person_id, Affiliation.id
        )
    ).all()
    focus_people = {cast.focus_person_id}
    focus_people |= {p.person_id for p in positions if p.organisation_id == cast.focus_organisation_id}
    for position in positions:
        if position.end_date is not None:
            continue  # generated positions are current or ended before 2025
        if position.person_id in focus_people:
            cast.focus_employers.setdefault(position.person_id, []).append(position.organisation_id)
            if position.organisation_id == cast.focus_organisation_id and position.person_id != cast.focus_person_id:
                cast.focus_staff.append(position.person_id)
        elif position.person_id not in cast.employer:
            cast.employer[position.person_id] = position.organisation_id
            cast.employees[position.organisation_id].append(position.person_id)


def _rank_organisations(cast: Cast) -> None:
    kinds = dict(db.session.execute(select(Organisation.id, Organisation.kind).order_by(Organisation.id)).all())
    ranked = sorted(cast.employees)
    cast.rng.shuffle(ranked)
    ranked.sort(key=lambda organisation_id: kinds[organisation_id] not in NATIONAL)  # stable: national first
    cast.organisation_ids = ranked
    cast.organisation_cumulative_weights = list(accumulate(1 / (rank + RANK_OFFSET) for rank in range(len(ranked))))

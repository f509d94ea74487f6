"""Deterministic benchmark data: users, organisations, people, coalitions and dossiers from one random seed.

`generate(url, organisations, people)` migrates a fresh database and fills it through the ORM, so the model
listeners fill the derived `name_key`/`search_text` columns exactly as the app would. Auditing is switched off:
an audit trail of generated rows has no value and would double the write time. The contact log and meetings come
on top from bench/activity.py; bench/build.py analyses the database once everything is loaded.

Every dataset holds the same two "focus" records, whatever its size, so a detail page does the same amount of
work at both sizes and its time can be compared: the organisation FOCUS_ORGANISATION (with children, coalition
memberships and FOCUS_CURRENT + FOCUS_FORMER positions) and the first person (three positions, a party, tags).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from flask_migrate import upgrade

import config
from bench import vocabulary as words
from bench.organisations import OrganisationRef, build_organisations
from crm import create_app
from crm.audit.context import auditing_disabled
from crm.auth.models import User
from crm.auth.passwords import hash_password
from crm.coalitions.models import Coalition, CoalitionMember, Dossier, MemberRole
from crm.common.text import fold
from crm.extensions import db
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Affiliation, Person, Tag

PASSWORD = "bench-password-not-secret"
VIEWER_EMAIL = "lezer@bench.example"
LOBBYIST_EMAIL = "lobby1@bench.example"  # measures the contact-log pages: "My actions" and quick log need a lobbyist
DIRECTOR_EMAIL = "directeur@bench.example"  # measures the dashboard, the directors' landing page
USERS = (
    ("beheer@bench.example", "Bea Beheer", "admin"),
    (DIRECTOR_EMAIL, "Dirk Directeur", "director"),
    (LOBBYIST_EMAIL, "Lotte Lobby", "lobbyist"),
    ("lobby2@bench.example", "Lucas Lobby", "lobbyist"),
    (VIEWER_EMAIL, "Lars Lezer", "viewer"),
)
BATCH_SIZE = 2000
FOCUS_CURRENT = 12  # current positions at the focus organisation, held by people 0..11
FOCUS_FORMER = 6  # former positions there, held by people 12..17
FOCUS_COALITIONS = 3
COALITION_MEMBERS = (4, 15)
DOSSIERS_PER_COALITION = (1, 3)
START_OF_RECORDS = date(2000, 1, 1)
END_OF_RECORDS = date(2024, 12, 31)  # every ended position ended before this: "current" never depends on the run date


@dataclass(frozen=True)
class Dataset:
    database_url: str
    organisations: int
    people: int
    viewer_email: str
    lobbyist_email: str
    password: str
    focus_organisation_id: int
    focus_person_id: int
    seconds: float


def generate(database_url: str, organisations: int, people: int, seed: int = 42) -> Dataset:
    """Migrate the (fresh) database at `database_url` and fill it; the same seed always gives the same data."""
    started = time.perf_counter()
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        try:
            with auditing_disabled():
                builder = _RegistryBuilder(random.Random(seed))
                focus_person_id = builder.build(organisations, people)
        finally:
            db.session.remove()
            db.engine.dispose()
    return Dataset(
        database_url=database_url,
        organisations=organisations,
        people=people,
        viewer_email=VIEWER_EMAIL,
        lobbyist_email=LOBBYIST_EMAIL,
        password=PASSWORD,
        focus_organisation_id=builder.focus.id,
        focus_person_id=focus_person_id,
        seconds=time.perf_counter() - started,
    )


def _add_in_batches(objects) -> None:
    """add_all + flush per batch keeps each INSERT a multi-row statement and the session small."""
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH_SIZE:
            db.session.add_all(batch)
            db.session.flush()
            batch.clear()
    db.session.add_all(batch)
    db.session.flush()


class _RegistryBuilder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.user_ids: list[int] = []
        self.tags: list[Tag] = []
        self.organisations: list[OrganisationRef] = []
        self.focus: OrganisationRef

    def build(self, organisations: int, people: int) -> int:
        self._users()
        self._tags()
        self.organisations, self.focus = build_organisations(
            self.rng, organisations, self.user_ids[:4], self.tags, BATCH_SIZE
        )
        db.session.commit()
        focus_person_id = self._people(people)
        db.session.commit()
        self._coalitions_and_dossiers()
        db.session.commit()
        return focus_person_id

    def _users(self) -> None:
        password_hash = hash_password(PASSWORD)  # one hash for all: hashing is deliberately slow
        users = [User(email=e, name=n, role=r, password_hash=password_hash) for e, n, r in USERS]
        db.session.add_all(users)
        db.session.flush()
        self.user_ids = [u.id for u in users]

    def _tags(self) -> None:
        self.tags = [Tag(name=name, key=fold(name)) for name in words.TAGS]
        db.session.add_all(self.tags)
        db.session.flush()

    # --- people --------------------------------------------------------------------------------------------

    def _people(self, count: int) -> int:
        kinds = {kind: [o for o in self.organisations if o.kind == kind] for kind in OrganisationKind}
        # Positions are spread over every organisation but the focus one, which gets exactly its planted share.
        others = [o for o in self.organisations if o.id != self.focus.id]
        first_person = self._focus_person(kinds)
        people = (self._person(i, others, kinds) for i in range(1, count))
        _add_in_batches([first_person])
        _add_in_batches(people)
        return first_person.id

    def _focus_person(self, kinds) -> Person:
        person = self._new_person(self.focus)
        person.party_id = kinds[OrganisationKind.PARTY][0].id
        person.owner_id = self.user_ids[2]
        person.tags = self.tags[:2]
        committee = (kinds[OrganisationKind.COMMITTEE] or kinds[OrganisationKind.PARLIAMENT])[0]
        ministry = kinds[OrganisationKind.MINISTRY][0]
        person.affiliations = [
            Affiliation(organisation_id=self.focus.id, role="Directeur", start_date=date(2019, 3, 1)),
            Affiliation(organisation_id=committee.id, role="Adviseur", start_date=date(2021, 1, 1)),
            Affiliation(
                organisation_id=ministry.id,
                role="Beleidsmedewerker",
                start_date=date(2012, 9, 1),
                end_date=date(2018, 12, 31),
            ),
        ]
        return person

    def _person(self, index: int, others: list[OrganisationRef], kinds) -> Person:
        rng = self.rng
        places = rng.sample(others, rng.choices((1, 2, 3), weights=(60, 30, 10))[0])
        person = self._new_person(places[0])
        positions = [self._position(org, current=(n == 0)) for n, org in enumerate(places)]
        if index < FOCUS_CURRENT + FOCUS_FORMER:
            positions.append(self._position(self.focus, current=index < FOCUS_CURRENT))
        person.affiliations = positions
        political = places[0].kind in (OrganisationKind.COMMITTEE, OrganisationKind.PARLIAMENT)
        if (political or rng.random() < 0.05) and kinds[OrganisationKind.PARTY]:
            person.party_id = rng.choice(kinds[OrganisationKind.PARTY]).id
        if rng.random() < 0.3:
            person.owner_id = rng.choice(self.user_ids[:4])
        person.tags = rng.sample(self.tags, rng.choices((0, 1, 2), weights=(40, 40, 20))[0])
        return person

    def _new_person(self, employer: OrganisationRef) -> Person:
        rng = self.rng
        first = rng.choice(words.FIRST_NAMES)
        prefix = rng.choice(words.NAME_PREFIXES) if rng.random() < 0.3 else None
        last = rng.choice(words.LAST_NAMES)
        local = ".".join(fold(part).replace(" ", "") for part in (first, prefix, last) if part)
        return Person(
            first_name=first,
            initials=f"{first[0]}.",
            name_prefix=prefix,
            last_name=last,
            email=f"{local}@{employer.domain}" if rng.random() < 0.8 else None,
            phone=f"06-{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.5 else None,
            salutation=f"Beste {first}" if rng.random() < 0.4 else None,
            notes="Contact via de coalitie; voorkeur voor e-mail." if rng.random() < 0.1 else None,
        )

    def _position(self, org: OrganisationRef, *, current: bool) -> Affiliation:
        rng = self.rng
        span = (END_OF_RECORDS - START_OF_RECORDS).days
        start = START_OF_RECORDS + timedelta(days=rng.randrange(span - 400))
        end = None
        if not current:
            end = start + timedelta(days=rng.randrange(365, 8 * 365))
            end = min(end, END_OF_RECORDS)
        return Affiliation(organisation_id=org.id, role=rng.choice(words.ROLES), start_date=start, end_date=end)

    # --- coalitions and dossiers ---------------------------------------------------------------------------

    def _coalitions_and_dossiers(self) -> None:
        rng = self.rng
        dossiers = [
            Dossier(
                title=title,
                status=rng.choices(("active", "monitoring", "closed"), weights=(60, 30, 10))[0],
                description=f"Lobbydossier over {title.lower()}.",
            )
            for title in words.DOSSIER_TOPICS
        ]
        db.session.add_all(dossiers)
        government = {OrganisationKind.PARTY, OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE}
        eligible = [o for o in self.organisations if o.kind not in government and o.id != self.focus.id]
        roles = [MemberRole.CARRIER, MemberRole.PARTNER, MemberRole.PARTNER, MemberRole.OBSERVER]
        for number, name in enumerate(words.COALITION_THEMES):
            start = date(2015, 1, 1) + timedelta(days=rng.randrange(9 * 365))
            coalition = Coalition(
                name=name,
                description=f"Coalitie rond {name.lower()}.",
                start_date=start,
                dossiers=rng.sample(dossiers, rng.randint(*DOSSIERS_PER_COALITION)),
            )
            members = rng.sample(eligible, min(len(eligible), rng.randint(*COALITION_MEMBERS)))
            coalition.members = [
                CoalitionMember(organisation_id=org.id, role=rng.choice(roles), joined_on=start) for org in members
            ]
            if number < FOCUS_COALITIONS:
                coalition.members.append(
                    CoalitionMember(organisation_id=self.focus.id, role=MemberRole.INITIATOR, joined_on=start)
                )
            db.session.add(coalition)
        db.session.flush()

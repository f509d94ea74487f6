"""The demo stakeholder maps of "Nationaal Programma Onderwijs" and "Heropening en routekaart": officials at OCW,
members of the Tweede Kamer committees, VNG, LKCA and partners, recorded through the service (so audited) with
dates relative to today, and three changes of stance over time."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from importlib import resources

from sqlalchemy import select

from crm.auth.models import User
from crm.coalitions.models import Dossier
from crm.common.time import today
from crm.extensions import db
from crm.interactions.services import InteractionInput, log_interaction
from crm.partners.models import Organisation, Person
from crm.partners.services import OrganisationRef
from crm.stakeholders.services import Assessment, PositionInput, record_position

NPO = "Nationaal Programma Onderwijs"
REOPENING = "Heropening en routekaart"
LOBBYIST, DIRECTOR = "lobbyist@bondgenoot.test", "directeur@bondgenoot.test"

# One row a position: dossier, person e-mail or "org:<acronym or name>", stance, influence, interest, days ago,
# source, rationale, the author's e-mail (an empty cell: none).
POSITIONS_FILE = "stakeholder-positions.tsv"

# The contact behind the first change of stance: the work visit where the official saw the music school at work.
WORK_VISIT = ("i.vanderwouden@ocw.example", 75, "Werkbezoek aan het centrum voor de kunsten met OCW")


def _positions() -> list[tuple[str | None, ...]]:
    """The demo's positions, from a table beside this module (its header row names the columns)."""
    text = resources.files("crm.demo").joinpath(POSITIONS_FILE).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return [tuple(cell or None for cell in row) for row in rows]


def _stakeholder(key: str) -> tuple[int | None, OrganisationRef]:
    if key.startswith("org:"):
        name = key.removeprefix("org:")
        org = db.session.scalar(
            select(Organisation).where((Organisation.acronym == name) | (Organisation.name == name)).limit(1)
        )
        return None, OrganisationRef(id=org.id, name=org.name, field="organisation_name")
    person = db.session.scalar(select(Person).where(Person.email == key))
    return person.id, OrganisationRef()


def seed_stakeholders(users: dict[str, User]) -> int:
    dossiers = {d.title: d for d in db.session.scalars(select(Dossier).where(Dossier.title.in_([NPO, REOPENING])))}
    if len(dossiers) < 2:
        return 0
    email, days, subject = WORK_VISIT
    visited = db.session.scalar(select(Person).where(Person.email == email))
    log_interaction(
        InteractionInput(
            kind="work_visit",
            subject=subject,
            occurred_at=datetime.combine(today() - timedelta(days=days), time(9, 30)),
            notes="Rondleiding langs de lessen op twee basisscholen; **voorbeelden** voor de handreiking afgesproken.",
            person_ids=[visited.id],
            user_ids=[users[LOBBYIST].id],
            dossier_ids=[dossiers[NPO].id],
        ),
        author=users[LOBBYIST],
    )
    positions = _positions()
    for title, key, stance, influence, interest, days, source, rationale, author in positions:
        person_id, organisation = _stakeholder(key)
        record_position(
            PositionInput(
                dossier_id=dossiers[title].id,
                person_id=person_id,
                organisation=organisation,
                assessment=Assessment(
                    stance, influence, interest, today() - timedelta(days=int(days)), rationale, source
                ),
            ),
            author=users[author],
        )
    return len(positions)

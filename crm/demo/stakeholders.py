"""The demo stakeholder maps of "Nationaal Programma Onderwijs" and "Heropening en routekaart": officials at OCW,
members of the Tweede Kamer committees, VNG, LKCA and partners, recorded through the service (so audited) with
dates relative to today, and three changes of stance over time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

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

# (dossier, person email or "org:<acronym or name>", stance, influence, interest, days ago, source, rationale, author)
POSITIONS = [
    (NPO, "i.vanderwouden@ocw.example", "critical", "high", "high", 200, "Ambtelijk overleg OCW",
     "Vindt dat scholen zelf over de besteding van de NPO-middelen moeten beslissen.", LOBBYIST),
    (NPO, "i.vanderwouden@ocw.example", "neutral", "high", "high", 75, "Werkbezoek centrum voor de kunsten",
     "Zag hoe de muziekschool scholen helpt; wil voorbeelden in de handreiking voor scholen.", LOBBYIST),
    (NPO, "s.molenkamp@ocw.example", "supportive", "medium", "high", 120, "Telefoongesprek",
     "Denkt mee over een alinea cultuureducatie in de Kamerbrief.", LOBBYIST),
    (NPO, "g.hofstede@tk.example", "neutral", "high", "medium", 150, "Commissiedebat OCW",
     "Wacht de evaluatie van het NPO af.", DIRECTOR),
    (NPO, "a.terpstra@tk.example", "supportive", "high", "high", 100, "Kamervragen over cultuureducatie",
     "Stelde zelf Kamervragen over cultuureducatie in het NPO.", LOBBYIST),
    (NPO, "p.zandbergen@tk.example", "unknown", "high", "low", 300, None, None, LOBBYIST),
    (NPO, "p.zandbergen@tk.example", "critical", "high", "low", 60, "Kamerdebat NPO",
     "Wil geen geoormerkt geld voor cultuureducatie binnen het NPO.", DIRECTOR),
    (NPO, "y.elouardi@tk.example", "supportive", "medium", "high", 90, "Rondetafelgesprek",
     "Noemde muziekonderwijs als voorbeeld van goede besteding.", LOBBYIST),
    (NPO, "r.stellingwerf@vng.example", "critical", "medium", "medium", 80, "Overleg VNG",
     "Gemeenten willen geen extra taken zonder extra middelen.", LOBBYIST),
    (NPO, "org:VNG", "neutral", "medium", "medium", 110, "Corona Gids VNG", None, LOBBYIST),
    (NPO, "org:LKCA", "supportive", "medium", "high", 40, "Gezamenlijke brief aan de Kamer",
     "Schreef de brief voor het Kamerdebat met ons.", DIRECTOR),
    (NPO, "org:OCW", "neutral", "high", "high", 180, "Kamerbrief van de minister", None, DIRECTOR),
    (REOPENING, "h.vierhout@ocw.example", "neutral", "high", "high", 240, "Bestuurlijk overleg OCW",
     "Wil eerst de adviezen van het OMT afwachten.", DIRECTOR),
    (REOPENING, "h.vierhout@ocw.example", "supportive", "high", "high", 50, "Overleg Taskforce",
     "Zegde een routekaart voor de amateurkunst toe.", DIRECTOR),
    (REOPENING, "l.brouwershaven@tk.example", "supportive", "medium", "medium", 130, "Debat coronamaatregelen",
     "Vroeg in het debat om perspectief voor koren en orkesten.", LOBBYIST),
    (REOPENING, "g.hofstede@tk.example", "critical", "high", "medium", 140, "Commissiedebat cultuur",
     "Vindt een versnelde heropening te riskant.", LOBBYIST),
    (REOPENING, "org:VWS", "opposed", "high", "medium", 200, "Kamerbrief over sneltesten",
     "Geen uitzondering voor de amateurkunst bij de sneltesten.", LOBBYIST),
    (REOPENING, "org:Kunsten '92", "supportive", "medium", "high", 70, "Taskforce culturele en creatieve sector",
     None, DIRECTOR),
    (REOPENING, "f.lindeboom@szw.example", "unknown", "low", "low", 160, None, None, LOBBYIST),
]  # fmt: skip

# The contact behind the first change of stance: the work visit where the official saw the music school at work.
WORK_VISIT = ("i.vanderwouden@ocw.example", 75, "Werkbezoek aan het centrum voor de kunsten met OCW")


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
    for title, key, stance, influence, interest, days, source, rationale, author in POSITIONS:
        person_id, organisation = _stakeholder(key)
        record_position(
            PositionInput(
                dossier_id=dossiers[title].id,
                person_id=person_id,
                organisation=organisation,
                assessment=Assessment(stance, influence, interest, today() - timedelta(days=days), rationale, source),
            ),
            author=users[author],
        )
    return len(POSITIONS)

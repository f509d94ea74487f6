"""A year of realistic lobby contacts for the demo, logged through the contact-log service."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.interactions.services import InteractionInput, log_interaction, set_follow_up_done
from crm.partners.models import Person

# (kind, subject, dossier title, notes)
TOPICS = [
    (
        "call",
        "Stand van zaken NPO-middelen voor cultuureducatie",
        "Nationaal Programma Onderwijs",
        "Scholen weten nog niet dat ze NPO-middelen voor cultuureducatie mogen inzetten. Afgesproken: **voorbeelden** "
        "van muziekscholen delen.",
    ),
    (
        "email",
        "Input voor de brief aan de Kamer over het NPO",
        "Nationaal Programma Onderwijs",
        "Concepttekst rondgestuurd; reactie vóór vrijdag.",
    ),
    (
        "meeting",
        "Afstemming routekaart heropening",
        "Heropening en routekaart",
        "- Protocol amateurkunst besproken\n- Vraag over sneltesten voor koren",
    ),
    (
        "call",
        "Vragen over de steunpakketten voor zzp-docenten",
        "Steunpakketten",
        "Docenten vallen tussen wal en schip bij de TOZO. Casuïstiek aangeleverd.",
    ),
    (
        "work_visit",
        "Werkbezoek aan het centrum voor de kunsten",
        "Cultuureducatie in gemeenten",
        "Wethouder was onder de indruk van het aanbod voor het primair onderwijs.",
    ),
    ("event", "Netwerkbijeenkomst cultuureducatie", "Cultuureducatie in gemeenten", None),
    ("email", "Handreiking New Creative Deal: commentaar", "New Creative Deal", None),
    (
        "call",
        "Monitor: aanlevering ledendata",
        "Onderzoek en monitoring",
        "Boekmanstichting wil de ledenenquête in de monitor opnemen.",
    ),
    ("media", "Interview over de positie van zzp-docenten", "Steunpakketten", None),
    ("social", "Reactie op het Kamerdebat cultuur", "Heropening en routekaart", None),
    ("letter", "Brief over de oproep aan gemeenten", "Cultuureducatie in gemeenten", None),
    (
        "call",
        "Zoom-licenties: verlenging voor docenten",
        "Digitalisering van het aanbod",
        "Verlenging tot en met juni toegezegd.",
    ),
]
FOLLOW_UPS = [
    "Voorbeelden van muziekscholen mailen",
    "Concept-brief rondsturen",
    "Cijfers ledenenquête aanleveren",
    "Terugbellen na het debat",
    "Afspraak voor werkbezoek plannen",
    "Position paper sturen",
]


def seed_contacts(users: dict[str, User], *, contacts: int = 160, seed: int = 2026) -> int:
    rng = random.Random(seed)
    people = list(db.session.scalars(select(Person).where(Person.archived_at.is_(None)).order_by(Person.id)))
    dossiers = {d.title: d for d in db.session.scalars(select(Dossier))}
    coalitions = list(db.session.scalars(select(Coalition).order_by(Coalition.id)))
    ours = [users["lobbyist@bondgenoot.test"], users["directeur@bondgenoot.test"]]
    now = utcnow()
    for n in range(contacts):
        kind, subject, dossier_title, notes = rng.choice(TOPICS)
        when = datetime.combine(today() - timedelta(days=rng.randint(0, 365)), time(rng.randint(7, 16), 15))
        when = min(when, now - timedelta(hours=1))
        author = rng.choice(ours)
        with_people = rng.sample(people, k=rng.choice((1, 1, 1, 2)))
        follow = n % 5 == 0
        due = (when + timedelta(days=rng.randint(3, 30))).date() if follow else None
        interaction = log_interaction(
            InteractionInput(
                kind=kind,
                subject=subject,
                occurred_at=when,
                notes=notes,
                person_ids=[p.id for p in with_people],
                user_ids=[author.id],
                dossier_ids=[dossiers[dossier_title].id] if dossier_title in dossiers else [],
                coalition_id=rng.choice(coalitions).id if coalitions and n % 4 == 0 else None,
                follow_up=rng.choice(FOLLOW_UPS) if follow else None,
                follow_up_owner_id=author.id if follow else None,
                follow_up_due=due,
            ),
            author=author,
            allow_duplicate=True,  # a generated year of contacts may repeat one by chance
        )
        # Older follow-ups have mostly been done; recent ones are still open (some overdue).
        if follow and due and due < today() - timedelta(days=21):
            set_follow_up_done(interaction, True)
    return contacts

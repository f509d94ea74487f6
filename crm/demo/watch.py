"""The demo dossiers watch the demo parliament: Kamerstuk numbers, the OCW committee and keywords, so the demo shows
matches, votes, commitments and a debate preparation."""

from __future__ import annotations

from sqlalchemy import select

from crm.coalitions.models import Dossier
from crm.extensions import db
from crm.notifications.services import paused as notifications_paused
from crm.parliament import SOURCE
from crm.partners.models import Organisation
from crm.watch.matching import announce_new_matches
from crm.watch.models import RuleKind
from crm.watch.services import add_rule

OCW = "Vaste commissie voor Onderwijs, Cultuur en Wetenschap"
# (dossier title, kind, what the user typed: a number, a keyword, or the committee's name)
RULES = [
    ("Nationaal Programma Onderwijs", RuleKind.KAMERSTUK, "35 904"),
    ("Nationaal Programma Onderwijs", RuleKind.KAMERSTUK, "32820"),
    ("Nationaal Programma Onderwijs", RuleKind.KEYWORD, "cultuureducatie"),
    ("Nationaal Programma Onderwijs", RuleKind.COMMITTEE, OCW),
    ("Cultuureducatie in gemeenten", RuleKind.KEYWORD, "Cultuureducatie"),
    ("Cultuureducatie in gemeenten", RuleKind.KEYWORD, "amateurkunst"),
    ("Heropening en routekaart", RuleKind.KEYWORD, "Fieldlabs"),
    ("Steunpakketten", RuleKind.KAMERSTUK, "36600-VIII"),
]


def seed_watch() -> dict[str, int]:
    dossiers = {d.title: d for d in db.session.scalars(select(Dossier))}
    committees = {o.name: o.id for o in db.session.scalars(select(Organisation).where(Organisation.source == SOURCE))}
    added = 0
    for title, kind, text in RULES:
        dossier = dossiers.get(title)
        if dossier is None:
            continue
        committee_id = committees.get(text) if kind == RuleKind.COMMITTEE else None
        if kind == RuleKind.COMMITTEE and committee_id is None:
            continue
        add_rule(dossier, kind.value, text=text, committee_id=committee_id, user=None)
        added += 1
    with notifications_paused():
        announce_new_matches()  # the demo starts with nothing new to announce: marked, nobody told
    db.session.commit()
    return {"watch_rules": added}

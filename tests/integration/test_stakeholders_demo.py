"""The demo stakeholder maps: recorded through the service (audited), with changes of stance over time."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.audit.models import AuditEvent
from crm.coalitions.models import Dossier
from crm.demo.seed import seed_demo
from crm.stakeholders.queries import stakeholder_map


def test_demo_stakeholder_maps(db):
    counts = seed_demo()
    assert counts["stakeholder_positions"] == 19
    dossiers = {d.title: d.id for d in db.session.scalars(select(Dossier))}
    npo = stakeholder_map(dossiers["Nationaal Programma Onderwijs"])
    cells = {(c.position.influence, c.position.stance, c.name) for c in npo.cards}
    assert {
        ("high", "neutral", "Ilse van der Wouden"),
        ("high", "critical", "Pieter Zandbergen"),
        ("high", "supportive", "Annemijn Terpstra"),
        ("medium", "supportive", "Landelijk Kenniscentrum Cultuureducatie en Amateurkunst (LKCA)"),
    } <= cells
    moves = {c.name: (c.move.before, c.move.after, c.move.source) for c in npo.cards if c.move}
    assert moves == {
        "Ilse van der Wouden": ("critical", "neutral", "Werkbezoek centrum voor de kunsten"),
        "Pieter Zandbergen": ("unknown", "critical", "Kamerdebat NPO"),
    }
    visit = next(c for c in npo.cards if c.name == "Ilse van der Wouden")
    assert visit.last_contact is not None and visit.owner.email == "lobbyist@bondgenoot.test"
    reopening = stakeholder_map(dossiers["Heropening en routekaart"])
    assert {c.name: c.move.after for c in reopening.cards if c.move} == {"Hanneke Vierhout": "supportive"}
    by_seed = (AuditEvent.entity_type == "stakeholderposition", AuditEvent.actor_label == "seed-demo")
    audited = db.session.scalar(select(func.count()).where(*by_seed))
    assert audited == 19

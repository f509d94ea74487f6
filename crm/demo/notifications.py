"""Demo notifications: Lotte and Daphne follow a few records, and each finds some news under the bell."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.notifications.events import path_for
from crm.notifications.kinds import Kind
from crm.notifications.services import follow, raise_notification

FOLLOWS = {
    "lobbyist@bondgenoot.test": [("dossier", "Nationaal Programma Onderwijs"), ("coalition", "Cultuur deel je")],
    "directeur@bondgenoot.test": [("dossier", "Nationaal Programma Onderwijs")],
}


def seed_notifications(users: dict[str, User], dossiers: dict[str, Dossier], orgs: dict) -> dict[str, int]:
    follows = notifications = 0
    coalitions = {c.name: c for c in db.session.scalars(select(Coalition))}
    for email, targets in FOLLOWS.items():
        for target_type, name in targets:
            record = dossiers.get(name) if target_type == "dossier" else coalitions.get(name)
            if record is not None and follow(users[email], target_type, record.id):
                follows += 1
    lotte, daphne = users["lobbyist@bondgenoot.test"], users["directeur@bondgenoot.test"]
    for reader, colleague in ((lotte, daphne), (daphne, lotte)):
        recent = db.session.scalars(
            select(Interaction).options(selectinload(Interaction.dossiers))
            .where(Interaction.created_by_id == colleague.id).order_by(Interaction.occurred_at.desc()).limit(3)
        ).all()  # fmt: skip
        for interaction in recent:
            name = interaction.dossiers[0].title if interaction.dossiers else colleague.name
            made = raise_notification(
                reader, Kind.FOLLOWED_CONTACT, "followed_contact", key=f"demo:interaction:{interaction.id}",
                params={"name": name, "subject": interaction.subject},
                url=path_for("interactions.detail", interaction_id=interaction.id),
                record=("interaction", interaction.id),
            )  # fmt: skip
            notifications += 1 if made is not None else 0
    return {"follows": follows, "notifications": notifications}

"""The partner report's contacts: every contact with one organisation (or its people) in a period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.interactions.models import Interaction, interaction_organisations


def contacts_with_organisation(organisation_id: int, start: datetime, end: datetime,
                               limit: int = 2000) -> list[Interaction]:  # fmt: skip
    """Contacts in [start, end) (naive UTC) the organisation took part in, oldest first, with who took part: three
    statements. (A contact with its people names the organisation too: the contact log adds it.)"""
    linked = select(interaction_organisations.c.interaction_id).where(
        interaction_organisations.c.organisation_id == organisation_id,
        interaction_organisations.c.occurred_at >= start,
        interaction_organisations.c.occurred_at < end,
    )
    query = (
        select(Interaction)
        .options(selectinload(Interaction.people), selectinload(Interaction.users), joinedload(Interaction.created_by))
        .where(Interaction.id.in_(linked))
        .order_by(Interaction.occurred_at, Interaction.id)
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())

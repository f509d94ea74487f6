"""Reads for e-mail capture: who an address belongs to, a message logged before, a user's inbound address,
what a contact's e-mail shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from crm.auth.models import User
from crm.extensions import db
from crm.inbox.models import CapturedEmail, EmailAttachment, InboundAddress, RawEmail
from crm.partners.models import Organisation, Person


def _lowered(addresses: list[str]) -> list[str]:
    return sorted({a.lower() for a in addresses if a})[:500]


def people_by_address(addresses: list[str]) -> dict[str, Person]:
    """Active people by e-mail address (lower case); of two with the same address, the one changed last."""
    wanted = _lowered(addresses)
    if not wanted:
        return {}
    statement = (
        select(Person)
        .where(func.lower(Person.email).in_(wanted), Person.archived_at.is_(None))
        .order_by(Person.updated_at)
    )
    return {person.email.lower(): person for person in db.session.scalars(statement)}


def organisations_by_address(addresses: list[str]) -> dict[str, Organisation]:
    wanted = _lowered(addresses)
    if not wanted:
        return {}
    statement = select(Organisation).where(func.lower(Organisation.email).in_(wanted),
                                           Organisation.archived_at.is_(None))  # fmt: skip
    return {org.email.lower(): org for org in db.session.scalars(statement)}


def users_by_address(addresses: list[str]) -> dict[str, User]:
    wanted = _lowered(addresses)
    if not wanted:
        return {}
    statement = select(User).where(func.lower(User.email).in_(wanted), User.active.is_(True))
    return {user.email.lower(): user for user in db.session.scalars(statement)}


def captured_by_key(key: str) -> CapturedEmail | None:
    return db.session.scalar(select(CapturedEmail).where(CapturedEmail.message_key == key))


def captured_for_interaction(interaction_id: int) -> CapturedEmail | None:
    statement = (
        select(CapturedEmail)
        .where(CapturedEmail.interaction_id == interaction_id)
        .options(selectinload(CapturedEmail.attachments))
    )
    return db.session.scalar(statement)


def attachment(attachment_id: int) -> EmailAttachment | None:
    return db.session.get(EmailAttachment, attachment_id)


def address_of(user_id: int) -> InboundAddress | None:
    return db.session.scalar(select(InboundAddress).where(InboundAddress.user_id == user_id))


def user_for_local_part(local_part: str) -> User | None:
    statement = (
        select(User)
        .join(InboundAddress, InboundAddress.user_id == User.id)
        .where(InboundAddress.local_part == local_part.lower(), User.active.is_(True))
    )
    return db.session.scalar(statement)


def drafts_of(user_id: int, ids: list[int]) -> list[RawEmail]:
    """The user's own dropped files waiting in a preview, in the order asked; anyone else's are not found."""
    if not ids:
        return []
    statement = select(RawEmail).where(RawEmail.id.in_(ids[:50]), RawEmail.user_id == user_id,
                                       RawEmail.source == "drop")  # fmt: skip
    found = {raw.id: raw for raw in db.session.scalars(statement)}
    return [found[i] for i in ids if i in found]


def stale_drafts(before: datetime) -> list[RawEmail]:
    statement = select(RawEmail).where(RawEmail.source == "drop", RawEmail.created_at < before)
    return list(db.session.scalars(statement))


def captured_emails_of(interaction_ids: list[int]) -> list[CapturedEmail]:
    """The e-mails logged as these contacts, with their attachments (a privacy access export or erasure)."""
    if not interaction_ids:
        return []
    query = (
        select(CapturedEmail)
        .options(selectinload(CapturedEmail.attachments))
        .where(CapturedEmail.interaction_id.in_(interaction_ids))
        .order_by(CapturedEmail.sent_at, CapturedEmail.id)
    )
    return list(db.session.scalars(query))

"""Reads of webhooks and their delivery log (the administrators' pages)."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.webhooks.models import Webhook, WebhookDelivery


def deliveries_of(webhook_id: int, limit: int = 100) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    return list(db.session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)))


def all_webhooks() -> list[Webhook]:
    return list(db.session.scalars(select(Webhook).order_by(Webhook.name)))

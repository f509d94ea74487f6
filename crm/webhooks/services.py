"""Webhooks: an administrator's URL and events; each event becomes a delivery with a signed payload, sent by a task
worker (crm/webhooks/tasks.py).

Signing: `Bondgenoot-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<unix time>.<body>")>`. A receiver
recomputes the HMAC over the timestamp, a dot and the raw body with its secret, compares in constant time, and
refuses a timestamp older than a few minutes (a replayed delivery). The same delivery keeps its
`Bondgenoot-Delivery` id on every try, so a receiver can tell a retry from a new event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.auth.sealing import seal, unseal
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.webhooks.events import EVENTS
from crm.webhooks.models import Webhook, WebhookDelivery
from crm.webhooks.targets import resolve

PENDING = "webhook_jobs"  # job ids to start once the request's transaction is committed


def _context(webhook_id: int) -> str:
    return f"webhook:{webhook_id}:secret"


def signing_secret(webhook: Webhook) -> str | None:
    return unseal(webhook.sealed_secret, _context(webhook.id))


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def create_webhook(*, name: str, url: str, events: list[str], author) -> tuple[Webhook, str]:
    """A new webhook and its signing secret (shown once to the administrator)."""
    resolve(url)  # refused now, with the reason, rather than at every delivery
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise ServiceError(_l("Choose at least one event."), field="events")
    webhook = Webhook(name=name.strip(), url=url.strip(), events=list(events), active=True,
                      sealed_secret="-",  # noqa: S106 (sealed below, once the id it is bound to is known)
                      created_by_id=getattr(author, "id", None))  # fmt: skip
    db.session.add(webhook)
    db.session.flush()
    secret = "whsec_" + secrets.token_urlsafe(32)
    webhook.sealed_secret = seal(secret, _context(webhook.id))
    db.session.flush()
    return webhook, secret


def set_active(webhook: Webhook, active: bool) -> None:
    webhook.active = active
    db.session.flush()


def emit(event: str, data: dict[str, Any]) -> None:
    """Record a delivery (and its job) for every active webhook that wants this event, in the caller's transaction.
    The jobs start after the commit (see `start_pending`): a rolled-back write sends nothing."""
    from crm.tasks.services import new_job

    if event not in EVENTS:
        raise KeyError(event)
    hooks = [h for h in db.session.scalars(select(Webhook).where(Webhook.active.is_(True))) if event in h.events]
    if not hooks:
        return
    # One event id for all webhooks (a receiver that has two hooks can tell it is one event).
    payload = json.dumps({"id": str(uuid.uuid4()), "event": event, "created_at": utcnow().isoformat() + "Z",
                          "data": data}, ensure_ascii=False, default=str)  # fmt: skip
    for webhook in hooks:
        delivery = WebhookDelivery(webhook_id=webhook.id, event=event, payload=payload, status="queued", attempts=0)
        db.session.add(delivery)
        db.session.flush()
        job = new_job("webhook_delivery", owner=None, arguments={"delivery_id": delivery.id}, total=1)
        # Due now: when nobody starts it (a door without a request, such as a CLI command, or a queue that was
        # away), the sweeper sends it once its grace has passed.
        job.not_before = utcnow()
        delivery.job_id = job.id
        db.session.flush()
        _pending().append(job.id)


def _pending() -> list[int]:
    holder = db.session.info if not _in_request() else g.__dict__
    return holder.setdefault(PENDING, [])


def _in_request() -> bool:
    from flask import has_request_context

    return has_request_context()


def start_pending() -> None:
    """After the commit: hand the new deliveries to the task queue (a job that does not exist any more — its write
    was rolled back — is skipped by the worker; one the queue missed is picked up by the sweeper)."""
    from crm.tasks.queue import QueueUnavailable
    from crm.tasks.services import start

    job_ids = _pending()
    if not job_ids:
        return
    # The view committed what it meant to; what its session read since is let go, so that no transaction stays
    # open while the jobs are handed over (in immediate mode they run right here).
    db.session.rollback()
    while job_ids:
        try:
            start(job_ids.pop(0))
        except QueueUnavailable:
            return

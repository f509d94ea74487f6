"""Webhook deliveries as jobs on the task queue: one POST per try, signed afresh, to the address that was checked.

A 2xx answer marks the delivery delivered; any other answer or a network error is tried again after a doubling wait
(WEBHOOK_RETRY_SECONDS, WEBHOOK_ATTEMPTS tries), then marked failed. Redirects are not followed (a redirect could
point into our own network). A delivered delivery is never sent again, whoever reruns its job.
"""

from __future__ import annotations

import time

import httpx
from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.models import Job
from crm.tasks.registry import RetryLater, job_kind
from crm.tasks.services_runner import Run
from crm.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from crm.webhooks.services import signature, signing_secret
from crm.webhooks.targets import resolve

KIND = "webhook_delivery"
USER_AGENT = "Bondgenoot-Webhooks/1"


def _post(delivery: WebhookDelivery, webhook: Webhook) -> int:
    """One try: the response code (ServiceError when the target is refused, httpx.HTTPError on the network)."""
    secret = signing_secret(webhook)
    if secret is None:
        raise ServiceError(str(_l("The signing secret of this webhook can no longer be read; make the webhook anew.")))
    target = resolve(webhook.url)
    body = delivery.payload.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Host": target.host,
        "Bondgenoot-Event": delivery.event,
        "Bondgenoot-Delivery": str(delivery.id),
        "Bondgenoot-Timestamp": str(timestamp),
        "Bondgenoot-Signature": signature(secret, timestamp, body),
    }
    timeout = httpx.Timeout(current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        response = client.post(target.url, content=body, headers=headers,
                               extensions={"sni_hostname": target.host})  # fmt: skip
    return response.status_code


@job_kind(KIND, label=_l("Webhook delivery"), max_attempts="WEBHOOK_ATTEMPTS")
def deliver(job: Job, run: Run) -> None:
    delivery = db.session.get(WebhookDelivery, job.arguments.get("delivery_id"))
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return  # removed with its webhook, or an earlier run delivered it: never twice
    webhook = db.session.get(Webhook, delivery.webhook_id)
    run.check()
    delivery.attempts += 1
    try:
        code = _post(delivery, webhook)
        reason = None if 200 <= code < 300 else f"HTTP {code}"
    except ServiceError as refused:  # not a passing failure: the target is refused
        delivery.status, delivery.error = DeliveryStatus.FAILED, str(refused.message)[:2000]
        db.session.commit()
        raise
    except httpx.HTTPError as error:
        code, reason = None, f"{type(error).__name__}: {error}"[:2000]
    delivery.response_code = code
    if reason is None:
        delivery.status, delivery.error, delivery.delivered_at = DeliveryStatus.DELIVERED, None, utcnow()
        db.session.commit()
        return
    delivery.error = reason
    if job.attempts >= job.max_attempts:
        delivery.status = DeliveryStatus.FAILED
        db.session.commit()
        raise ServiceError(reason)
    db.session.commit()
    raise RetryLater(reason, current_app.config["WEBHOOK_RETRY_SECONDS"] * 2 ** (job.attempts - 1))

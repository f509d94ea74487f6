"""Factories for the API: personal access tokens, kept Idempotency-Key answers, webhooks and their deliveries."""

from __future__ import annotations

import hashlib

import factory

from crm.api.models import ApiToken, IdempotentAnswer
from crm.webhooks.models import Webhook, WebhookDelivery
from tests.factories import Base, UserFactory


class ApiTokenFactory(Base):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Koppeling {n}")
    token_hash = factory.Sequence(lambda n: hashlib.sha256(f"token-{n}".encode()).hexdigest())
    prefix = "bg_test"
    scope = "read"


class IdempotentAnswerFactory(Base):
    class Meta:
        model = IdempotentAnswer
        exclude = ("token",)

    token = factory.SubFactory(ApiTokenFactory)
    token_id = factory.LazyAttribute(lambda o: o.token.id)
    key = factory.Sequence(lambda n: f"key-{n}")
    fingerprint = "0" * 64
    status_code = 201
    body = "{}"


class WebhookFactory(Base):
    class Meta:
        model = Webhook

    name = factory.Sequence(lambda n: f"Webhook {n}")
    url = "https://example.org/bondgenoot"
    events = factory.LazyFunction(lambda: ["contact.logged"])
    sealed_secret = "-"  # no secret that opens: a delivery of it fails closed


class WebhookDeliveryFactory(Base):
    class Meta:
        model = WebhookDelivery
        exclude = ("webhook",)

    webhook = factory.SubFactory(WebhookFactory)
    webhook_id = factory.LazyAttribute(lambda o: o.webhook.id)
    event = "contact.logged"
    payload = "{}"

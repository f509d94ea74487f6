"""Tokens for API tests, made through the same service the "My account" page uses."""

from __future__ import annotations

from datetime import timedelta

from crm.api.tokens import create_token
from crm.common.time import utcnow
from crm.extensions import db
from tests.factories import UserFactory


def token_for(role: str = "lobbyist", *, scope: str = "write", user=None, expires_in: timedelta | None = None) -> str:
    user = user or UserFactory(role=role)
    expires = utcnow() + expires_in if expires_in is not None else None
    _row, plain = create_token(user, name="test", scope=scope, expires_at=expires)
    db.session.flush()
    return plain


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sample_api_arguments() -> dict[str, int]:
    """For the web access matrix: a token of another colleague, and a webhook."""
    from crm.webhooks.models import Webhook

    _row, _plain = create_token(UserFactory(), name="ander", scope="read", expires_at=None)
    webhook = Webhook(name="Rapportage", url="https://example.org/hook", events=["contact.logged"],
                      sealed_secret="-", active=True)  # fmt: skip
    db.session.add(webhook)
    db.session.flush()
    return {"token_id": _row.id, "webhook_id": webhook.id}

"""Factories for notifications and follows, and the access matrix's sample arguments for their routes."""

from __future__ import annotations

import factory

from crm.notifications.emails import unsubscribe_token
from crm.notifications.models import EmailDelivery, Follow, Notification, NotificationSetting
from tests.factories import Base, DossierFactory, UserFactory


class NotificationFactory(Base):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = "followed_contact"
    message = "followed_contact"
    params = factory.LazyFunction(lambda: {"name": "Heropening", "subject": "Overleg"})
    url = "/dossiers"
    channel = "app"
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")


class FollowFactory(Base):
    class Meta:
        model = Follow

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    target_type = "dossier"
    target_id = factory.LazyFunction(lambda: DossierFactory().id)


class NotificationSettingFactory(Base):
    class Meta:
        model = NotificationSetting

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    kind = "contact_logged"
    channel = "off"


class EmailDeliveryFactory(Base):
    class Meta:
        model = EmailDelivery

    user_id = factory.LazyFunction(lambda: UserFactory().id)
    purpose = "digest_daily"
    idempotency_key = factory.Sequence(lambda n: f"digest_daily:2026-12-07:{n}")
    period = "2026-12-07"


def sample_notification_arguments() -> dict:
    notification = NotificationFactory()
    return {
        "notification_id": notification.id,
        "target_type": "dossier",
        "target_id": DossierFactory().id,
        "unsubscribe_token": unsubscribe_token(notification.user_id, "followed_contact"),
    }

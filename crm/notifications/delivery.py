"""Sending one e-mail delivery exactly once.

The delivery row says where it is: queued → sending (committed before the mail server is called) → sent (committed
right after it accepted). A rerun finds "sent" and does nothing. A refusal or an absent server puts it back to
queued with the reason, for a retry with a doubling wait; after MAIL_ATTEMPTS tries it is failed. A row found in
"sending" means a worker died while handing it over: it may have arrived, so it is never sent again (at most once)
but marked failed, which the user's notifications page and the jobs page show.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.common.time import utcnow
from crm.extensions import db
from crm.mail.sending import MailNotSent, send
from crm.notifications.models import DeliveryStatus, EmailDelivery

INTERRUPTED = _l("The worker stopped while handing this e-mail to the mail server; it may not have arrived.")


class NotDelivered(Exception):
    """The mail server did not take it this time; `final` when no try is left."""

    def __init__(self, reason: str, final: bool):
        super().__init__(reason)
        self.reason, self.final = reason, final


def deliver(delivery: EmailDelivery, make_message: Callable[[], EmailMessage]) -> bool:
    """Send it unless it was sent (or may have been); True when it is sent now or was before."""
    if delivery.status == DeliveryStatus.SENT:
        return True
    if delivery.status == DeliveryStatus.FAILED:
        return False
    if delivery.status == DeliveryStatus.SENDING:
        delivery.status, delivery.error = DeliveryStatus.FAILED.value, str(INTERRUPTED)
        db.session.commit()
        return False
    message = make_message()
    delivery.status = DeliveryStatus.SENDING.value
    delivery.attempts += 1
    db.session.commit()
    try:
        send(message)
    except MailNotSent as error:
        final = delivery.attempts >= current_app.config["MAIL_ATTEMPTS"]
        delivery.status = (DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED).value
        delivery.error = (error.reason or "SMTP")[:2000]
        db.session.commit()
        raise NotDelivered(delivery.error, final) from None
    delivery.status, delivery.sent_at, delivery.error = DeliveryStatus.SENT.value, utcnow(), None
    db.session.commit()
    return True

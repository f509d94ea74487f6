"""Our e-mails to colleagues: a notification, a digest, a meeting briefing. Each in the user's language, times in
Amsterdam time, with the organisation's name (and logo when it has one), an HTML part and a plain-text part, links
into the app, and a signed one-click unsubscribe link for its kind.

Rendered outside any request (by a task worker), so links are built against PUBLIC_BASE_URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer

from crm.auth.models import User
from crm.mail import messages

UNSUBSCRIBE_SALT = "bondgenoot.unsubscribe"
ALL_DIGEST_KINDS = "digest"  # the daily digest's unsubscribe: every kind in it goes to "app only"
WEEKLY = "weekly_digest"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps({"u": user_id, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


def base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") or "http://localhost"


@contextmanager
def outside_request(user: User) -> Iterator[None]:
    """url_for(_external=True) and the user's language, as if the user had asked for the page."""
    with current_app.test_request_context("/", base_url=base_url()), force_locale(user.language or "nl"):
        yield


def own_logo() -> bytes | None:
    """Our organisation's logo (OWN_ORGANISATION), if one was uploaded: printed at the top of every e-mail."""
    from crm.documents.queries import logo_of
    from crm.letters.queries import own_organisation

    organisation = own_organisation()
    logo = logo_of(organisation.id) if organisation is not None else None
    return logo.png if logo is not None else None


def compose(
    user: User, *, subject: str, template: str, unsubscribe_kind: str | None, message_id: str, **context: Any
) -> EmailMessage:
    """The message for `user` from templates/emails/<template>.txt and .html (inside `outside_request`)."""
    from flask import url_for

    logo = own_logo()
    unsubscribe_url = (
        url_for(
            "notifications.unsubscribe", unsubscribe_token=unsubscribe_token(user.id, unsubscribe_kind), _external=True
        )
        if unsubscribe_kind
        else None
    )
    context.update(
        user=user,
        organisation=current_app.config["OWN_ORGANISATION"],
        unsubscribe_url=unsubscribe_url,
        has_logo=logo is not None,
        subject=subject,
        base_url=base_url(),
    )
    text = render_template(f"emails/{template}.txt", **context)
    html = render_template(f"emails/{template}.html", **context)
    message = messages.build(
        to_name=user.name,
        to_address=user.email,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id,
        unsubscribe_url=unsubscribe_url,
    )
    if logo is not None:
        html_part = next(part for part in message.iter_parts() if part.get_content_type() == "text/html")
        html_part.add_related(logo, "image", "png", cid="<logo@bondgenoot>")
    return message

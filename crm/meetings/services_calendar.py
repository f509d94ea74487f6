"""Personal calendar feeds: a long random token in the URL, stored only as its SHA-256; revocable and renewable."""

from __future__ import annotations

import hashlib
import secrets

from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings import queries_calendar
from crm.meetings.models_calendar import CalendarFeed


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed this token opens; None for a wrong, revoked or malformed token (the caller answers 404)."""
    if not token or len(token) > 100:
        return None
    return queries_calendar.active_feed_by_hash(hash_token(token))


def revoke_feeds(user_id: int) -> int:
    """End every active subscription of the user; calendar apps using them get 404 from now on."""
    feeds = queries_calendar.active_feeds_of(user_id)
    now = utcnow()
    for feed in feeds:
        feed.revoked_at = now
    db.session.flush()
    return len(feeds)


def renew_feed(user_id: int) -> tuple[CalendarFeed, str]:
    """A new subscription (the old one stops working). Returns the feed and the token, shown to the user once."""
    revoke_feeds(user_id)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user_id, token_hash=hash_token(token))
    db.session.add(feed)
    db.session.flush()
    return feed, token

"""The configuration, built when an app is made from a mapping of settings: the environment by default.

`configuration(settings)` reads every setting from `settings` with a safe default; `BONDGENOOT_ENV` in it picks
the profile: `development` (default), `production` or `testing`. Nothing is read when this module is imported, so
one process can make apps from different mappings: `create_app({"BONDGENOOT_ENV": "testing", ...}, **overrides)`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
PROFILES = ("development", "production", "testing")
TESTING_SECRET_KEY = "test-only-secret-key"  # noqa: S105 - never used outside the test suite


class Reader:
    """Settings as text, read into the types the app uses; an empty value counts as unset for numbers."""

    def __init__(self, settings: Mapping[str, str]):
        self.settings = settings

    def text(self, name: str, default: str) -> str:
        return self.settings.get(name, default)

    def given(self, name: str) -> str | None:
        return self.settings.get(name)

    def integer(self, name: str, default: int) -> int:
        value = self.settings.get(name)
        return int(value) if value else default

    def number(self, name: str, default: str) -> float:
        return float(self.settings.get(name, default))

    def boolean(self, name: str, default: bool) -> bool:
        value = self.settings.get(name)
        if value is None:
            return default
        return value.strip().lower() in {"1", "true", "yes", "on"}


def environment() -> Mapping[str, str]:
    return os.environ


def with_profile(profile: str, settings: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings (the environment by default) with BONDGENOOT_ENV set to `profile`: what the tests and the
    benchmarks make their apps from."""
    return {**(environment() if settings is None else settings), "BONDGENOOT_ENV": profile}


def instance_dir(settings: Mapping[str, str] | None = None) -> Path:
    """Where the SQLite database, the development key and the backups live (INSTANCE_PATH)."""
    return Path(Reader(environment() if settings is None else settings).text("INSTANCE_PATH", str(ROOT / "instance")))


def configuration(settings: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting of an app, read from `settings` (the environment when None)."""
    read = Reader(environment() if settings is None else settings)
    profile = read.text("BONDGENOOT_ENV", "development").strip().lower()
    if profile not in PROFILES:
        raise RuntimeError(f"BONDGENOOT_ENV must be one of {', '.join(PROFILES)}, not {profile!r}")
    values = _common(read, instance_dir(read.settings))
    if profile == "production":
        values.update(_production(read))
    elif profile == "testing":
        values.update(_testing(read))
    values["REMEMBER_COOKIE_SECURE"] = values["SESSION_COOKIE_SECURE"]
    return values


def _common(read: Reader, instance: Path) -> dict[str, Any]:
    return {
        "ENV_NAME": "development",
        "SECRET_KEY": read.given("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": read.given("DATABASE_URL") or f"sqlite:///{instance / 'bondgenoot.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLITE_BUSY_TIMEOUT_MS": read.integer("SQLITE_BUSY_TIMEOUT_MS", 10_000),
        "MAX_CONTENT_LENGTH": read.integer("MAX_CONTENT_LENGTH", 2 * 1024 * 1024),
        "WTF_CSRF_TIME_LIMIT": read.integer("WTF_CSRF_TIME_LIMIT", 8 * 3600),
        # One-time form tokens are kept longer than a form stays valid, then deleted (crm/common/form_tokens.py).
        "FORM_TOKEN_KEEP_SECONDS": read.integer("FORM_TOKEN_KEEP_SECONDS", 2 * 24 * 3600),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": read.text("TIMEZONE", "Europe/Amsterdam"),
        "LANGUAGES": ("nl", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": read.boolean("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": None,  # as SESSION_COOKIE_SECURE (below)
        "PERMANENT_SESSION_LIFETIME": read.integer("SESSION_LIFETIME_SECONDS", 12 * 3600),  # longest a sign-in lasts
        # Signed out after this long without a request.
        "SESSION_IDLE_MINUTES": read.integer("SESSION_IDLE_MINUTES", 30),
        # Sensitive actions ask for the password after this.
        "RECENT_LOGIN_MINUTES": read.integer("RECENT_LOGIN_MINUTES", 15),
        "RATELIMIT_STORAGE_URI": read.text("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": read.boolean("RATELIMIT_ENABLED", True),
        "LOGIN_RATE_LIMIT": read.text("LOGIN_RATE_LIMIT", "10 per minute;100 per hour"),
        "CALENDAR_FEED_RATE_LIMIT": read.text("CALENDAR_FEED_RATE_LIMIT", "60 per minute"),
        "SIGNING_RATE_LIMIT": read.text("SIGNING_RATE_LIMIT", "30 per minute;300 per hour"),
        "TOTP_RATE_LIMIT": read.text("TOTP_RATE_LIMIT", "5 per minute;30 per hour"),  # codes tried per account
        # How many proxies in front of the app (a TLS-terminating load balancer: 1) set X-Forwarded-For and
        # X-Forwarded-Proto. 0: those headers are ignored (a client could write anything in them), and the rate limits
        # key on the socket address. Set it to the number of proxies you run, never more.
        "TRUSTED_PROXIES": read.integer("TRUSTED_PROXIES", 0),
        # Two-factor sign-in (TOTP) is optional per user; when this is on, administrators must set it up first.
        "TOTP_REQUIRED_FOR_ADMINS": read.boolean("TOTP_REQUIRED_FOR_ADMINS", False),
        "TOTP_ISSUER": read.text("TOTP_ISSUER", "Bondgenoot"),  # the name authenticator apps show
        # argon2id parameters (RFC 9106 "second recommended option" scaled for a small server).
        "PASSWORD_TIME_COST": read.integer("PASSWORD_TIME_COST", 3),
        "PASSWORD_MEMORY_COST_KIB": read.integer("PASSWORD_MEMORY_COST_KIB", 64 * 1024),
        "PASSWORD_MIN_LENGTH": 12,
        "ITEMS_PER_PAGE": read.integer("ITEMS_PER_PAGE", 25),
        "OWN_ORGANISATION": read.text("OWN_ORGANISATION", "Cultuurconnectie"),  # who signs our documents
        # Signing invitations go out by email only when MAIL_SERVER is set; otherwise the lobbyist copies the link.
        "MAIL_SERVER": read.text("MAIL_SERVER", ""),
        "MAIL_PORT": read.integer("MAIL_PORT", 25),
        "MAIL_USE_TLS": read.boolean("MAIL_USE_TLS", False),  # STARTTLS after connecting
        "MAIL_USE_SSL": read.boolean("MAIL_USE_SSL", False),  # TLS from the first byte (port 465)
        "MAIL_USERNAME": read.text("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": read.text("MAIL_PASSWORD", ""),
        "MAIL_SENDER": read.text("MAIL_SENDER", "bondgenoot@localhost"),
        "MAIL_TIMEOUT": read.integer("MAIL_TIMEOUT", 10),
        "MAIL_SENDER_NAME": read.text("MAIL_SENDER_NAME", "Bondgenoot"),
        # Links in e-mails (notifications, digests, unsubscribe) point here: the address users open Bondgenoot at.
        "PUBLIC_BASE_URL": read.text("PUBLIC_BASE_URL", "http://localhost:5000"),
        # Contacts logged from e-mail (crm/inbox): the listener `flask crm mail-listener` takes mail for one address per
        # user, <random>@MAIL_INBOUND_DOMAIN; larger messages are refused at the SMTP level (552).
        "MAIL_INBOUND_HOST": read.text("MAIL_INBOUND_HOST", "127.0.0.1"),
        "MAIL_INBOUND_PORT": read.integer("MAIL_INBOUND_PORT", 2525),
        "MAIL_INBOUND_DOMAIN": read.text("MAIL_INBOUND_DOMAIN", "log.bondgenoot.localhost"),
        "MAIL_INBOUND_MAX_BYTES": read.integer("MAIL_INBOUND_MAX_BYTES", 10 * 1024 * 1024),
        # One attachment, dropped or sent.
        "MAIL_ATTACHMENT_MAX_BYTES": read.integer("MAIL_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024),
        # Document rendering runs in worker processes with these limits (crm/rendering/render.py).
        "DOCUMENT_RENDER_WORKERS": read.integer("DOCUMENT_RENDER_WORKERS", 2),
        # Work outside a request: CLI, mail merges.
        "DOCUMENT_RENDER_SECONDS": read.integer("DOCUMENT_RENDER_SECONDS", 60),
        # A render a request waits for, and a preview: well below the web server's worker timeout (request_limits_fit).
        "DOCUMENT_REQUEST_SECONDS": read.integer("DOCUMENT_REQUEST_SECONDS", 20),
        "DOCUMENT_PREVIEW_SECONDS": read.integer("DOCUMENT_PREVIEW_SECONDS", 10),
        "DOCUMENT_RENDER_MEMORY_MB": read.integer("DOCUMENT_RENDER_MEMORY_MB", 1024),
        "DOCUMENT_MAX_PAGES": read.integer("DOCUMENT_MAX_PAGES", 400),
        # Background work (crm/tasks/): Huey delivers jobs whose rows in the database are the truth.
        # TASKS_URL empty: a SQLite file in the instance folder (instance/tasks.db); redis://host:6379/0 for several
        # machines; postgresql://… keeps the queue in PostgreSQL.
        "TASKS_URL": read.text("TASKS_URL", ""),
        "TASKS_NAME": read.text("TASKS_NAME", "bondgenoot"),  # the queue's name: two apps on one Redis differ here
        "TASKS_IMMEDIATE": False,  # run a task inside the call that queues it (the test suite)
        "WORKER_THREADS": read.integer("WORKER_THREADS", 2),  # jobs one `flask crm worker` runs at once
        "JOB_LEASE_SECONDS": read.integer("JOB_LEASE_SECONDS", 60),  # a running job's lease; its worker renews it
        "JOB_MAX_ATTEMPTS": read.integer("JOB_MAX_ATTEMPTS", 3),  # runs of a job whose worker died before it is failed
        "WORKER_HEARTBEAT_SECONDS": read.integer("WORKER_HEARTBEAT_SECONDS", 10),
        # /readyz: a worker seen this recently is alive.
        "WORKER_FRESH_SECONDS": read.integer("WORKER_FRESH_SECONDS", 60),
        # Scheduled work: cron expressions (minute hour day month weekday) in TIMEZONE; "off" switches one off.
        "SCHEDULE_BACKUP": read.text("SCHEDULE_BACKUP", "30 2 * * *"),
        "SCHEDULE_FORM_TOKEN_CLEANUP": read.text("SCHEDULE_FORM_TOKEN_CLEANUP", "15 * * * *"),
        "SCHEDULE_SWEEPER": read.text("SCHEDULE_SWEEPER", "* * * * *"),
        # Notifications (crm/notifications/): the daily reminders and briefings, then the digests (weekly: Mondays).
        "NOTIFY_REMINDERS_CRON": read.text("NOTIFY_REMINDERS_CRON", "0 7 * * *"),
        "DIGEST_DAILY_CRON": read.text("DIGEST_DAILY_CRON", "30 7 * * *"),
        "DIGEST_WEEKLY_CRON": read.text("DIGEST_WEEKLY_CRON", "0 8 * * 1"),
        "BACKUP_DIR": read.text("BACKUP_DIR", str(instance / "backups")),
        "BACKUP_KEEP": read.integer("BACKUP_KEEP", 7),  # nightly backups kept; older ones are deleted
        "MAIL_ATTEMPTS": read.integer("MAIL_ATTEMPTS", 8),  # tries of one invitation e-mail before it is marked failed
        # Spreadsheet imports (crm/imports): the largest file accepted, the widest row, the most rows in one file.
        "IMPORT_MAX_BYTES": read.integer("IMPORT_MAX_BYTES", 20 * 1024 * 1024),
        "IMPORT_MAX_COLUMNS": read.integer("IMPORT_MAX_COLUMNS", 200),
        "IMPORT_MAX_ROWS": read.integer("IMPORT_MAX_ROWS", 100_000),
        # First wait before another try; doubles each time.
        "MAIL_RETRY_SECONDS": read.integer("MAIL_RETRY_SECONDS", 30),
        "REPORT_QUEUE_ROWS": read.integer("REPORT_QUEUE_ROWS", 500),  # report PDFs with more rows are made by a worker
        # An access export made by a worker waits.
        "EXPORT_KEEP_SECONDS": read.integer("EXPORT_KEEP_SECONDS", 24 * 3600),
        # The Tweede Kamer's open data (crm/parliament/): the OData API ("demo:" = the bundled demo parliament,
        # offline).
        "PARLIAMENT_API_URL": read.text("PARLIAMENT_API_URL", "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"),
        "PARLIAMENT_SITE_URL": "https://www.tweedekamer.nl",  # where the agenda links to (the Kamer's own pages only)
        "PARLIAMENT_TIMEOUT_SECONDS": read.number("PARLIAMENT_TIMEOUT_SECONDS", "30"),
        # Per request: timeouts, connection errors, 5xx are retried.
        "PARLIAMENT_TRIES": read.integer("PARLIAMENT_TRIES", 4),
        "PARLIAMENT_BACKOFF_SECONDS": read.number("PARLIAMENT_BACKOFF_SECONDS", "2"),  # doubled per try
        "PARLIAMENT_DELAY_SECONDS": read.number("PARLIAMENT_DELAY_SECONDS", "0.5"),  # between two requests
        "PARLIAMENT_PAGE_SIZE": read.integer("PARLIAMENT_PAGE_SIZE", 0),  # $top; 0: the API's own page size (250)
        # The window of activities loaded.
        "PARLIAMENT_ACTIVITY_DAYS_BACK": read.integer("PARLIAMENT_ACTIVITY_DAYS_BACK", 90),
        "PARLIAMENT_ACTIVITY_DAYS_AHEAD": read.integer("PARLIAMENT_ACTIVITY_DAYS_AHEAD", 365),
        # A run silent this long died; the next takes over.
        "PARLIAMENT_LOCK_MINUTES": read.integer("PARLIAMENT_LOCK_MINUTES", 15),
        # When the task queue runs the scheduled sync (cron syntax); empty: never (development). Hourly in production.
        "PARLIAMENT_SYNC_CRON": read.text("PARLIAMENT_SYNC_CRON", ""),
        # The JSON API (/api/v1/): requests per token (Flask-Limiter syntax), and webhooks.
        "API_RATE_LIMIT": read.text("API_RATE_LIMIT", "300 per minute"),
        # Webhook targets on loopback, private or link-local addresses are refused unless this is on (or the host is
        # listed in WEBHOOK_ALLOWED_HOSTS, comma-separated): a webhook must not reach into our own network.
        "WEBHOOK_ALLOW_PRIVATE": read.boolean("WEBHOOK_ALLOW_PRIVATE", False),
        "WEBHOOK_ALLOWED_HOSTS": read.text("WEBHOOK_ALLOWED_HOSTS", ""),
        "WEBHOOK_TIMEOUT_SECONDS": read.integer("WEBHOOK_TIMEOUT_SECONDS", 10),
        "WEBHOOK_ATTEMPTS": read.integer("WEBHOOK_ATTEMPTS", 8),  # tries of one delivery before it is marked failed
        # First wait before another try; doubles each time.
        "WEBHOOK_RETRY_SECONDS": read.integer("WEBHOOK_RETRY_SECONDS", 30),
        "FORCE_HTTPS": False,
        "HSTS": False,
        "LOG_LEVEL": read.text("LOG_LEVEL", "INFO"),
    }


def _production(read: Reader) -> dict[str, Any]:
    return {
        "ENV_NAME": "production",
        "PARLIAMENT_SYNC_CRON": read.text("PARLIAMENT_SYNC_CRON", "0 * * * *"),
        "SESSION_COOKIE_SECURE": read.boolean("SESSION_COOKIE_SECURE", True),
        "HSTS": read.boolean("HSTS", True),
    }


def _testing(read: Reader) -> dict[str, Any]:
    return {
        "ENV_NAME": "testing",
        "TESTING": True,
        "SECRET_KEY": TESTING_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": read.given("TEST_DATABASE_URL") or "sqlite://",
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "TOTP_RATE_LIMIT": "1000 per minute",
        "TASKS_IMMEDIATE": True,  # the suite's database session is one transaction another process cannot see
        # No worker runs in the suite: nothing is scheduled.
        **dict.fromkeys(("SCHEDULE_BACKUP", "SCHEDULE_SWEEPER", "SCHEDULE_FORM_TOKEN_CLEANUP"), "off"),
        **dict.fromkeys(("NOTIFY_REMINDERS_CRON", "DIGEST_DAILY_CRON", "DIGEST_WEEKLY_CRON"), "off"),
        "PARLIAMENT_API_URL": "demo:",  # tests that talk to a server of their own pass its URL
        "PARLIAMENT_BACKOFF_SECONDS": 0.0,
        "PARLIAMENT_DELAY_SECONDS": 0.0,
        "PARLIAMENT_TIMEOUT_SECONDS": 5.0,
        # Fast hashing keeps the suite quick; production parameters are covered by a unit test.
        "PASSWORD_TIME_COST": 1,
        "PASSWORD_MEMORY_COST_KIB": 1024,
    }


# What a request does besides waiting for its render (queries, keeping the PDF, the answer): the render limits of
# a request stay at least this far below the web server's worker timeout.
REQUEST_TIMEOUT_MARGIN_SECONDS = 10


def request_limits_fit(config: Mapping[str, Any], worker_timeout: float) -> list[str]:
    """What does not fit the web server's worker timeout (gunicorn's --timeout; 0 is none): a request that waits
    longer for a render than the server lets it run is killed with a 500 and leaves its render running."""
    if worker_timeout <= 0:
        return []
    problems = []
    for name in ("DOCUMENT_REQUEST_SECONDS", "DOCUMENT_PREVIEW_SECONDS"):
        seconds = config[name]
        if seconds + REQUEST_TIMEOUT_MARGIN_SECONDS > worker_timeout:
            problems.append(
                f"{name}={seconds} must be at least {REQUEST_TIMEOUT_MARGIN_SECONDS} seconds below the worker "
                f"timeout ({worker_timeout:g} s): lower it or raise gunicorn's --timeout"
            )
    return problems

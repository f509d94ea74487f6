"""Configuration classes. Every setting comes from the environment with a safe default.

`BONDGENOOT_ENV` picks the class: `development` (default), `production` or `testing`.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'bondgenoot.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = _env_int("SQLITE_BUSY_TIMEOUT_MS", 10_000)

    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    WTF_CSRF_TIME_LIMIT = _env_int("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    # One-time form tokens are kept longer than a form stays valid, then deleted (crm/common/form_tokens.py).
    FORM_TOKEN_KEEP_SECONDS = _env_int("FORM_TOKEN_KEEP_SECONDS", 2 * 24 * 3600)

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/Amsterdam")
    LANGUAGES = ("nl", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PERMANENT_SESSION_LIFETIME = _env_int("SESSION_LIFETIME_SECONDS", 12 * 3600)  # longest a sign-in lasts
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)  # signed out after this long without a request
    RECENT_LOGIN_MINUTES = _env_int("RECENT_LOGIN_MINUTES", 15)  # sensitive actions ask for the password after this

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;100 per hour")
    CALENDAR_FEED_RATE_LIMIT = os.environ.get("CALENDAR_FEED_RATE_LIMIT", "60 per minute")
    SIGNING_RATE_LIMIT = os.environ.get("SIGNING_RATE_LIMIT", "30 per minute;300 per hour")
    TOTP_RATE_LIMIT = os.environ.get("TOTP_RATE_LIMIT", "5 per minute;30 per hour")  # codes tried per account
    # How many proxies in front of the app (a TLS-terminating load balancer: 1) set X-Forwarded-For and
    # X-Forwarded-Proto. 0: those headers are ignored (a client could write anything in them), and the rate limits
    # key on the socket address. Set it to the number of proxies you run, never more.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    # Two-factor sign-in (TOTP) is optional per user; when this is on, administrators must set it up first.
    TOTP_REQUIRED_FOR_ADMINS = _env_bool("TOTP_REQUIRED_FOR_ADMINS", False)
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Bondgenoot")  # the name authenticator apps show

    # argon2id parameters (RFC 9106 "second recommended option" scaled for a small server).
    PASSWORD_TIME_COST = _env_int("PASSWORD_TIME_COST", 3)
    PASSWORD_MEMORY_COST_KIB = _env_int("PASSWORD_MEMORY_COST_KIB", 64 * 1024)
    PASSWORD_MIN_LENGTH = 12

    ITEMS_PER_PAGE = _env_int("ITEMS_PER_PAGE", 25)

    OWN_ORGANISATION = os.environ.get("OWN_ORGANISATION", "Cultuurconnectie")  # who signs our documents

    # Signing invitations go out by email only when MAIL_SERVER is set; otherwise the lobbyist copies the link.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)  # STARTTLS after connecting
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)  # TLS from the first byte (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "bondgenoot@localhost")
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10)
    MAIL_SENDER_NAME = os.environ.get("MAIL_SENDER_NAME", "Bondgenoot")
    # Links in e-mails (notifications, digests, unsubscribe) point here: the address users open Bondgenoot at.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://localhost:5000")

    # Contacts logged from e-mail (crm/inbox): the listener `flask crm mail-listener` takes mail for one address per
    # user, <random>@MAIL_INBOUND_DOMAIN; larger messages are refused at the SMTP level (552).
    MAIL_INBOUND_HOST = os.environ.get("MAIL_INBOUND_HOST", "127.0.0.1")
    MAIL_INBOUND_PORT = _env_int("MAIL_INBOUND_PORT", 2525)
    MAIL_INBOUND_DOMAIN = os.environ.get("MAIL_INBOUND_DOMAIN", "log.bondgenoot.localhost")
    MAIL_INBOUND_MAX_BYTES = _env_int("MAIL_INBOUND_MAX_BYTES", 10 * 1024 * 1024)
    MAIL_ATTACHMENT_MAX_BYTES = _env_int(
        "MAIL_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024
    )  # one attachment, dropped or sent

    # Document rendering runs in worker processes with these limits (crm/rendering/render.py).
    DOCUMENT_RENDER_WORKERS = _env_int("DOCUMENT_RENDER_WORKERS", 2)
    DOCUMENT_RENDER_SECONDS = _env_int("DOCUMENT_RENDER_SECONDS", 60)  # work outside a request: CLI, mail merges
    # A render a request waits for, and a preview: well below the web server's worker timeout (request_limits_fit).
    DOCUMENT_REQUEST_SECONDS = _env_int("DOCUMENT_REQUEST_SECONDS", 20)
    DOCUMENT_PREVIEW_SECONDS = _env_int("DOCUMENT_PREVIEW_SECONDS", 10)
    DOCUMENT_RENDER_MEMORY_MB = _env_int("DOCUMENT_RENDER_MEMORY_MB", 1024)
    DOCUMENT_MAX_PAGES = _env_int("DOCUMENT_MAX_PAGES", 400)
    # Background work (crm/tasks/): Huey delivers jobs whose rows in the database are the truth.
    # TASKS_URL empty: a SQLite file in the instance folder (instance/tasks.db); redis://host:6379/0 for several
    # machines; postgresql://… keeps the queue in PostgreSQL.
    TASKS_URL = os.environ.get("TASKS_URL", "")
    TASKS_NAME = os.environ.get("TASKS_NAME", "bondgenoot")  # the queue's name: two apps on one Redis differ here
    TASKS_IMMEDIATE = False  # run a task inside the call that queues it (the test suite)
    WORKER_THREADS = _env_int("WORKER_THREADS", 2)  # jobs one `flask crm worker` runs at once
    JOB_LEASE_SECONDS = _env_int("JOB_LEASE_SECONDS", 60)  # a running job's lease; its worker renews it
    JOB_MAX_ATTEMPTS = _env_int("JOB_MAX_ATTEMPTS", 3)  # runs of a job whose worker died before it is failed
    WORKER_HEARTBEAT_SECONDS = _env_int("WORKER_HEARTBEAT_SECONDS", 10)
    WORKER_FRESH_SECONDS = _env_int("WORKER_FRESH_SECONDS", 60)  # /readyz: a worker seen this recently is alive
    # Scheduled work: cron expressions (minute hour day month weekday) in TIMEZONE; "off" switches one off.
    SCHEDULE_BACKUP = os.environ.get("SCHEDULE_BACKUP", "30 2 * * *")
    SCHEDULE_FORM_TOKEN_CLEANUP = os.environ.get("SCHEDULE_FORM_TOKEN_CLEANUP", "15 * * * *")
    SCHEDULE_SWEEPER = os.environ.get("SCHEDULE_SWEEPER", "* * * * *")
    # Notifications (crm/notifications/): the daily reminders and briefings, then the digests (weekly: Mondays).
    NOTIFY_REMINDERS_CRON = os.environ.get("NOTIFY_REMINDERS_CRON", "0 7 * * *")
    DIGEST_DAILY_CRON = os.environ.get("DIGEST_DAILY_CRON", "30 7 * * *")
    DIGEST_WEEKLY_CRON = os.environ.get("DIGEST_WEEKLY_CRON", "0 8 * * 1")
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(INSTANCE_DIR / "backups"))
    BACKUP_KEEP = _env_int("BACKUP_KEEP", 7)  # nightly backups kept; older ones are deleted
    MAIL_ATTEMPTS = _env_int("MAIL_ATTEMPTS", 8)  # tries of one invitation e-mail before it is marked failed
    # Spreadsheet imports (crm/imports): the largest file accepted, the widest row, the most rows in one file.
    IMPORT_MAX_BYTES = _env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
    IMPORT_MAX_COLUMNS = _env_int("IMPORT_MAX_COLUMNS", 200)
    IMPORT_MAX_ROWS = _env_int("IMPORT_MAX_ROWS", 100_000)
    MAIL_RETRY_SECONDS = _env_int("MAIL_RETRY_SECONDS", 30)  # first wait before another try; doubles each time
    REPORT_QUEUE_ROWS = _env_int("REPORT_QUEUE_ROWS", 500)  # report PDFs with more rows are made by a worker
    EXPORT_KEEP_SECONDS = _env_int("EXPORT_KEEP_SECONDS", 24 * 3600)  # an access export made by a worker waits
    # The Tweede Kamer's open data (crm/parliament/): the OData API ("demo:" = the bundled demo parliament, offline).
    PARLIAMENT_API_URL = os.environ.get("PARLIAMENT_API_URL", "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/")
    PARLIAMENT_SITE_URL = "https://www.tweedekamer.nl"  # where the agenda links to (the Kamer's own pages only)
    PARLIAMENT_TIMEOUT_SECONDS = float(os.environ.get("PARLIAMENT_TIMEOUT_SECONDS", "30"))
    PARLIAMENT_TRIES = _env_int("PARLIAMENT_TRIES", 4)  # per request: timeouts, connection errors, 5xx are retried
    PARLIAMENT_BACKOFF_SECONDS = float(os.environ.get("PARLIAMENT_BACKOFF_SECONDS", "2"))  # doubled per try
    PARLIAMENT_DELAY_SECONDS = float(os.environ.get("PARLIAMENT_DELAY_SECONDS", "0.5"))  # between two requests
    PARLIAMENT_PAGE_SIZE = _env_int("PARLIAMENT_PAGE_SIZE", 0)  # $top; 0: the API's own page size (250)
    PARLIAMENT_ACTIVITY_DAYS_BACK = _env_int("PARLIAMENT_ACTIVITY_DAYS_BACK", 90)  # the window of activities loaded
    PARLIAMENT_ACTIVITY_DAYS_AHEAD = _env_int("PARLIAMENT_ACTIVITY_DAYS_AHEAD", 365)
    PARLIAMENT_LOCK_MINUTES = _env_int(
        "PARLIAMENT_LOCK_MINUTES", 15
    )  # a run silent this long died; the next takes over
    # When the task queue runs the scheduled sync (cron syntax); empty: never (development). Hourly in production.
    PARLIAMENT_SYNC_CRON = os.environ.get("PARLIAMENT_SYNC_CRON", "")
    # The JSON API (/api/v1/): requests per token (Flask-Limiter syntax), and webhooks.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    # Webhook targets on loopback, private or link-local addresses are refused unless this is on (or the host is
    # listed in WEBHOOK_ALLOWED_HOSTS, comma-separated): a webhook must not reach into our own network.
    WEBHOOK_ALLOW_PRIVATE = _env_bool("WEBHOOK_ALLOW_PRIVATE", False)
    WEBHOOK_ALLOWED_HOSTS = os.environ.get("WEBHOOK_ALLOWED_HOSTS", "")
    WEBHOOK_TIMEOUT_SECONDS = _env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
    WEBHOOK_ATTEMPTS = _env_int("WEBHOOK_ATTEMPTS", 8)  # tries of one delivery before it is marked failed
    WEBHOOK_RETRY_SECONDS = _env_int("WEBHOOK_RETRY_SECONDS", 30)  # first wait before another try; doubles each time
    FORCE_HTTPS = False
    HSTS = False
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    ENV_NAME = "production"
    PARLIAMENT_SYNC_CRON = os.environ.get("PARLIAMENT_SYNC_CRON", "0 * * * *")
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS = _env_bool("HSTS", True)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-only-secret-key"  # noqa: S105 - never used outside the test suite
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "1000 per minute"
    TOTP_RATE_LIMIT = "1000 per minute"
    TASKS_IMMEDIATE = True  # the suite's database session is one transaction another process cannot see
    SCHEDULE_BACKUP = SCHEDULE_SWEEPER = "off"  # no worker runs in the suite: nothing is scheduled
    NOTIFY_REMINDERS_CRON = DIGEST_DAILY_CRON = DIGEST_WEEKLY_CRON = "off"
    SCHEDULE_FORM_TOKEN_CLEANUP = "off"  # noqa: S105 - a schedule, not a secret
    PARLIAMENT_API_URL = "demo:"  # tests that talk to a server of their own pass its URL
    PARLIAMENT_BACKOFF_SECONDS = 0.0
    PARLIAMENT_DELAY_SECONDS = 0.0
    PARLIAMENT_TIMEOUT_SECONDS = 5.0
    # Fast hashing keeps the suite quick; production parameters are covered by a unit test.
    PASSWORD_TIME_COST = 1
    PASSWORD_MEMORY_COST_KIB = 1024


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


# What a request does besides waiting for its render (queries, keeping the PDF, the answer): the render limits of
# a request stay at least this far below the web server's worker timeout.
REQUEST_TIMEOUT_MARGIN_SECONDS = 10


def request_limits_fit(config: type[Config], worker_timeout: float) -> list[str]:
    """What does not fit the web server's worker timeout (gunicorn's --timeout; 0 is none): a request that waits
    longer for a render than the server lets it run is killed with a 500 and leaves its render running."""
    if worker_timeout <= 0:
        return []
    problems = []
    for name in ("DOCUMENT_REQUEST_SECONDS", "DOCUMENT_PREVIEW_SECONDS"):
        seconds = getattr(config, name)
        if seconds + REQUEST_TIMEOUT_MARGIN_SECONDS > worker_timeout:
            problems.append(
                f"{name}={seconds} must be at least {REQUEST_TIMEOUT_MARGIN_SECONDS} seconds below the worker "
                f"timeout ({worker_timeout:g} s): lower it or raise gunicorn's --timeout"
            )
    return problems


def config_from_env() -> type[Config]:
    name = os.environ.get("BONDGENOOT_ENV", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"BONDGENOOT_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None

"""The steps of `create_app`: configuration, extensions, blueprints, error handlers, commands."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, abort, has_request_context, request, session
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from crm.extensions import babel, csrf, db, limiter, login_manager, migrate, talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def _development_secret_key(instance: Path) -> str:
    """Outside production a signing key is generated once into instance/ so sessions survive restarts."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    os.chmod(key_file, 0o600)
    return key


def load_config(app: Flask, config: dict[str, Any], overrides: dict[str, Any]) -> None:
    app.config.from_mapping(config)
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set in production (BONDGENOOT_ENV=production).")
        app.config["SECRET_KEY"] = _development_secret_key(Path(app.instance_path))
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # the form some hosting platforms hand out
        uri = "postgresql+psycopg://" + uri.removeprefix("postgres://")
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
            Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {
            **options.get("connect_args", {}),
            "timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000,
        }
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    if app.config["LOG_LEVEL"] != "DEBUG":  # chatter of libraries at INFO ("logger bridge initialized", layout steps)
        for name in ("pikepdf", "weasyprint.progress", "fontTools", "huey", "huey.consumer.Scheduler", "httpx"):
            logging.getLogger(name).setLevel(logging.WARNING)  # (Huey: a line per task run and per minute)
        logging.getLogger("huey.consumer").setLevel(logging.INFO)  # a worker's start and stop stay in its log


def _select_locale() -> str:
    if not has_request_context():
        return "nl"
    if current_user and current_user.is_authenticated:
        return current_user.language
    language = session.get("language")
    return language if language in ("nl", "en") else "nl"


def import_models() -> None:
    """Every domain's models, so relationships by name resolve and migrations see the whole schema."""
    import crm.api.models
    import crm.audit.models
    import crm.auth.models
    import crm.coalitions.models
    import crm.common.form_tokens
    import crm.documents.models
    import crm.imports.models
    import crm.inbox.models
    import crm.interactions.models
    import crm.letters.invitations
    import crm.letters.models
    import crm.meetings.models
    import crm.meetings.models_calendar
    import crm.notifications.models
    import crm.parliament.models
    import crm.parliament.models_sync
    import crm.partners.models
    import crm.privacy.models
    import crm.stakeholders.models
    import crm.tasks.models
    import crm.watch.models
    import crm.webhooks.models  # noqa: F401


def import_task_modules() -> None:
    """Every domain's job kinds, so a worker knows them all."""
    import crm.dashboard.tasks
    import crm.dashboard.week  # the weekly digest's figures (registers itself with crm.notifications.digests)
    import crm.documents.tasks
    import crm.imports.tasks
    import crm.inbox.tasks
    import crm.letters.tasks
    import crm.maintenance.tasks
    import crm.notifications.tasks
    import crm.parliament.tasks
    import crm.privacy.tasks
    import crm.webhooks.tasks  # noqa: F401


def import_panels() -> None:
    """Every domain's panels of the record pages (crm/common/panels.py): importing a module registers them."""
    import crm.coalitions.panels
    import crm.notifications.panels
    import crm.parliament.panels
    import crm.partners.panels
    import crm.privacy.panels
    import crm.stakeholders.panels
    import crm.timeline.panels
    import crm.watch.panels  # noqa: F401


def register_extensions(app: Flask) -> None:
    from crm.api.auth import load_session_user, load_token_user
    from crm.audit import listener
    from crm.audit.context import set_request_actor
    from crm.common import form_tokens
    from crm.common.views import replay_guard
    from crm.permissions import enforce_declared_rule

    import_models()
    import_task_modules()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_session_user)  # (under /api/ only a token signs in: crm/api/auth.py)
    login_manager.request_loader(load_token_user)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["HSTS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
    )
    listener.install()
    form_tokens.install()
    from crm.tasks import queue

    queue.init_app(app)

    @login_manager.unauthorized_handler
    def _unauthorized():
        from crm.api.auth import is_api_request, unauthorized
        from crm.auth.views import redirect_to_login

        if is_api_request():
            unauthorized()  # 401 problem details, never the login page
        return redirect_to_login()

    @app.before_request
    def _refuse_nul_in_query():
        # PostgreSQL cannot hold NUL in text; no link of ours carries one, so such a URL is malformed.
        if any("\x00" in value for values in request.args.listvalues() for value in values):
            abort(400)
        return None

    from crm.auth.sessions import expire_idle_session
    from crm.auth.views_two_factor import require_enrolment

    app.before_request(expire_idle_session)  # before the access check: an idle session counts as signed out
    app.before_request(require_enrolment)

    @app.before_request
    def _enforce_access():
        if current_user.is_authenticated:
            set_request_actor(current_user.id, current_user.email)
        return enforce_declared_rule()

    app.before_request(replay_guard)  # after the CSRF and access checks: a double submit saves once

    @app.after_request
    def _no_store_for_personal_pages(response):
        # Pages behind the login hold personal data: keep them out of shared caches and the back-forward cache.
        if request.endpoint != "static" and current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response

    from crm import template_helpers

    template_helpers.register(app)


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in our URLs is a database id: 1 … 2³¹−1, so an oversized id is a 404, not a database error."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=2**31 - 1, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
    from crm.api.setup import init_api
    from crm.audit.views import bp as audit_bp
    from crm.auth.views import bp as auth_bp
    from crm.auth.views_admin import bp as users_bp
    from crm.auth.views_two_factor import bp as two_factor_bp
    from crm.coalitions.views_coalitions import bp as coalitions_bp
    from crm.coalitions.views_dossiers import bp as dossiers_bp
    from crm.dashboard.views import bp as dashboard_bp
    from crm.dashboard.views_network import bp as network_bp
    from crm.dashboard.views_reports import bp as reports_bp
    from crm.documents.views_documents import bp as documents_bp
    from crm.documents.views_logos import bp as logos_bp
    from crm.documents.views_merge import bp as mail_merge_bp
    from crm.documents.views_templates import bp as document_templates_bp
    from crm.home.views import bp as home_bp
    from crm.imports.views import bp as imports_bp
    from crm.inbox.views import bp as inbox_bp
    from crm.interactions.views import bp as interactions_bp
    from crm.interactions.views_export import bp as contact_exports_bp
    from crm.letters.views import bp as letters_bp
    from crm.letters.views_record import bp as letter_record_bp
    from crm.letters.views_signatories import bp as signatories_bp
    from crm.letters.views_signing import bp as signing_bp
    from crm.letters.views_versions import bp as letter_versions_bp
    from crm.meetings.views import bp as meetings_bp
    from crm.meetings.views import feed_bp as calendar_feed_bp
    from crm.merging.views import bp as merge_bp
    from crm.notifications.views import bp as notifications_bp
    from crm.parliament.views import bp as parliament_bp
    from crm.partners.views_organisations import bp as organisations_bp
    from crm.partners.views_people import bp as people_bp
    from crm.privacy.views import bp as privacy_bp
    from crm.search.views import bp as search_bp
    from crm.stakeholders.views import bp as stakeholders_bp
    from crm.tasks.views import bp as jobs_bp
    from crm.timeline.views import bp as timeline_bp
    from crm.watch.views import bp as watch_bp
    from crm.watch.views_debate import bp as debate_bp

    init_api(app)  # /api/v1/: its blueprints, OpenAPI document and documentation page
    import_panels()
    for blueprint in (
        home_bp,
        dashboard_bp,
        reports_bp,
        network_bp,
        auth_bp,
        users_bp,
        audit_bp,
        organisations_bp,
        people_bp,
        coalitions_bp,
        dossiers_bp,
        interactions_bp,
        contact_exports_bp,
        inbox_bp,
        meetings_bp,
        calendar_feed_bp,
        letters_bp,
        letter_versions_bp,
        letter_record_bp,
        signatories_bp,
        signing_bp,
        search_bp,
        timeline_bp,
        documents_bp,
        document_templates_bp,
        mail_merge_bp,
        logos_bp,
        stakeholders_bp,
        privacy_bp,
        parliament_bp,
        two_factor_bp,
        jobs_bp,
        imports_bp,
        merge_bp,
        watch_bp,
        debate_bp,
        notifications_bp,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from crm.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from crm.cli import crm_cli

    app.cli.add_command(crm_cli)

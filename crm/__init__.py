"""Bondgenoot: a coalition stakeholder CRM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ROOT, configuration, environment, instance_dir
from crm.app_setup import (
    load_config,
    register_blueprints,
    register_commands,
    register_errorhandlers,
    register_extensions,
)


def create_app(settings: Mapping[str, str] | None = None, **overrides: Any) -> Flask:
    """An app configured from `settings` (names and text values as in the environment, which is the default; see
    config.py), then `overrides` (setting names with values of their type, as tests and commands pass them)."""
    settings = environment() if settings is None else settings
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_path=str(instance_dir(settings)))
    load_config(app, configuration(settings), overrides)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    trust_proxies(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind `TRUSTED_PROXIES` proxies, the client's address and scheme come from the X-Forwarded-For and
    X-Forwarded-Proto headers those proxies add (the rate limits then count each client, not the load balancer)."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops < 0:
        raise RuntimeError("TRUSTED_PROXIES must be 0 or more.")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

"""Bondgenoot: a coalition stakeholder CRM."""

from __future__ import annotations

from typing import Any

from flask import Flask

from config import INSTANCE_DIR, ROOT, Config, config_from_env
from crm.app_setup import (
    load_config,
    register_blueprints,
    register_commands,
    register_errorhandlers,
    register_extensions,
)


def create_app(config: type[Config] | None = None, **overrides: Any) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_path=str(INSTANCE_DIR))
    load_config(app, config or config_from_env(), overrides)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app

"""The configuration is built inside `create_app` from a mapping (the environment by default), so one process can
make differently configured apps: a test, a benchmark or a CLI command passes its own settings."""

from __future__ import annotations

import runpy
from types import SimpleNamespace

import pytest

from config import ROOT, configuration
from crm import create_app

TESTING = {"BONDGENOOT_ENV": "testing"}


def test_two_apps_made_from_different_mappings_in_one_process_each_keep_their_own_settings():
    small = create_app({**TESTING, "ITEMS_PER_PAGE": "5", "MAIL_SERVER": "smtp.small.example"})
    large = create_app({**TESTING, "ITEMS_PER_PAGE": "100", "SESSION_COOKIE_SECURE": "true"})

    assert small.config["ITEMS_PER_PAGE"] == 5 and large.config["ITEMS_PER_PAGE"] == 100
    assert small.config["MAIL_SERVER"] == "smtp.small.example" and large.config["MAIL_SERVER"] == ""
    assert not small.config["SESSION_COOKIE_SECURE"] and large.config["SESSION_COOKIE_SECURE"]
    assert large.config["REMEMBER_COOKIE_SECURE"]  # follows the session cookie, as it always did


def test_overrides_win_over_the_mapping():
    app = create_app({**TESTING, "ITEMS_PER_PAGE": "5"}, ITEMS_PER_PAGE=9)
    assert app.config["ITEMS_PER_PAGE"] == 9


def test_without_a_mapping_the_environment_is_read_when_the_app_is_made(monkeypatch, tmp_path):
    monkeypatch.setenv("BONDGENOOT_ENV", "testing")
    monkeypatch.setenv("ITEMS_PER_PAGE", "7")
    monkeypatch.setenv("OWN_ORGANISATION", "Kunstenbond")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    first = create_app(SQLALCHEMY_DATABASE_URI="sqlite://")
    monkeypatch.setenv("ITEMS_PER_PAGE", "8")  # read again by the next app, not once at import
    second = create_app(SQLALCHEMY_DATABASE_URI="sqlite://")

    assert first.config["ITEMS_PER_PAGE"] == 7 and second.config["ITEMS_PER_PAGE"] == 8
    assert first.config["OWN_ORGANISATION"] == "Kunstenbond"
    assert first.config["ENV_NAME"] == "testing" and first.instance_path == str(tmp_path)


def test_each_profile_keeps_its_defaults():
    development = configuration({})
    production = configuration({"BONDGENOOT_ENV": "production"})
    testing = configuration({"BONDGENOOT_ENV": "testing"})

    assert development["ENV_NAME"] == "development" and not development["SESSION_COOKIE_SECURE"]
    assert development["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{ROOT / 'instance' / 'bondgenoot.db'}"
    assert development["BACKUP_DIR"] == str(ROOT / "instance" / "backups") and not development["HSTS"]
    assert production["SESSION_COOKIE_SECURE"] and production["HSTS"]
    assert production["PARLIAMENT_SYNC_CRON"] == "0 * * * *" and development["PARLIAMENT_SYNC_CRON"] == ""
    assert testing["TASKS_IMMEDIATE"] and testing["PARLIAMENT_API_URL"] == "demo:"
    assert testing["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    assert configuration({"BONDGENOOT_ENV": "production", "HSTS": "no"})["HSTS"] is False


def test_an_empty_number_takes_the_default_and_an_unknown_profile_is_refused():
    assert configuration({"ITEMS_PER_PAGE": ""})["ITEMS_PER_PAGE"] == 25
    assert configuration({"PARLIAMENT_DELAY_SECONDS": "1.5"})["PARLIAMENT_DELAY_SECONDS"] == 1.5
    with pytest.raises(RuntimeError, match="BONDGENOOT_ENV must be one of development, production, testing"):
        configuration({"BONDGENOOT_ENV": "staging"})


def test_gunicorns_start_up_check_reads_the_render_limits_from_the_environment(monkeypatch):
    on_starting = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["on_starting"]
    server = SimpleNamespace(cfg=SimpleNamespace(timeout=60))
    monkeypatch.setenv("DOCUMENT_REQUEST_SECONDS", "55")
    with pytest.raises(RuntimeError, match="DOCUMENT_REQUEST_SECONDS=55"):
        on_starting(server)
    monkeypatch.setenv("DOCUMENT_REQUEST_SECONDS", "20")
    on_starting(server)  # fits: gunicorn starts

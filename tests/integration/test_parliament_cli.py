"""`flask crm parliament sync [--full]` and the demo parliament that `flask crm seed-demo` imports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm.common.time import today, utc_to_local
from crm.parliament.models import KamerActivity, KamerPerson
from crm.parliament.models_sync import SyncRun
from crm.partners.models import Organisation, Person
from crm.privacy.models import PersonPrivacy
from tests.parliament_server import Kamer, serve_kamer


@pytest.fixture
def kamer_server(tmp_path):
    yield from serve_kamer(tmp_path)


@pytest.fixture
def configured(app, kamer_server, monkeypatch):
    monkeypatch.setitem(app.config, "PARLIAMENT_API_URL", kamer_server.base_url)
    monkeypatch.setitem(app.config, "PARLIAMENT_TRIES", 2)
    return kamer_server


def test_the_cli_syncs_from_the_configured_api_and_a_second_run_adds_nothing(app, db, configured):
    kamer = Kamer(configured)
    kamer.fraction(1, "D66", "Democraten 66")
    kamer.person(1, "Annemijn", "Terpstra")
    kamer.seat(1, person=1, fraction=1, start="2021-03-31")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["crm", "parliament", "sync"])
    assert first.exit_code == 0, first.output
    assert "Persoon" in first.output and "new       1" in first.output
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.last_name == "Terpstra")) == 1
    again = runner.invoke(args=["crm", "parliament", "sync", "--full", "--set", "Persoon"])
    assert again.exit_code == 0, again.output
    assert "new       0  changed       0" in again.output
    assert db.session.scalar(select(func.count()).select_from(SyncRun)) == 2


def test_a_failed_cli_sync_exits_non_zero_and_keeps_what_it_fetched(app, db, configured):
    kamer = Kamer(configured)
    kamer.person(1, "Annemijn", "Terpstra")
    configured.fail("500", entity_set="FractieZetelPersoon", times=2)
    result = app.test_cli_runner().invoke(args=["crm", "parliament", "sync"])
    assert result.exit_code != 0
    assert "The sync failed: FractieZetelPersoon: HTTP 500 after 2 tries" in result.output
    assert db.session.get(KamerPerson, kamer.server.data["Persoon"][0]["Id"]) is not None


def test_seed_demo_imports_the_demo_parliament_with_next_weeks_debate(app, db):
    result = app.test_cli_runner().invoke(args=["crm", "seed-demo"])
    assert result.exit_code == 0, result.output
    run = db.session.scalar(select(SyncRun).where(SyncRun.trigger == "demo"))
    assert run.status == "succeeded" and run.total("new") > 100
    monday = today() - timedelta(days=today().weekday())
    debate = db.session.scalar(select(KamerActivity).where(KamerActivity.subject.like("Cultuureducatie en het%")))
    day = utc_to_local(debate.starts_at, "Europe/Amsterdam").date()
    assert day == monday + timedelta(days=9)  # Wednesday next week, whenever the demo is seeded
    assert utc_to_local(debate.starts_at, "Europe/Amsterdam").hour == 10
    terpstra = db.session.scalar(select(Person).where(Person.last_name == "Terpstra"))
    assert terpstra.source == "tweedekamer" and terpstra.email == "a.terpstra@tk.example"  # the demo's, linked
    assert db.session.get(PersonPrivacy, terpstra.id).lawful_basis == "public_role"
    ocw = db.session.scalar(select(Organisation).where(Organisation.acronym == "cie. OCW"))
    assert ocw.source == "tweedekamer"
    waiting = set(db.session.scalars(select(KamerPerson.last_name).where(KamerPerson.review_candidates.is_not(None))))
    assert "Veldhuizen" in waiting  # the committee's clerk has a namesake in the Kamer: a person decides

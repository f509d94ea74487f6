"""`flask crm …` commands."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.partners.models import Organisation, Person
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.helpers import count


def test_create_user_reads_the_password_from_stdin(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["crm", "create-user", "nieuw@bondgenoot.test", "--role", "director"], input="een lang genoeg wachtwoord\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created nieuw@bondgenoot.test (director)" in result.output
    user = db.session.scalar(select(User).where(User.email == "nieuw@bondgenoot.test"))
    assert user.role == "director" and user.name == "nieuw"
    assert sign_in(app.test_client(), "nieuw@bondgenoot.test", "een lang genoeg wachtwoord").status_code == 302


def test_create_user_refuses_a_short_password_and_a_duplicate(app, db):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["crm", "create-user", "kort@bondgenoot.test", "--role", "viewer"], input="kort\n")
    assert short.exit_code != 0 and "12" in short.output
    assert "Use at least 12 characters." in short.output  # the commands speak English, as their own lines do
    UserFactory(email="dubbel@bondgenoot.test")
    duplicate = runner.invoke(
        args=["crm", "create-user", "dubbel@bondgenoot.test", "--role", "viewer"], input="een lang genoeg wachtwoord\n"
    )
    assert duplicate.exit_code != 0
    assert "A user with this email address already exists." in duplicate.output
    assert count(User, User.email == "kort@bondgenoot.test") == 0
    for bad in ("geen-email", "twee@@bondgenoot.test", "iemand@"):
        refused = runner.invoke(args=["crm", "create-user", bad, "--role", "viewer"], input="lang genoeg wachtwoord\n")
        assert refused.exit_code != 0 and "not a valid email address" in refused.output, bad
        assert count(User, User.email == bad) == 0


def test_seed_demo_loads_the_registry_and_prints_the_logins(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["crm", "seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    for email in (
        "beheer@bondgenoot.test",
        "directeur@bondgenoot.test",
        "lobbyist@bondgenoot.test",
        "lezer@bondgenoot.test",
    ):
        assert email in result.output
    assert "bondgenoot-demo" in result.output
    municipalities = count(Organisation, Organisation.kind == "municipality")
    assert municipalities == 342
    assert count(Organisation, Organisation.kind == "province") == 12
    utrecht = db.session.scalar(select(Organisation).where(Organisation.name == "Provincie Utrecht"))
    assert count(Organisation, Organisation.kind == "municipality", Organisation.province_id == utrecht.id) == 26
    assert count(Organisation, Organisation.kind == "municipality", Organisation.province_id.is_(None)) == 0
    ministries = set(db.session.scalars(select(Organisation.acronym).where(Organisation.kind == "ministry")))
    assert ministries == {"OCW", "VWS", "SZW", "BZK", "EZK", "FIN"}
    assert db.session.scalar(select(func.count()).select_from(Person)) >= 30
    coalitions = set(db.session.scalars(select(Coalition.name)))
    assert {
        "Cultuur deel je",
        "Zet cultuur op de agenda",
        "Deltaplan Jeugd",
        "Federatie Cultuur",
        "Taskforce culturele en creatieve sector",
    } <= coalitions
    assert "Nationaal Programma Onderwijs" in set(db.session.scalars(select(Dossier.title)))
    assert sign_in(app.test_client(), "lobbyist@bondgenoot.test", "bondgenoot-demo").status_code == 302
    from crm.notifications.models import Follow, Notification

    assert count(Follow) >= 3 and 1 <= count(Notification) <= 10  # a few, not one per demo contact

    again = runner.invoke(args=["crm", "seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "already holds data" in again.output
    assert count(Organisation, Organisation.kind == "municipality") == 342


def test_seed_demo_twice_does_not_double_the_registry(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["crm", "seed-demo"]).exit_code == 0
    organisations = count(Organisation)
    again = runner.invoke(args=["crm", "seed-demo"])
    assert again.exit_code == 0 and "loaded already" in again.output
    assert "beheer@bondgenoot.test" in again.output  # the logins are still shown
    assert count(Organisation) == organisations

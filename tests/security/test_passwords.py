"""Passwords: at least 12 characters and not common (zxcvbn's bundled lists), in every place a password is set."""

from __future__ import annotations

import pytest

from crm.auth.models import User
from crm.auth.password_policy import password_problem
from crm.auth.passwords import verify_password
from crm.extensions import db
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.helpers import count, text_of

COMMON = "Dit is een van de meest gebruikte wachtwoorden. Kies een ander."
PERSONAL = "Gebruik je naam, je e-mailadres of de naam van de organisatie niet in je wachtwoord."
GUESSABLE = "Dit wachtwoord is te makkelijk te raden"


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("kort", "Gebruik minimaal 12 tekens."),
        ("password1234", COMMON),
        ("123qweasdzxc", COMMON),  # on the list of the 30,000 most common passwords
        ("  Qwerty123456 ", COMMON),  # case and surrounding spaces do not help
        ("wachtwoord123", GUESSABLE),  # a common word with digits
        ("qwertyuiopasdf", GUESSABLE),  # a keyboard row
        ("aaaaaaaaaaaaaaaa", GUESSABLE),
        ("annajansen2024", PERSONAL),
        ("Bondgenoot2026!", PERSONAL),
        ("een lang genoeg wachtwoord", None),
        ("Zomer2024!kraan-fiets", None),
        ("x7$Kp" + "q" * 195, None),  # long passwords are checked on their start: no error on 200 characters
    ],
)
def test_password_rule(app, password, expected):
    with app.test_request_context():
        problem = password_problem(password, ["anna.jansen@bondgenoot.test", "Anna Jansen"])
        if expected is None:
            assert problem is None
        else:
            assert expected in str(problem)


def new_user_form(password: str, **fields) -> dict:
    return {"name": "Pieter Post", "email": "pieter@bondgenoot.test", "role": "viewer", "language": "nl",
            "password": password, "confirm": password, **fields}  # fmt: skip


def test_an_administrator_cannot_give_a_new_user_a_common_password(client, login_as):
    login_as("admin")
    refused = client.submit("/admin/users/new", new_user_form("Password1234"))
    assert refused.status_code == 422 and COMMON in text_of(refused)
    personal = client.submit("/admin/users/new", new_user_form("pieterpost1970"))
    assert personal.status_code == 422 and PERSONAL in text_of(personal)
    assert count(User) == 1
    assert client.submit("/admin/users/new", new_user_form("fiets lantaarn onweer")).status_code == 302


def test_a_reset_refuses_a_common_password_and_the_users_own_name(client, login_as):
    login_as("admin")
    user = UserFactory(name="Grietje Groen", email="grietje@bondgenoot.test")
    for password, message in (("welkom123456", GUESSABLE), ("GrietjeGroen12", PERSONAL)):
        response = client.submit(f"/admin/users/{user.id}/password", {"password": password, "confirm": password})
        assert response.status_code == 422 and message in text_of(response)
    assert verify_password(db.session.get(User, user.id).password_hash, PASSWORD)


def test_changing_ones_own_password_refuses_a_common_one(client, login_as):
    user = login_as("lobbyist")
    response = client.submit(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "iloveyou1234", "confirm": "iloveyou1234"},
    )
    assert response.status_code == 422 and "Dit wachtwoord is te makkelijk te raden" in text_of(response)
    assert verify_password(db.session.get(User, user.id).password_hash, PASSWORD)


def test_the_cli_refuses_a_common_password(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["crm", "create-user", "cli@bondgenoot.test", "--role", "viewer"],
                           input="qwertyuiop123\n")  # fmt: skip
    assert result.exit_code != 0
    assert "one of the most commonly used passwords" in result.output  # the CLI speaks English (issue 13, item 16)
    assert count(User, User.email == "cli@bondgenoot.test") == 0

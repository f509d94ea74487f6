"""The 403 page says who may do what was refused (the roles), the reader's own role, and whom to ask: the names
of the active administrators. Visitors who are not signed in learn no names."""

from __future__ import annotations

from crm.common.time import utcnow
from tests.factories import InteractionFactory, PersonFactory, UserFactory
from tests.factories_letters import LetterFactory
from tests.helpers import text_of

ASK = "Vraag het een beheerder als je dit nodig hebt: Anna Admin of Bert Beheer."


def administrators():
    UserFactory(name="Bert Beheer", role="admin")
    UserFactory(name="Anna Admin", role="admin")
    UserFactory(name="Oud Beheer", role="admin", active=False)  # deactivated: nobody to ask


def test_a_viewer_learns_that_only_administrators_manage_privacy_and_whom_to_ask(client, login_as):
    administrators()
    login_as("viewer")
    response = client.get("/privacy/")
    assert response.status_code == 403
    text = text_of(response)
    assert "Geen toegang" in text
    assert (
        "Dit mag alleen iemand met de rol Beheerder: "
        "Privacyregistraties, inzageverzoeken, wissen en de bewaartermijncontrole beheren." in text
    )
    assert "Jouw rol is Alleen lezen." in text
    assert ASK in text and "Oud Beheer" not in text


def test_a_lobbyist_who_may_not_approve_a_letter_is_told_who_may(client, login_as):
    administrators()
    login_as("lobbyist")
    letter = LetterFactory(status="review")
    response = client.submit(f"/letters/{letter.id}/status/approved", {}, token_from=f"/letters/{letter.id}")
    assert response.status_code == 403
    text = text_of(response)
    assert "Dit mag alleen iemand met de rol Beheerder of Directeur: Gezamenlijke brieven goedkeuren." in text
    assert "Jouw rol is Lobbyist." in text and ASK in text


def test_someone_elses_contact_names_the_managers_and_its_own_colleague(client, login_as):
    administrators()
    login_as("lobbyist")
    contact = InteractionFactory(created_by=UserFactory(role="lobbyist"))
    response = client.get(f"/interactions/{contact.id}/edit")
    assert response.status_code == 403
    assert (
        "Dit mag alleen iemand met de rol Beheerder of Directeur, of de collega van wie het is: "
        "Contacten van iedereen bewerken." in text_of(response)
    )


def test_a_director_is_told_that_users_are_for_administrators(client, login_as):
    administrators()
    login_as("director")
    response = client.get("/admin/users/")
    assert response.status_code == 403
    text = text_of(response)
    assert "Dit mag alleen iemand met de rol Beheerder: Gebruikers beheren en wachtwoorden opnieuw instellen." in text
    assert "Jouw rol is Directeur." in text and ASK in text


def test_a_refusal_that_is_not_about_the_role_does_not_blame_it_and_still_says_whom_to_ask(client, login_as):
    """A lobbyist may edit people, but not an archived one (restore it first): the role is not the reason."""
    administrators()
    login_as("lobbyist")
    person = PersonFactory(archived_at=utcnow())
    response = client.get(f"/people/{person.id}/edit")
    assert response.status_code == 403
    text = text_of(response)
    assert "Je hebt geen toestemming om dit te doen." in text and ASK in text
    assert "Dit mag alleen" not in text and "Jouw rol" not in text


def test_without_administrators_the_page_still_says_to_ask_one(client, login_as):
    login_as("viewer")
    text = text_of(client.get("/admin/audit/"))
    assert "Dit mag alleen iemand met de rol Beheerder: Het volledige auditlog bekijken." in text
    assert "Vraag het een beheerder van Bondgenoot als je dit nodig hebt." in text


def test_visitors_who_are_not_signed_in_learn_no_names(app, client, db):
    administrators()
    with app.test_request_context("/"):
        from werkzeug.exceptions import Forbidden

        from crm.errors import forbidden_message

        assert forbidden_message(Forbidden()) == "Je hebt geen toestemming om dit te doen."

"""Only the text a director approved is sent: a text change after approval — by the edit form, by restoring an old
version, while signatures are collected, from a stale or replayed form — sends the letter back for review with a
history line saying why; the send service itself refuses a text nobody approved, whatever the way in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.common.errors import ServiceError
from crm.common.time import today
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.letters import services, services_sending
from crm.letters.models import JointLetter, LetterEvent, LetterVersion, Signatory
from crm.partners.services import OrganisationRef
from tests import pdf as pdf_text
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.factories_letters import BODY, LetterFactory, SignatoryFactory
from tests.helpers import count, text_of

CHANGED = "Wij vragen u kunstonderwijs een vaste plek te geven.\n\nDank voor uw aandacht."


def director_client(app):
    director = app.test_client()
    sign_in(director, UserFactory(role="director", language="en").email)
    return director


def edit_form(letter: JointLetter, body: str) -> dict:
    return {"title": letter.title, "addressee_organisation_name": letter.addressee_organisation.name,
            "addressee_organisation_id": str(letter.addressee_organisation_id), "salutation": "Geachte leden",
            "body": body, "closing": "Met vriendelijke groet,", "signature_block": "Marieke van Dijk, directeur",
            "lead_organisation_name": letter.lead_organisation.name,
            "lead_organisation_id": str(letter.lead_organisation_id), "version_id": str(letter.version_id)}  # fmt: skip


def step(client, letter_id: int, target: str, version_id: int | None = None):
    version_id = version_id or db.session.get(JointLetter, letter_id).version_id
    return client.submit(f"/letters/{letter_id}/status/{target}", {"target": target, "reason": "",
                                                                    "version_id": str(version_id)},
                         token_from=f"/letters/{letter_id}")  # fmt: skip


def send(client, letter_id: int):
    letter = db.session.get(JointLetter, letter_id)
    return client.submit(f"/letters/{letter_id}/send", {"sent_on": today().isoformat(), "channel": "post",
                                                        "version_id": str(letter.version_id)},
                         token_from=f"/letters/{letter_id}")  # fmt: skip


def status_events(letter_id: int) -> list[LetterEvent]:
    query = select(LetterEvent).where(LetterEvent.letter_id == letter_id, LetterEvent.kind == "status")
    return list(db.session.scalars(query.order_by(LetterEvent.id)))


def as_input(letter: JointLetter, body: str, **changes) -> services.LetterInput:
    data = services.LetterInput(
        title=letter.title, body=body, addressee_organisation=OrganisationRef(id=letter.addressee_organisation_id),
        salutation="Geachte leden", closing="Met vriendelijke groet,", signature_deadline=letter.signature_deadline,
        lead_organisation=OrganisationRef(id=letter.lead_organisation_id),
    )  # fmt: skip
    for name, value in changes.items():
        setattr(data, name, value)
    return data


# --- the issue, as a user meets it ---------------------------------------------------------------------------------


def test_an_approved_letter_whose_text_changes_goes_back_for_review_and_is_not_sent_until_approved_again(
    client, login_as, app
):
    login_as("lobbyist", language="en")
    director = director_client(app)
    letter = LetterFactory(status="draft")
    assert step(client, letter.id, "review").status_code == 302
    assert step(director, letter.id, "approved").status_code == 302
    assert "Mark as sent" in text_of(client.get(f"/letters/{letter.id}"))

    letter = db.session.get(JointLetter, letter.id)
    response = client.submit(f"/letters/{letter.id}/edit", edit_form(letter, CHANGED))
    assert response.status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.current_version, letter.approved_version) == ("review", 2, None)
    page = text_of(client.get(f"/letters/{letter.id}"))
    assert "In review" in page and "Approved" not in page.split("What happened")[0]
    assert "Approved → In review — text changed after approval (version 1 → 2)" in page
    assert "Mark as sent" not in page

    refused = client.get(f"/letters/{letter.id}/send")
    assert refused.status_code == 302
    assert "Only an approved letter can be sent." in text_of(client.get(refused.headers["Location"]))
    assert send(client, letter.id).status_code == 302
    assert db.session.get(JointLetter, letter.id).status == "review" and count(GeneratedDocument) == 0

    assert step(director, letter.id, "approved").status_code == 302
    assert db.session.get(JointLetter, letter.id).approved_version == 2
    assert send(client, letter.id).status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert letter.status == "sent"
    words = pdf_text.text(db.session.get(GeneratedDocument, letter.sent_document_id).pdf)
    assert "kunstonderwijs" in words and "cultuureducatie" not in words


def test_the_history_line_is_in_dutch_for_a_dutch_reader(client, login_as):
    login_as("lobbyist")
    letter = LetterFactory(status="approved")
    services.update_letter(letter, as_input(letter, CHANGED), expected_version=letter.version_id,
                           author=UserFactory())  # fmt: skip
    page = text_of(client.get(f"/letters/{letter.id}"))
    assert "Goedgekeurd → Ter beoordeling — tekst gewijzigd na goedkeuring (versie 1 → 2)" in page


def test_saving_without_changing_the_text_keeps_the_approval(client, login_as):
    """A new deadline for signatures is not a new text: the letter stays approved and can be sent."""
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="signing")
    form = edit_form(letter, BODY)
    form["signature_deadline"] = (today() + timedelta(days=30)).isoformat()
    assert client.submit(f"/letters/{letter.id}/edit", form).status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.current_version, letter.approved_version) == ("signing", 1, 1)
    assert letter.signature_deadline is not None
    assert "Mark as sent" in text_of(client.get(f"/letters/{letter.id}"))


# --- every other door ----------------------------------------------------------------------------------------------


def test_restoring_an_old_version_of_an_approved_letter_sends_it_back_for_review(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="review")
    client.submit(f"/letters/{letter.id}/edit", edit_form(letter, CHANGED))
    assert step(director_client(app), letter.id, "approved").status_code == 302
    assert db.session.get(JointLetter, letter.id).approved_version == 2

    response = client.submit(
        f"/letters/{letter.id}/versions/1/restore", {}, token_from=f"/letters/{letter.id}/versions"
    )
    assert response.status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.current_version, letter.approved_version) == ("review", 3, None)
    assert "text changed after approval (version 2 → 3)" in text_of(client.get(f"/letters/{letter.id}"))


def test_a_stale_edit_form_opened_before_the_approval_cannot_change_the_approved_text(client, login_as, app):
    """The lobbyist opens the edit form in review (or goes back to it in the browser); the director approves; the
    old form is then submitted: a conflict, and the approved text stays."""
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="review")
    page = client.get(f"/letters/{letter.id}/edit").get_data(as_text=True)
    stale = edit_form(letter, CHANGED)
    stale["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    stale["form_token"] = re.search(r'name="form_token"[^>]*value="([^"]+)"', page).group(1)
    assert step(director_client(app), letter.id, "approved").status_code == 302

    response = client.post(f"/letters/{letter.id}/edit", data=stale)
    assert response.status_code == 409
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.current_version, letter.approved_version) == ("approved", 1, 1)
    assert count(LetterVersion) == 1


def test_a_replayed_edit_after_the_approval_saves_once_and_the_letter_stays_in_review(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="approved")
    page = client.get(f"/letters/{letter.id}/edit").get_data(as_text=True)
    form = edit_form(letter, CHANGED)
    form["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form["form_token"] = re.search(r'name="form_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post(f"/letters/{letter.id}/edit", data=form).status_code == 302
    assert step(director_client(app), letter.id, "approved").status_code == 302  # v2 approved

    client.post(f"/letters/{letter.id}/edit", data=form)  # the same POST again
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.current_version, letter.approved_version) == ("approved", 2, 2)
    assert count(LetterVersion) == 2


def test_a_director_approves_the_text_they_saw_not_one_changed_meanwhile(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="review")
    seen = letter.version_id  # the director's page is open on version 1 …
    director = director_client(app)
    client.submit(f"/letters/{letter.id}/edit", edit_form(letter, CHANGED))  # … while the text changes
    assert step(director, letter.id, "approved", version_id=seen).status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.approved_version) == ("review", None)


def test_editing_while_signatures_are_collected_asks_who_signed_to_re_confirm_and_keeps_their_links(db):
    author = UserFactory()
    letter = LetterFactory(status="signing")
    signed = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"), status="signed",
                              signer_name="Anke", signed_sha256=letter.current_sha256, signed_version=1,
                              token_hash="a" * 64)  # fmt: skip
    services.update_letter(letter, as_input(letter, CHANGED), expected_version=letter.version_id, author=author)
    assert (letter.status, letter.approved_version) == ("review", None)
    event = status_events(letter.id)[-1]
    assert (event.from_status, event.to_status, event.message, event.params) == (
        "signing", "review", "text_changed_after_approval", {"old": 1, "new": 2})  # fmt: skip
    signatory = db.session.get(Signatory, signed.id)
    assert signatory.needs_reconfirmation(letter.current_sha256) and signatory.has_live_link
    from crm.letters.services_signing import LinkState, link_state

    assert link_state(letter) == LinkState.NOT_YET, "nothing can be signed until the new text is approved"


def test_the_send_service_refuses_a_text_no_director_approved_whatever_the_way_in(db):
    """A letter left approved at version 1 while its text is version 2 (as before this rule, or changed by a script):
    the service itself refuses to send it, and nothing is made or changed."""
    author = UserFactory()
    letter = LetterFactory(status="approved")
    services.update_letter(letter, as_input(letter, CHANGED), expected_version=letter.version_id, author=author)
    letter.status, letter.approved_version = "approved", 1  # put back behind the workflow's back
    db.session.flush()
    with pytest.raises(ServiceError) as refused:
        services_sending.send_letter(
            letter, sent_on=today(), channel="post", author=author, expected_version=letter.version_id
        )
    assert "versie 2, die geen directeur heeft goedgekeurd" in str(refused.value.message)
    assert (letter.status, letter.sent_document_id) == ("approved", None) and count(GeneratedDocument) == 0

    letter.approved_version = None
    with pytest.raises(ServiceError):
        services_sending.send_letter(
            letter, sent_on=today(), channel="post", author=author, expected_version=letter.version_id
        )


def test_a_text_change_in_draft_or_review_needs_no_new_step(db):
    author = UserFactory()
    for status in ("draft", "review"):
        letter = LetterFactory(status=status)
        services.update_letter(letter, as_input(letter, CHANGED), expected_version=letter.version_id, author=author)
        assert (letter.status, letter.current_version) == (status, 2) and status_events(letter.id) == []

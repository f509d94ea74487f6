"""Joint letters: drafting with immutable versions, a readable diff, restoring, the workflow and its history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from crm.common.time import today
from crm.extensions import db
from crm.letters.models import JointLetter, LetterEvent, LetterVersion
from tests.factories import CoalitionFactory, DossierFactory, OrganisationFactory, PersonFactory
from tests.factories_letters import LetterFactory
from tests.helpers import count, text_of


def letter_form(**overrides) -> dict:
    addressee = overrides.pop("addressee", None) or OrganisationFactory(name="Vaste commissie OCW", kind="committee")
    data = {
        "title": "Cultuureducatie in het NPO",
        "addressee_organisation_name": addressee.name,
        "addressee_organisation_id": str(addressee.id),
        "addressee_person_name": "",
        "addressee_person_id": "",
        "salutation": "Geachte leden van de commissie",
        "occasion": "Commissiedebat Cultuur 12 maart",
        "signature_deadline": (today() + timedelta(days=10)).isoformat(),
        "lead_organisation_name": "",
        "lead_organisation_id": "",
        "coalition_id": "",
        "body": "Wij vragen u cultuureducatie een vaste plek te geven.\n\nMet de scholen samen.",
        "closing": "Met vriendelijke groet,",
        "signature_block": "Marieke van Dijk, directeur",
    }
    data.update(overrides)
    return data


def test_a_new_letter_is_a_draft_with_its_text_as_version_one(client, login_as):
    me = login_as("lobbyist", language="en")
    coalition = CoalitionFactory(name="Coalitie Cultuureducatie")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    minister = PersonFactory(first_name="Eppo", last_name="Bruins")
    response = client.submit("/letters/new", letter_form(coalition_id=str(coalition.id), dossier_ids=[str(dossier.id)],
                                                         addressee_person_name="Eppo Bruins",
                                                         addressee_person_id=str(minister.id)))  # fmt: skip
    assert response.status_code == 302, text_of(response)[:600]
    letter = db.session.scalar(select(JointLetter))
    assert (letter.status, letter.current_version, letter.created_by_id) == ("draft", 1, me.id)
    assert letter.addressee_person_id == minister.id and letter.coalition_id == coalition.id
    assert [d.title for d in letter.dossiers] == ["Nationaal Programma Onderwijs"]
    page = text_of(client.get(response.headers["Location"]))
    assert "Draft" in page and "version 1" in page and "Eppo Bruins" in page
    assert "Wij vragen u cultuureducatie een vaste plek te geven." in page


def test_bad_input_is_a_form_error_and_saves_nothing(client, login_as):
    login_as("lobbyist", language="en")
    response = client.submit("/letters/new", letter_form(title="", body="", addressee_organisation_name="",
                                                         addressee_organisation_id=""))  # fmt: skip
    assert response.status_code == 422
    assert count(JointLetter) == 0
    response = client.submit("/letters/new", letter_form(addressee_organisation_name="", addressee_organisation_id=""))
    assert response.status_code == 422
    assert "Choose the organisation or person the letter is addressed to." in text_of(response)
    past = (today() - timedelta(days=1)).isoformat()
    response = client.submit("/letters/new", letter_form(signature_deadline=past))
    assert response.status_code == 422 and "cannot be in the past" in text_of(response)
    response = client.submit("/letters/new", letter_form(addressee_organisation_name="Bestaat niet",
                                                         addressee_organisation_id=""))  # fmt: skip
    assert response.status_code == 422 and count(JointLetter) == 0


def test_every_text_change_is_a_new_immutable_version_with_a_readable_diff(client, login_as):
    me = login_as("lobbyist", language="en")
    letter = LetterFactory(title="Brief NPO")
    url = f"/letters/{letter.id}/edit"
    form = letter_form(title="Brief NPO", salutation="Geachte leden",
                       body="Wij vragen u cultuureducatie een vaste plek te geven.\n\nDank voor uw aandacht.",
                       version_id=str(letter.version_id))  # fmt: skip
    response = client.submit(url, form)
    assert response.status_code == 302
    assert db.session.get(JointLetter, letter.id).current_version == 1, "the same text is not a new version"
    db.session.refresh(letter)
    form.update(body="Wij vragen u kunstonderwijs een vaste plek te geven.\n\nDank voor uw aandacht.\n\nNieuwe alinea.",
                version_id=str(letter.version_id))  # fmt: skip
    assert client.submit(url, form).status_code == 302
    versions = db.session.scalars(select(LetterVersion).where(LetterVersion.letter_id == letter.id)).all()
    assert sorted(v.number for v in versions) == [1, 2]
    assert versions[0].body.startswith("Wij vragen u cultuureducatie")
    newest = next(v for v in versions if v.number == 2)
    assert newest.author_id == me.id and len(newest.sha256) == 64 and newest.sha256 != versions[0].sha256
    diff = client.get(f"/letters/{letter.id}/diff?from=1&to=2").get_data(as_text=True)
    assert "<del>cultuureducatie </del>" in diff and "<ins>kunstonderwijs </ins>" in diff
    assert '<p class="diff-insert"><ins>Nieuwe alinea.</ins></p>' in diff
    assert "Version 1" in text_of(client.get(f"/letters/{letter.id}/versions/1"))


def test_an_old_version_is_restored_as_a_new_one(client, login_as):
    login_as("lobbyist", language="en")
    letter = LetterFactory()
    client.submit(
        f"/letters/{letter.id}/edit", letter_form(body="Heel andere tekst.", version_id=str(letter.version_id))
    )
    response = client.submit(
        f"/letters/{letter.id}/versions/1/restore", {}, token_from=f"/letters/{letter.id}/versions"
    )
    assert response.status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert letter.current_version == 3
    restored = db.session.scalar(select(LetterVersion).where(LetterVersion.letter_id == letter.id,
                                                             LetterVersion.number == 3))  # fmt: skip
    original = db.session.scalar(select(LetterVersion).where(LetterVersion.letter_id == letter.id,
                                                             LetterVersion.number == 1))  # fmt: skip
    assert restored.sha256 == original.sha256 and restored.restored_from == 1


def test_a_stale_edit_shows_the_conflict_and_keeps_the_input(client, login_as):
    login_as("lobbyist", language="en")
    letter = LetterFactory()
    stale = str(letter.version_id)
    client.submit(f"/letters/{letter.id}/edit", letter_form(body="Eerste wijziging.", version_id=stale))
    response = client.submit(f"/letters/{letter.id}/edit", letter_form(body="Mijn wijziging.", version_id=stale))
    assert response.status_code == 409
    assert "Mijn wijziging." in response.get_data(as_text=True)
    assert db.session.get(JointLetter, letter.id).current_version == 2


def transition(client, letter, target, reason=""):
    return client.submit(f"/letters/{letter.id}/status/{target}", {"reason": reason, "target": target,
                                                                    "version_id": str(letter.version_id)},
                         token_from=f"/letters/{letter.id}")  # fmt: skip


def test_the_workflow_from_draft_to_approved_only_a_director_approves(client, login_as, app):
    login_as("lobbyist", language="en")
    letter = LetterFactory()
    assert transition(client, letter, "review").status_code == 302
    db.session.refresh(letter)
    assert letter.status == "review"
    assert transition(client, letter, "approved").status_code == 403, "a lobbyist cannot approve"
    assert db.session.get(JointLetter, letter.id).status == "review"

    director = app.test_client()
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    boss = UserFactory(role="director", language="en")
    sign_in(director, boss.email)
    assert transition(director, letter, "approved").status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.status, letter.approved_version) == ("approved", 1)
    events = db.session.scalars(select(LetterEvent).where(LetterEvent.letter_id == letter.id,
                                                          LetterEvent.kind == "status")).all()  # fmt: skip
    assert [(e.from_status, e.to_status) for e in events] == [("draft", "review"), ("review", "approved")]
    assert events[-1].actor_id == boss.id
    history = text_of(director.get(f"/letters/{letter.id}"))
    assert "In review → Approved" in history


def test_invalid_transitions_are_refused_with_a_message(client, login_as):
    login_as("director", language="en")
    letter = LetterFactory()
    response = transition(client, letter, "approved")
    assert response.status_code == 302
    assert db.session.get(JointLetter, letter.id).status == "draft"
    assert "A letter that is Draft cannot make this step." in text_of(client.get(response.headers["Location"]))
    assert transition(client, letter, "nonsense").status_code == 302


def test_withdrawing_needs_a_reason_and_closes_the_letter(client, login_as):
    login_as("lobbyist", language="en")
    letter = LetterFactory()
    response = transition(client, letter, "withdrawn")
    assert response.status_code == 422 and "Give a reason." in text_of(response)
    assert db.session.get(JointLetter, letter.id).status == "draft"
    assert transition(client, letter, "withdrawn", "Debat uitgesteld").status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert letter.status == "withdrawn"
    event = db.session.scalar(select(LetterEvent).where(LetterEvent.to_status == "withdrawn"))
    assert event.detail == "Debat uitgesteld"
    response = client.submit(f"/letters/{letter.id}/edit", letter_form(body="Toch nog iets", version_id="1"),
                             token_from=f"/letters/{letter.id}")  # fmt: skip
    assert response.status_code == 302
    assert db.session.get(JointLetter, letter.id).current_version == 1, "a withdrawn letter cannot be edited"


def test_a_viewer_reads_letters_but_cannot_draft(client, login_as):
    login_as("viewer", language="en")
    letter = LetterFactory(title="Brief aan de minister")
    assert "Brief aan de minister" in text_of(client.get(f"/letters/{letter.id}"))
    assert client.get("/letters/new").status_code == 403
    assert client.post(f"/letters/{letter.id}/status/review", data={}).status_code in (400, 403)


def test_board_and_table_show_signature_counts_and_filter(client, login_as):
    login_as("lobbyist", language="en")
    coalition = CoalitionFactory(name="Taskforce")
    signing = LetterFactory(title="Brief in ondertekening", status="signing", coalition=coalition)
    LetterFactory(title="Een concept")
    from tests.factories_letters import SignatoryFactory

    for status in ("signed", "signed", "invited"):
        signatory = SignatoryFactory(letter=signing, status=status)
        if status == "signed":
            signatory.signed_sha256 = signing.current_sha256
    db.session.flush()
    board = text_of(client.get("/letters/"))
    assert "Collecting signatures 1" in board and "2 of 3 signed" in board and "Een concept" in board
    addressee = signing.addressee_organisation
    by_addressee = text_of(client.get(f"/letters/?view=table&addressee={addressee.id}"))
    assert "Brief in ondertekening" in by_addressee and "Een concept" not in by_addressee
    table = text_of(client.get(f"/letters/?view=table&coalition={coalition.id}"))
    assert "Brief in ondertekening" in table and "Een concept" not in table
    assert "No letters match these filters." in text_of(client.get("/letters/?view=table&q=onvindbaar"))

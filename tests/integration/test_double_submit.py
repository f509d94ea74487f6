"""A create form sent twice (a double click, a replayed POST) makes one record; the second goes to the first's record.

Each form page carries a one-time token (crm/common/form_tokens.py). These tests send the same page twice, exactly
as a browser replays it, and count the rows. The concurrent case (two requests at once) is in
tests/reliability/test_double_submit_concurrent.py, on a database that really commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.auth.models import User
from crm.coalitions.models import Coalition, CoalitionMember, Dossier
from crm.common.form_tokens import UsedFormToken, purge_expired
from crm.common.time import utcnow
from crm.documents.models import GeneratedDocument, MergeJob
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter
from crm.meetings.models import Meeting, MeetingSeries
from crm.partners.models import Affiliation, Organisation, Person
from tests.conftest import CSRF_PATTERN, FORM_TOKEN_PATTERN, sign_in
from tests.factories import CoalitionFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.helpers import count, text_of
from tests.integration.test_contact_log import contact_form
from tests.integration.test_documents import LETTER
from tests.integration.test_letters import letter_form
from tests.integration.test_mail_merge import CALL
from tests.integration.test_meetings import meeting_form
from tests.integration.test_organisations import org_form
from tests.integration.test_people import person_form

REPLAYED = "Dit formulier was al verstuurd. Het is één keer opgeslagen, niet twee keer."


@dataclass(frozen=True)
class CreateForm:
    name: str
    role: str
    model: type
    arrange: Callable[[User], tuple[str, dict]]  # the signed-in user → (form URL, what they filled in)
    replay_to: Callable[[int], str] | None = None  # where a replay goes, by the new record's id: the first's redirect


def _member(_me) -> tuple[str, dict]:
    coalition = CoalitionFactory(name="Cultuur deel je")
    OrganisationFactory(name="Kunstenbond")
    data = {"organisation_name": "Kunstenbond", "organisation_id": "", "role": "partner", "joined_on": ""}
    return f"/coalitions/{coalition.id}/members", data


def _position(_me) -> tuple[str, dict]:
    person, lkca = PersonFactory(), OrganisationFactory(name="LKCA")
    data = {"organisation_name": "LKCA", "organisation_id": str(lkca.id), "role": "Projectleider",
            "start_date": "2017-02-01", "end_date": ""}  # fmt: skip
    return f"/people/{person.id}/positions/new", data


def _quick_log(_me) -> tuple[str, dict]:
    return "/interactions/new", contact_form(organisation_ids=[str(OrganisationFactory().id)])


def _document(_me) -> tuple[str, dict]:
    return "/documents/new/builtin:joint_letter", {**LETTER, "f_organisations": [str(OrganisationFactory().id)]}


def _mail_merge(_me) -> tuple[str, dict]:
    province = OrganisationFactory(name="Provincie Drenthe", kind="province")
    OrganisationFactory(name="Gemeente Aa en Hunze", kind="municipality", province=province)
    return "/documents/merge/new/builtin:municipal_call", {**CALL, "recipients": f"province:{province.id}",
                                                           "output": "pdf"}  # fmt: skip


def _user(_me) -> tuple[str, dict]:
    password = "een lang genoeg wachtwoord"
    return "/admin/users/new", {"name": "Lotte Lobby", "email": "lotte@bondgenoot.test", "role": "lobbyist",
                                "language": "nl", "password": password, "confirm": password}  # fmt: skip


FORMS = [
    CreateForm("organisation", "lobbyist", Organisation, lambda me: ("/organisations/new", org_form())),
    CreateForm("person", "lobbyist", Person, lambda me: ("/people/new", person_form())),
    CreateForm("coalition", "lobbyist", Coalition, lambda me: ("/coalitions/new", {"name": "Deltaplan Jeugd"})),
    CreateForm(
        "dossier", "lobbyist", Dossier, lambda me: ("/dossiers/new", {"title": "Heropening", "status": "active"})
    ),
    CreateForm("quick log", "lobbyist", Interaction, _quick_log),
    CreateForm("meeting", "lobbyist", Meeting, lambda me: ("/meetings/new", meeting_form(organiser_id=str(me.id)))),
    CreateForm("meeting series", "lobbyist", MeetingSeries, lambda me: ("/meetings/series/new", {"name": "Taskforce"})),
    CreateForm("letter", "lobbyist", JointLetter, lambda me: ("/letters/new", letter_form())),
    CreateForm("document", "lobbyist", GeneratedDocument, _document),
    CreateForm("mail merge", "lobbyist", MergeJob, _mail_merge),
    CreateForm("coalition member", "lobbyist", CoalitionMember, _member),
    CreateForm("position of a person", "lobbyist", Affiliation, _position),
    # Saving a user goes back to the list; a replay goes to the user that was made.
    CreateForm("user", "admin", User, _user, replay_to=lambda user_id: f"/admin/users/{user_id}/edit"),
]


def _page_of(url: str) -> str:
    """The page the form is on: the coalition page holds its add-member form."""
    return url.removesuffix("/members") if url.endswith("/members") else url


def _tokens(client, url: str) -> dict:
    html = client.get(_page_of(url)).get_data(as_text=True)
    csrf, once = CSRF_PATTERN.search(html), FORM_TOKEN_PATTERN.search(html)
    assert once, f"no one-time form token on {_page_of(url)}"
    return {"csrf_token": csrf.group(1) or csrf.group(2), "form_token": once.group(1) or once.group(2)}


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_a_create_form_sent_twice_makes_one_record(client, login_as, form):
    url, data = form.arrange(login_as(form.role))
    payload = {**data, **_tokens(client, url)}
    before = count(form.model)

    first = client.post(url, data=payload)
    assert first.status_code == 302, text_of(first)[:600]
    assert count(form.model) == before + 1
    again = client.post(url, data=payload)  # the same page sent once more: a double click, the back button, a replay

    assert again.status_code == 302
    assert count(form.model) == before + 1
    newest = db.session.scalar(select(form.model).order_by(form.model.id.desc()).limit(1))
    made = form.replay_to(newest.id) if form.replay_to else first.headers["Location"].split("#")[0]
    assert again.headers["Location"].split("#")[0] == made
    assert REPLAYED in text_of(client.get(again.headers["Location"]))


def test_a_refused_form_can_be_sent_again_with_the_same_token(client, login_as):
    """The token is only used up by a save: a form error leaves it free, so correcting the page and sending it saves."""
    login_as("lobbyist")
    tokens = _tokens(client, "/organisations/new")
    refused = client.post("/organisations/new", data={**org_form(name=""), **tokens})
    assert refused.status_code == 422
    assert tokens["form_token"] in refused.get_data(as_text=True)  # the page keeps its token
    saved = client.post("/organisations/new", data={**org_form(), **tokens})
    assert saved.status_code == 302
    assert count(Organisation) == 1
    used = db.session.scalar(select(UsedFormToken).where(UsedFormToken.token == tokens["form_token"]))
    assert used.record_type == "organisation"


def test_each_visit_of_a_form_gets_its_own_token_so_two_records_are_two_saves(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory()
    for subject in ("Eerste gesprek", "Tweede gesprek"):
        response = client.submit("/interactions/new", contact_form(subject=subject, organisation_ids=[str(org.id)]))
        assert response.status_code == 302
    assert count(Interaction) == 2


def test_a_replay_by_someone_else_shows_the_message_but_not_the_record(app, client, login_as):
    login_as("lobbyist")
    tokens = _tokens(client, "/organisations/new")
    assert client.post("/organisations/new", data={**org_form(), **tokens}).status_code == 302
    other = app.test_client()  # another lobbyist, somehow holding the same token
    assert sign_in(other, UserFactory(role="lobbyist").email).status_code == 302
    again = other.post("/organisations/new", data={**org_form(), **_tokens(other, "/organisations/new"),
                                                   "form_token": tokens["form_token"]})  # fmt: skip
    assert again.status_code == 302 and again.headers["Location"].endswith("/organisations/new")
    assert count(Organisation) == 1


def test_a_damaged_token_is_a_form_error_and_saves_nothing(client, login_as):
    login_as("lobbyist", language="en")
    tokens = _tokens(client, "/organisations/new")
    response = client.post("/organisations/new", data={**org_form(), **tokens, "form_token": "<script>"})
    assert response.status_code == 422
    assert "This form is damaged. Reload the page and enter it again." in text_of(response)
    assert count(Organisation) == 0
    fresh = FORM_TOKEN_PATTERN.search(response.get_data(as_text=True))
    resent = client.post(
        "/organisations/new", data={**org_form(), **tokens, "form_token": fresh.group(1) or fresh.group(2)}
    )
    assert resent.status_code == 302 and count(Organisation) == 1


def test_old_tokens_are_deleted_recent_ones_kept(app, db):
    now = utcnow()
    db.session.add_all([UsedFormToken(token="o" * 32, used_at=now - timedelta(days=3)),
                        UsedFormToken(token="n" * 32, used_at=now - timedelta(hours=1))])  # fmt: skip
    db.session.flush()
    assert purge_expired(now) == 1
    assert set(db.session.scalars(select(UsedFormToken.token))) == {"n" * 32}

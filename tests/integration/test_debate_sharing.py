"""Issue 18: the debate preparation goes to a meeting (a generated document with its provenance, linked to the
meeting and listed on its page and in its briefing) or to colleagues (stored once; each colleague told by e-mail
through the task queue, once). Guards around their edges: who may edit the meeting, cancelled meetings and archived
series, a replayed POST, inactive colleagues and oneself, CSRF."""

from __future__ import annotations

import email
import hashlib
import re
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import func, select

from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.documents.models import GeneratedDocument
from crm.extensions import db as _db
from crm.notifications.models import EmailDelivery, Notification
from crm.parliament import SOURCE
from crm.parliament.models import KamerActivity
from crm.partners.models import Organisation, Person
from crm.watch import services_sharing as sharing
from crm.watch.services import add_rule
from tests.conftest import sign_in
from tests.factories import DossierFactory, UserFactory
from tests.factories_meetings import MeetingFactory, MeetingSeriesFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.helpers import text_of
from tests.integration.test_letters_record import Inbox, smtp_server  # noqa: F401 (a fixture)
from tests.integration.test_notification_mail import mail_on  # noqa: F401 (a fixture)
from tests.pdf import text as pdf_text

FORM_TOKEN = re.compile(r'name="form_token"[^>]*value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def prepared(db, client, login_as):
    """A lobbyist, a dossier watching the OCW committee with a stance recorded for Terpstra, next week's committee
    debate of the demo parliament, and the URL of its debate preparation."""
    from crm.demo.parliament import seed_parliament

    seed_parliament()
    user = login_as("lobbyist", name="Lotte Lobbyist", email="lotte@cc.test")
    dossier = DossierFactory(title="Cultuureducatie met Kwaliteit")
    ocw = _db.session.scalar(select(Organisation).where(Organisation.source == SOURCE,
                                                        Organisation.name.like("%Onderwijs, Cultuur%")))  # fmt: skip
    add_rule(dossier, "committee", text=None, committee_id=ocw.id, user=user)
    terpstra = _db.session.scalar(select(Person).where(Person.source == SOURCE, Person.last_name == "Terpstra"))
    StakeholderPositionFactory(dossier=dossier, person=terpstra, stance="supportive", influence="high")
    debate = _db.session.scalar(select(KamerActivity).where(KamerActivity.subject.like("Cultuureducatie en het%")))
    _db.session.commit()
    base = f"/parliament/activities/{debate.id}/preparation"
    query = f"?dossier={dossier.id}"
    return {"user": user, "dossier": dossier, "debate": debate, "url": base + query,
            "meeting_url": f"{base}/meeting{query}", "share_url": f"{base}/share{query}"}  # fmt: skip


def _tokens(client, page: str) -> dict[str, str]:
    """The CSRF token and the one-time form token of the form on `page` (as a browser sends them)."""
    html = client.get(page).get_data(as_text=True)
    form = html[html.index('<form method="post" action="/parliament') :]
    return {"csrf_token": CSRF.search(form).group(1), "form_token": FORM_TOKEN.search(form).group(1)}


def _documents() -> int:
    return _db.session.scalar(select(func.count(GeneratedDocument.id)))


# --- add to a meeting --------------------------------------------------------------------------------------------


def test_a_lobbyist_adds_the_preparation_to_their_meeting_and_the_meeting_page_lists_it(client, prepared):
    user, dossier = prepared["user"], prepared["dossier"]
    ours = MeetingFactory(title="Voorbereiding commissiedebat OCW", organiser=user)
    ours.dossiers.append(dossier)
    later = MeetingFactory(title="Overleg later", organiser=user, starts_at=utcnow().replace(microsecond=0)
                           + timedelta(days=20))  # fmt: skip
    theirs = MeetingFactory(title="Overleg van een collega", organiser=UserFactory())
    cancelled = MeetingFactory(title="Afgelast overleg", organiser=user, status="cancelled")
    _db.session.commit()
    assert prepared["meeting_url"] in client.get(prepared["url"]).get_data(as_text=True).replace("&amp;", "&")
    page = client.get(prepared["meeting_url"]).get_data(as_text=True)
    picker = page[page.index('name="meeting_id"') : page.index("</select>", page.index('name="meeting_id"'))]
    assert picker.index(ours.title) < picker.index(later.title)  # upcoming, soonest first
    assert theirs.title not in picker and cancelled.title not in picker  # not theirs to edit; cancelled

    made = client.post(prepared["meeting_url"], data={**_tokens(client, prepared["meeting_url"]),
                                                      "meeting_id": ours.id})  # fmt: skip
    assert made.status_code == 302 and made.headers["Location"].endswith(f"/meetings/{ours.id}#documents")
    document = _db.session.scalar(select(GeneratedDocument))
    assert document.meeting_id == ours.id and document.dossier_id == dossier.id
    assert document.builtin_template == "debate_preparation" and document.created_by_id == user.id
    assert document.sha256 == hashlib.sha256(document.pdf).hexdigest() and len(document.template_sha256) == 64
    assert document.options["report"] == "debate_preparation" and document.options["meeting_id"] == ours.id
    assert any("Terpstra" in m["name"] for m in document.input_snapshot["fields"]["members"])
    assert document.pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(document.pdf).split())
    assert "Debatvoorbereiding" in text and "Terpstra" in text and "Steunend" in text

    meeting_page = client.get(f"/meetings/{ours.id}")
    shown = text_of(meeting_page)
    assert "Documenten (1)" in shown and document.title in shown and "Lotte Lobbyist" in shown
    html = meeting_page.get_data(as_text=True)
    assert f'href="/documents/{document.id}/pdf"' in html
    download = client.get(f"/documents/{document.id}/pdf")
    assert download.status_code == 200 and download.data == document.pdf
    briefing = text_of(client.get(f"/meetings/{ours.id}/briefing"))
    assert "Documenten bij dit overleg" in briefing and document.title in briefing


def test_a_replayed_post_makes_one_document_and_one_link(client, prepared):
    meeting = MeetingFactory(organiser=prepared["user"])
    _db.session.commit()
    data = {**_tokens(client, prepared["meeting_url"]), "meeting_id": meeting.id}
    assert client.post(prepared["meeting_url"], data=data).status_code == 302
    again = client.post(prepared["meeting_url"], data=data, follow_redirects=True)
    assert "al verstuurd" in text_of(again)
    assert _documents() == 1
    assert _db.session.scalar(select(func.count()).where(GeneratedDocument.meeting_id == meeting.id)) == 1


def test_who_may_not_edit_the_meeting_is_refused_and_a_director_may_add_to_any(app, client, prepared):
    theirs = MeetingFactory(title="Overleg van een collega", organiser=UserFactory())
    elsewhere = DossierFactory(title="Ander dossier")
    theirs.dossiers.append(elsewhere)  # a meeting on another dossier is fine
    _db.session.commit()
    refused = client.post(prepared["meeting_url"], data={**_tokens(client, prepared["meeting_url"]),
                                                         "meeting_id": theirs.id})  # fmt: skip
    assert refused.status_code == 403 and _documents() == 0

    director = UserFactory(role="director")
    other = app.test_client()
    assert sign_in(other, director.email).status_code == 302
    made = other.post(prepared["meeting_url"], data={**_tokens(other, prepared["meeting_url"]),
                                                     "meeting_id": theirs.id})  # fmt: skip
    assert made.status_code == 302
    assert _db.session.scalar(select(GeneratedDocument.meeting_id)) == theirs.id


@pytest.mark.parametrize("which", ["cancelled", "archived series"])
def test_a_cancelled_meeting_or_one_of_an_archived_series_is_refused_with_a_clear_message(client, prepared, which):
    meeting = MeetingFactory(organiser=prepared["user"])
    if which == "cancelled":
        meeting.status = "cancelled"
        message = "Dit overleg is geannuleerd"
    else:
        meeting.series = MeetingSeriesFactory(archived_at=utcnow())
        message = "gearchiveerde reeks"
    _db.session.commit()
    answer = client.post(prepared["meeting_url"], data={**_tokens(client, prepared["meeting_url"]),
                                                        "meeting_id": meeting.id})  # fmt: skip
    assert answer.status_code == 422 and message in text_of(answer)
    assert _documents() == 0


def test_no_meeting_chosen_or_an_unknown_one_is_a_form_error(client, prepared):
    for chosen in ("", "999999", "iets"):
        answer = client.post(prepared["meeting_url"], data={**_tokens(client, prepared["meeting_url"]),
                                                            "meeting_id": chosen})  # fmt: skip
        assert answer.status_code == 422 and "Kies een overleg" in text_of(answer)
    assert _documents() == 0


def test_without_a_csrf_token_nothing_is_made(client, prepared):
    meeting = MeetingFactory(organiser=prepared["user"])
    colleague = UserFactory()
    _db.session.commit()
    assert client.post(prepared["meeting_url"], data={"meeting_id": meeting.id}).status_code == 400
    assert client.post(prepared["share_url"], data={"user_ids": [colleague.id]}).status_code == 400
    assert _documents() == 0


def test_a_viewer_may_neither_add_nor_send(app, prepared):
    viewer = UserFactory(role="viewer")
    other = app.test_client()
    assert sign_in(other, viewer.email).status_code == 302
    assert other.get(prepared["meeting_url"]).status_code == 403 and other.get(prepared["share_url"]).status_code == 403
    token = other.csrf_token("/account")
    assert other.post(prepared["share_url"], data={"csrf_token": token}).status_code == 403


# --- send to colleagues ------------------------------------------------------------------------------------------


def _parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)


def test_sending_to_colleagues_stores_one_document_and_mails_each_once_with_a_link(app, client, prepared, mail_on):  # noqa: F811
    anna = UserFactory(name="Anna Collega", email="anna@cc.test")
    bert = UserFactory(name="Bert Collega", email="bert@cc.test", role="viewer")
    _db.session.commit()
    data = {**_tokens(client, prepared["share_url"]),
            "user_ids": [anna.id, bert.id], "note": "Lees dit vóór donderdag <b>graag</b>"}  # fmt: skip
    sent = client.post(prepared["share_url"], data=data)
    assert sent.status_code == 302
    document = _db.session.scalar(select(GeneratedDocument))
    assert sent.headers["Location"] == f"/documents/{document.id}" and document.meeting_id is None
    assert sorted(e.rcpt_tos[0] for e in mail_on.messages) == ["anna@cc.test", "bert@cc.test"]
    message = _parsed(mail_on.messages[0])
    assert message["Subject"] == f"Lotte Lobbyist deelde de debatvoorbereiding “{document.title}” met je"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Lees dit vóór donderdag <b>graag</b>" in text
    assert "Lees dit vóór donderdag &lt;b&gt;graag&lt;/b&gt;" in html  # the sender's message is text, not markup
    link = re.search(r"Openen in Bondgenoot: (http://localhost/\S+)", text).group(1)
    assert link == f"http://localhost/documents/{document.id}"
    anna_client = app.test_client()
    assert sign_in(anna_client, anna.email).status_code == 302
    assert document.title in text_of(anna_client.get(link))
    assert "deelde de debatvoorbereiding" in text_of(anna_client.get("/my/notifications"))
    assert _db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "preparation_shared")) == 2

    from crm.tasks.queue import task_queue

    for delivery in _db.session.scalars(select(EmailDelivery)):  # a retried job sends nothing twice
        task_queue().enqueue(delivery.job_id)
    assert len(mail_on.messages) == 2
    replay = client.post(prepared["share_url"], data=data)  # the same form again: nothing more made or sent
    assert replay.status_code == 302 and _documents() == 1 and len(mail_on.messages) == 2


def test_an_inactive_colleague_or_oneself_is_refused_and_nothing_is_made(client, prepared, mail_on):  # noqa: F811
    gone = UserFactory(name="Oud Collega", active=False)
    anna = UserFactory(name="Anna Collega")
    _db.session.commit()
    page = client.get(prepared["share_url"]).get_data(as_text=True)
    assert "Anna Collega" in page and "Oud Collega" not in page and "Lotte Lobbyist</label>" not in page
    for chosen in ([gone.id], [anna.id, gone.id], [prepared["user"].id], []):
        tokens = _tokens(client, prepared["share_url"])
        answer = client.post(prepared["share_url"], data={**tokens, "user_ids": chosen})
        assert answer.status_code == 422, chosen
    assert _documents() == 0 and mail_on.messages == []
    assert _db.session.scalar(select(func.count(Notification.id))) == 0


def test_the_sharing_service_refuses_inactive_colleagues_and_oneself_at_every_door(prepared):
    sender = prepared["user"]
    gone = UserFactory(active=False, name="Oud Collega")
    with pytest.raises(ServiceError, match="Oud Collega"):
        sharing.recipients([gone.id], sender=sender)
    with pytest.raises(ServiceError):
        sharing.recipients([sender.id], sender=sender)
    with pytest.raises(ServiceError):
        sharing.recipients([], sender=sender)
    with pytest.raises(ServiceError):
        sharing.recipients([987654], sender=sender)

"""Dropping .eml files: the preview shows what will be logged and lets the user correct it; saving logs one contact
per message (once, however often it is dropped), with its attachments, on the timelines of everyone involved."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from crm.inbox.models import CapturedEmail, RawEmail
from crm.interactions.models import Interaction
from tests.conftest import CSRF_PATTERN, FORM_TOKEN_PATTERN, sign_in
from tests.factories import AffiliationFactory, PersonFactory, UserFactory
from tests.factories_inbox import PDF, email_message


def _drop(client, files: list[tuple[str, bytes]], **context):
    token = client.csrf_token("/interactions/new")
    data = {"csrf_token": token, "files": [(io.BytesIO(raw), name) for name, raw in files], **context}
    return client.post("/inbox/drop", data=data, content_type="multipart/form-data")


def _preview_form(html: str) -> dict:
    csrf = CSRF_PATTERN.search(html)
    once = FORM_TOKEN_PATTERN.search(html)
    form = {
        "csrf_token": csrf.group(1) or csrf.group(2),
        "form_token": once.group(1) or once.group(2),
        "d": re.findall(r'name="d" value="(\d+)"', html),
    }
    if found := re.search(r'name="next" type="hidden" value="([^"]*)"|type="hidden" name="next" value="([^"]*)"', html):
        form["next"] = found.group(1) or found.group(2)
    for name, value in re.findall(r'name="((?:people|organisations)-\d+)" value="(\d+)" checked', html):
        form.setdefault(name, []).append(value)  # what the pickers hold, as the browser sends it
    return form


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_dropped_email_is_previewed_corrected_and_logged_with_its_attachment(client, login_as, db):
    me = login_as("lobbyist")
    jan = AffiliationFactory(person__email="Jan@OCW.test", person__first_name="Jan", person__last_name="Jansen",
                             organisation__name="Ministerie van OCW")  # fmt: skip
    piet = AffiliationFactory(person__first_name="Piet", person__last_name="Pieters", person__email="piet@ocw.test")
    other = PersonFactory(first_name="Anna", last_name="Andersen", email="anna@elders.test")
    message = email_message(cc="Piet <piet@ocw.test>, Onbekend <nobody@unknown.test>",
                            attachments=(("notitie.pdf", PDF, "application/pdf"),))  # fmt: skip

    dropped = _drop(client, [("overleg.eml", message.as_bytes())], person=str(jan.person_id),
                    next=f"/people/{jan.person_id}")  # fmt: skip
    assert dropped.status_code == 302
    page = client.get(dropped.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Overleg cultuuronderwijs" in html and "notitie.pdf" in html
    assert "Jan Jansen" in html and "Piet Pieters" in html
    assert "nobody@unknown.test" in html  # not recognised

    form = _preview_form(html)
    draft = form["d"][0]
    # The user corrects one match: Piet was only copied in; Anna is who it was really about.
    form.update({f"people-{draft}": [str(jan.person_id), str(other.id)]})
    saved = client.post("/inbox/preview", data=form)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    contact = db.session.scalar(select(Interaction).where(Interaction.subject == "Overleg cultuuronderwijs"))
    assert contact.kind == "email"
    assert {p.id for p in contact.people} == {jan.person_id, other.id}
    assert jan.organisation in contact.organisations and piet.organisation not in contact.organisations
    assert me in contact.users
    assert "Tot dinsdag" in contact.notes
    assert _count(db, RawEmail) == 0

    for url in (f"/people/{jan.person_id}", f"/organisations/{jan.organisation_id}", f"/people/{other.id}"):
        timeline = client.get(url).get_data(as_text=True)
        assert "Overleg cultuuronderwijs" in timeline and "notitie.pdf" in timeline, url
    detail = client.get(f"/interactions/{contact.id}").get_data(as_text=True)
    assert "nobody@unknown.test" in detail and "/people/new?email=nobody@unknown.test" in detail
    link = re.search(r'href="(/inbox/attachments/\d+)"', detail).group(1)
    download = client.get(link)
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")
    inline = client.get(link + "?inline=1")
    assert inline.headers["Content-Disposition"].startswith("inline") and inline.mimetype == "application/pdf"


def test_the_drop_zone_is_on_the_quick_log_and_the_record_pages_for_those_who_log(client, app, login_as, db):
    from tests.factories import DossierFactory

    jan = AffiliationFactory()
    dossier = DossierFactory()
    pages = [f"/interactions/new?person={jan.person_id}", f"/people/{jan.person_id}",
             f"/organisations/{jan.organisation_id}", f"/dossiers/{dossier.id}"]  # fmt: skip
    login_as("lobbyist")
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert 'action="/inbox/drop"' in html and "data-drop-zone" in html, url
    assert f'name="person" value="{jan.person_id}"' in client.get(pages[0]).get_data(as_text=True)
    viewer = app.test_client()
    assert sign_in(viewer, UserFactory(role="viewer").email).status_code == 302
    assert "data-drop-zone" not in viewer.get(f"/people/{jan.person_id}").get_data(as_text=True)


def test_the_preview_keeps_the_users_corrections_after_a_form_error(client, login_as, db):
    login_as("lobbyist")
    jan = PersonFactory(email="jan@ocw.test", first_name="Jan", last_name="Jansen")
    anna = PersonFactory(first_name="Anna", last_name="Andersen")
    dropped = _drop(client, [("a.eml", email_message().as_bytes())])
    form = _preview_form(client.get(dropped.headers["Location"]).get_data(as_text=True))
    draft = form["d"][0]
    refused = client.post("/inbox/preview", data={**form, f"people-{draft}": []})  # nobody left
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Kies ten minste één persoon of organisatie" in html
    assert _count(db, Interaction) == 0 and _count(db, RawEmail) == 1

    form = _preview_form(html)
    saved = client.post("/inbox/preview", data={**form, f"people-{draft}": [str(anna.id)]})
    assert saved.status_code == 302
    contact = db.session.scalar(select(Interaction))
    assert [p.id for p in contact.people] == [anna.id] and jan not in contact.people


def test_the_same_message_is_logged_once_and_later_copies_add_the_colleague(client, app, db):
    jan = PersonFactory(email="jan@ocw.test")
    first, second = UserFactory(name="Eerste Collega"), UserFactory(name="Tweede Collega")
    raw = email_message(message_id="<uniek-1@ocw.test>").as_bytes()
    for user in (first, second, first):
        other = app.test_client()
        assert sign_in(other, user.email).status_code == 302
        form = _preview_form(other.get(_drop(other, [("m.eml", raw)]).headers["Location"]).get_data(as_text=True))
        assert other.post("/inbox/preview", data=form).status_code == 302
    assert _count(db, Interaction) == 1 and _count(db, CapturedEmail) == 1
    contact = db.session.scalar(select(Interaction))
    assert {u.id for u in contact.users} == {first.id, second.id}
    assert [p.id for p in contact.people] == [jan.id]


def test_drafts_are_the_users_own(client, app, db, login_as):
    PersonFactory(email="jan@ocw.test")
    login_as("lobbyist")
    dropped = _drop(client, [("m.eml", email_message().as_bytes())])
    draft_url = dropped.headers["Location"]
    intruder = app.test_client()
    assert sign_in(intruder, UserFactory().email).status_code == 302
    page = intruder.get(draft_url)
    assert page.status_code == 302  # as if there were nothing to preview
    form = _preview_form(client.get(draft_url).get_data(as_text=True))
    form["csrf_token"] = intruder.csrf_token("/interactions/new")
    assert intruder.post("/inbox/preview", data=form).status_code in (302, 422)
    assert _count(db, Interaction) == 0 and _count(db, RawEmail) == 1


def test_viewers_cannot_drop_and_sensitive_attachments_stay_hidden(client, app, db, login_as):
    from tests.factories_inbox import EmailAttachmentFactory

    login_as("viewer")
    token = client.csrf_token("/account")
    refused = client.post("/inbox/drop", data={"csrf_token": token, "files": [(io.BytesIO(b"x"), "m.eml")]},
                          content_type="multipart/form-data")  # fmt: skip
    assert refused.status_code == 403
    attachment = EmailAttachmentFactory(email__interaction__sensitive=True)
    assert client.get(f"/inbox/attachments/{attachment.id}").status_code == 403


def test_the_forwarding_address_is_shown_under_my_account_and_renewed_by_post(client, login_as, db):
    from crm.inbox.queries import user_for_local_part

    me = login_as("lobbyist")
    assert client.get("/inbox/address").status_code == 405  # no GET changes anything
    client.submit("/inbox/address", {}, token_from="/account")
    first = re.search(r'class="inbound-address">(log-[0-9a-f]{32})@', client.get("/account").get_data(as_text=True))
    assert first, "the address is shown on the account page"
    client.submit("/inbox/address", {}, token_from="/account")
    second = re.search(r'class="inbound-address">(log-[0-9a-f]{32})@', client.get("/account").get_data(as_text=True))
    assert second.group(1) != first.group(1)
    assert user_for_local_part(first.group(1)) is None and user_for_local_part(second.group(1)).id == me.id


def test_an_email_dropped_on_a_dossier_is_logged_on_that_dossier(client, login_as, db):
    from tests.factories import DossierFactory

    login_as("lobbyist")
    PersonFactory(email="jan@ocw.test")
    dossier = DossierFactory(title="Cultuureducatie met kwaliteit")
    dropped = _drop(client, [("m.eml", email_message().as_bytes())], dossier=str(dossier.id),
                    next=f"/dossiers/{dossier.id}")  # fmt: skip
    page = client.get(dropped.headers["Location"]).get_data(as_text=True)
    form = _preview_form(page)
    assert re.search(rf'name="dossier_ids" value="{dossier.id}"[^>]*checked', page)
    form["dossier_ids"] = [str(dossier.id)]
    saved = client.post("/inbox/preview", data=form)
    assert saved.headers["Location"].endswith(f"/dossiers/{dossier.id}")
    assert db.session.scalar(select(Interaction)).dossiers == [dossier]
    assert "Overleg cultuuronderwijs" in client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)

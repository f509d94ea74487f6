"""`next=` never leads off the site: on sign-in, the code step, re-authentication, the language switch and every form
that honours it (quick contact log, contact edit, follow-ups, action items, stakeholder positions)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, urlsplit

import lxml.html
import pyotp
import pytest

from crm.common.time import utcnow
from tests.conftest import PASSWORD
from tests.factories import DossierFactory, InteractionFactory, PersonFactory, UserFactory
from tests.factories_meetings import ActionItemFactory, MeetingFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.helpers import text_of
from tests.security.forms import main_form

EVIL = [
    "//evil.example",
    "https://evil.example/",
    "http://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:evil.example",
    "//evil.example/%2F..",
    "%2F%2Fevil.example",
    "%5C%5Cevil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "///evil.example",
    "http://localhost@evil.example",
    "//localhost%40evil.example",
]


def stays_on_site(location: str) -> bool:
    """As a browser reads a Location: tabs and newlines dropped, backslashes as slashes, then a path of ours."""
    cleaned = "".join(ch for ch in location if ch not in "\t\r\n").strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    return parts.netloc in ("", "localhost") and not cleaned.startswith("//")


def test_the_check_itself_recognises_escapes():
    assert not stays_on_site("//evil.example") and not stays_on_site("/\\evil.example")
    assert not stays_on_site("javascript:alert(1)") and not stays_on_site("\t//evil.example")
    assert stays_on_site("/people/?q=1") and stays_on_site("/%2F%2Fevil.example")


def page_stays_on_site(html: str, where: str) -> None:
    """Every link, form target and `next` field of a page points to this site."""
    document = lxml.html.fromstring(html)
    for element in document.iter():
        for attribute in ("href", "src", "action", "formaction"):
            value = element.get(attribute)
            if value is not None:
                assert stays_on_site(value), f"{where}: {element.tag} {attribute}={value}"
        if element.tag == "input" and element.get("name") == "next":
            value = element.get("value") or ""
            assert not value or stays_on_site(value), f"{where}: next={value}"


def redirected(response, where: str) -> str:
    assert response.status_code == 302, f"{where}: {response.status_code}"
    location = response.headers["Location"]
    assert stays_on_site(location), f"{where} → {location}"
    return location


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_and_the_pages_around_it(app, db, target):
    user = UserFactory()
    browser = app.test_client()
    page_stays_on_site(browser.get(f"/login?next={quote(target)}").get_data(as_text=True), "login page")
    redirected(browser.submit("/login", {"email": user.email, "password": PASSWORD, "next": target}), "login")
    redirected(browser.get(f"/login?next={quote(target)}"), "login while signed in")
    redirected(browser.submit("/reauth", {"password": PASSWORD, "next": target}), "reauth")
    redirected(browser.submit("/language", {"language": "en", "next": target}, token_from="/account"), "language")


@pytest.mark.parametrize("target", EVIL[:8])
def test_the_code_step_keeps_only_a_safe_next(app, client, login_as, target):
    user = login_as("lobbyist")
    client.submit("/account/two-factor/setup", {}, token_from="/account/two-factor")
    with app.app_context():
        from crm.auth import services_two_factor
        from crm.extensions import db

        secret = services_two_factor.pending_secret(db.session.get(type(user), user.id))
    totp = pyotp.TOTP(secret)
    client.submit("/account/two-factor/confirm", {"code": totp.now()}, token_from="/account/two-factor")
    browser = app.test_client()
    browser.submit("/login", {"email": user.email, "password": PASSWORD, "next": target})
    import time

    redirected(browser.submit("/login/code", {"code": totp.at(time.time() + 30)}), "code step")


# What a user types into the new-record forms (the edit forms come filled in).
EXTRA = {
    "interactions/new": {"subject": "Gesprek over cultuureducatie"},
    "stakeholders/new": {"stance": "neutral", "influence": "high", "interest": "medium"},
}


def forms_honouring_next(lobbyist) -> list[tuple[str, str]]:
    """(page with ?next=, where it posts) for each form that honours `next`, with records the lobbyist may change."""
    person = PersonFactory()
    interaction = InteractionFactory(created_by=lobbyist, people=[person], follow_up="Mailen", follow_up_owner=lobbyist)
    meeting = MeetingFactory(organiser=lobbyist, status="held", starts_at=utcnow() - timedelta(days=1))
    action = ActionItemFactory(meeting=meeting, owner_user=lobbyist)
    dossier = DossierFactory()
    position = StakeholderPositionFactory(created_by=lobbyist, dossier=dossier)
    return [
        (f"/interactions/new?person={person.id}", "/interactions/new"),
        (f"/interactions/{interaction.id}/edit", f"/interactions/{interaction.id}/edit"),
        (f"/interactions/{interaction.id}", f"/interactions/{interaction.id}/follow-up"),
        (f"/meetings/{meeting.id}", f"/meetings/actions/{action.id}/done"),
        (f"/stakeholders/new?dossier={dossier.id}&person={person.id}", "/stakeholders/new"),
        (f"/stakeholders/{position.id}/edit", f"/stakeholders/{position.id}/edit"),
    ]


@pytest.mark.parametrize("target", EVIL)
def test_forms_that_honour_next(client, login_as, target):
    lobbyist = login_as("lobbyist")
    for page_url, post_url in forms_honouring_next(lobbyist):
        separator = "&" if "?" in page_url else "?"
        page = client.get(f"{page_url}{separator}next={quote(target)}")
        assert page.status_code == 200, page_url
        html = page.get_data(as_text=True)
        page_stays_on_site(html, page_url)
        form = main_form(html, post_url)
        data = form.data(next=target) if form else {"next": target}
        data.update(EXTRA.get(post_url.split("/")[1] + ("/new" if post_url.endswith("/new") else ""), {}))
        data["csrf_token"] = client.csrf_token(page_url)
        response = client.post(post_url, data=data)
        assert response.status_code == 302, f"{post_url}: {text_of(response)[:400]}"
        redirected(response, post_url)

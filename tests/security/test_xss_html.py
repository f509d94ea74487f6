"""Stored and reflected XSS: every text field of every form (walked from app.url_map) gets attack strings; no page
anywhere then carries script other than our own files, and what was typed shows as text."""

from __future__ import annotations

from itertools import cycle

from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.helpers import text_of
from tests.security.forms import form_pages, main_form
from tests.security.payloads import XSS, dom_problems
from tests.security.test_access_matrix import routes, sample_arguments

# Pages whose GET does something else than show a form for their POST (sign-out everywhere, re-authentication).
SKIP = {"auth.reauthenticate", "two_factor.code"}


def check_page(response, where: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{where}: {response.status_code}")
    elif response.mimetype == "text/html":
        failures.extend(f"{where}: {problem}" for problem in dom_problems(response.get_data(as_text=True)))


def test_attack_strings_in_every_form_are_shown_as_text(app, db):
    admin = UserFactory(role="admin")
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    payloads = cycle(XSS)
    failures, submitted, stored_pages = [], 0, []
    for endpoint, url, form in form_pages(app, client, SKIP):
        if not form.text_fields:
            continue
        data = form.data(**{name: next(payloads) for name in form.text_fields})
        data["csrf_token"] = client.csrf_token(url)
        response = client.post(url, data=data)
        submitted += 1
        check_page(response, f"POST {url} ({endpoint})", failures)  # reflected: the form shown again
        if response.status_code == 302:
            shown = client.get(response.headers["Location"])
            check_page(shown, f"after {endpoint}: {response.headers['Location']}", failures)
            stored_pages.append(text_of(shown))
    assert failures == []
    assert submitted >= 25
    # What was typed is on the pages as text (escaped), not dropped: the attack strings were really stored.
    shown_as_text = sum(any(payload in page for payload in XSS) for page in stored_pages)
    assert shown_as_text >= 15


def test_every_page_is_clean_after_the_attack(app, db):
    """Stored XSS anywhere: the lists, timelines, dashboards, search and history pages with attack strings stored."""
    admin = UserFactory(role="admin", name='<script>alert("naam")</script>')
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    payloads = cycle(XSS)
    for url in ("/organisations/new", "/people/new", "/coalitions/new", "/dossiers/new", "/interactions/new"):
        form = main_form(client.get(url).get_data(as_text=True), url)
        data = form.data(**{name: next(payloads) for name in form.text_fields if name not in ("website", "email")})
        client.post(url, data={**data, "csrf_token": client.csrf_token(url)})
    failures = []
    arguments = sample_arguments()  # GET requests change nothing, so one set of sample records serves every page
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint in SKIP:
            continue
        url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
        check_page(client.get(url), f"GET {url}", failures)
    for query in XSS:
        check_page(client.get("/search/", query_string={"q": query}), f"search {query}", failures)
        check_page(client.get("/organisations/", query_string={"q": query, "tag": query}), "list filter", failures)
    assert failures == []
    assert '<script>alert("naam")</script>' in text_of(client.get("/account"))

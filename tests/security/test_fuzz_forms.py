"""Hypothesis-generated input to every form (walked from app.url_map with the field names of each page's form):
whatever is typed, chosen or tampered with, the answer is a page or a clear 4xx, never a 500.

Bounded for CI: a fixed number of examples per form, derandomised (the same inputs every run), no deadline.
"""

from __future__ import annotations

import contextlib
import string
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.common.time import today, utcnow
from crm.letters.services_signing import hash_token
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.security.forms import PageForm, form_pages, forms_of
from tests.security.payloads import FORMULAS, XSS

EXAMPLES = 20
# Forms that render a PDF or publish a template on a good submission: fewer examples keep the suite's budget.
SLOW_EXAMPLES = 4
SLOW = ("documents.", "document_templates.", "mail_merge.", "letter_record.send", "reports.")
SKIP = {"auth.reauthenticate"}  # only a password: fuzzed through sign-in tests and rate-limited

ODD = [
    "", " ", "\x00", "\u202e", "\ufeff", "0", "-1", "1.5", "1e309", "NaN", "99999999999999999999", "2147483648",
    "2026-02-30", "2026-13-01T25:61", "31-12-2026", "true", "null", "[]", "{}", "%00", "%s%n", "../../etc/passwd",
    "a" * 5000, "𝕏" * 300, "é" * 121, "mailto:x@y", "http://", "https://evil.example/" + "x" * 300,
    *XSS, *FORMULAS,
]  # fmt: skip
free_text = st.one_of(st.sampled_from(ODD), st.text(max_size=200), st.text(string.printable, max_size=60))


def value_strategy(form: PageForm, name: str):
    kind = form.all_fields.get(name, "text")
    options = form.choices.get(name, [])
    if kind == "checkbox" and len(options) > 1:  # a list of checkboxes: several ids, or tampered ones
        return st.lists(st.one_of(st.sampled_from(options), st.sampled_from(["abc", "-1", "0", "99999999999"])),
                        max_size=4)  # fmt: skip
    if options:
        return st.one_of(st.sampled_from(options), free_text)
    if kind in ("date", "datetime-local", "number", "time"):
        return st.one_of(st.sampled_from(["2026-03-12", "2026-03-12T14:30", "12", "14:30"]), free_text)
    return free_text


def submission(form: PageForm):
    """Each field of the form present or left out, with a value from its strategy."""
    fields = {name: st.one_of(st.none(), value_strategy(form, name)) for name in form.all_fields}
    return st.fixed_dictionaries(fields)


def forms_of_the_app(app, client) -> list[tuple[str, str, PageForm]]:
    return [(endpoint, url, form) for endpoint, url, form in form_pages(app, client, SKIP) if form.all_fields]


def fuzz(client, endpoint: str, url: str, form: PageForm, examples: int, failures: list[str], token_from=None):
    """A Hypothesis test posting generated submissions of this form with a valid CSRF token."""
    token = client.csrf_token(token_from or url)

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(values=submission(form))
    def post(values):
        data = {name: value for name, value in values.items() if value is not None}
        response = client.post(url, data={**data, "csrf_token": token})
        if response.status_code >= 500:
            failures.append(f"{endpoint} POST {url} {data!r:.300} → {response.status_code}")
        assert response.status_code < 500

    return post


def test_no_input_to_any_form_gives_a_500(app, db):
    admin = UserFactory(role="admin")
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    forms = forms_of_the_app(app, client)
    assert len(forms) >= 30
    failures: list[str] = []
    for endpoint, url, form in forms:
        examples = SLOW_EXAMPLES if endpoint.startswith(SLOW) else EXAMPLES
        # A failure is recorded in `failures` (Hypothesis re-raises the smallest example); go on with the next form.
        with contextlib.suppress(AssertionError):
            fuzz(client, endpoint, url, form, examples, failures)()
        if client.get("/account").status_code != 200:  # a form that signs out (or rotates the token): sign in again
            sign_in(client, admin.email)
    assert failures == []


def test_no_input_to_the_public_forms_gives_a_500(app, db, monkeypatch):
    """Signed out: the sign-in form, and a partner's signing page with its sign and decline forms."""
    monkeypatch.setitem(app.config, "SIGNING_RATE_LIMIT", "1000 per minute")
    UserFactory(email="bestaat@bondgenoot.test")
    client = app.test_client()
    letter = LetterFactory(status="signing", signature_deadline=today() + timedelta(days=7))
    SignatoryFactory(letter=letter, token_hash=hash_token("fuzz-link-0123456789abcdef"), token_issued_at=utcnow())
    signing = "/sign/fuzz-link-0123456789abcdef"
    forms = [(endpoint, url, form) for endpoint, url, form in forms_of_the_app(app, client) if endpoint == "auth.login"]
    html = client.get(signing).get_data(as_text=True)
    forms += [("signing." + form.action.rsplit("/", 1)[-1], form.action, form)
              for form in forms_of(html, signing) if form.method == "post"]  # fmt: skip
    assert len(forms) == 3
    failures: list[str] = []
    for endpoint, url, form in forms:
        with contextlib.suppress(AssertionError):
            fuzz(client, endpoint, url, form, EXAMPLES, failures, token_from=signing)()
    assert failures == []


def test_a_web_address_that_is_not_one_is_a_form_error(client, login_as):
    """Found by the generator above: "[" made the URL parser raise, and the meeting form answered 500."""
    login_as("lobbyist")
    for website in ("http://[", "https://[::1", "[x]"):
        response = client.submit("/organisations/new", {"name": "Haakjes", "kind": "other", "website": website})
        assert response.status_code == 422, website

"""Odd query strings and form values get a page or a clear error, never a 500."""

from __future__ import annotations

import pytest

from crm.partners.models import Person
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import count, text_of

ODD_QUERIES = [
    "q=%25%5F%5C",
    "q=" + "x" * 5000,
    "page=-1",
    "page=abc",
    "page=99999999999999999999",
    "sort=drop%20table",
    "status=bogus",
    "kind=bogus",
    "coalition=abc",
    "coalition=99999999999999999999",
    "owner=-5",
]


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/",
        "/people/",
        "/coalitions/",
        "/dossiers/",
        "/search/",
        "/admin/audit/",
        "/admin/users/",
        "/organisations/lookup",
        "/people/similar",
        "/letters/",
        "/letters/?view=table",
    ],
)
def test_odd_query_strings_never_break_a_list(client, login_as, path):
    login_as("admin")
    OrganisationFactory(name="Iets 100% echt")
    separator = "&" if "?" in path else "?"
    for query in ODD_QUERIES:
        response = client.get(f"{path}{separator}{query}")
        assert response.status_code == 200, f"{path}?{query[:40]} gave {response.status_code}"


@pytest.mark.parametrize("query", ["q=%00", "tag=a%00b", "actor=%00"])
def test_nul_in_a_query_string_is_a_bad_request(client, login_as, query):
    login_as("admin")
    response = client.get(f"/admin/audit/?{query}")
    assert response.status_code == 400
    assert client.get(f"/organisations/?{query}").status_code == 400


def test_literal_wildcards_match_literally(client, login_as):
    login_as("viewer")
    OrganisationFactory(name="Iets 100% echt")
    OrganisationFactory(name="Iets 1000 anders")
    found = client.get("/organisations/lookup?q=100%25").get_json()
    assert [f["name"] for f in found] == ["Iets 100% echt"]


def test_control_characters_in_login_and_person_forms_are_refused(client, db):
    UserFactory(email="nul@bondgenoot.test")
    response = client.submit("/login", {"email": "nul@bondgenoot.test\x00", "password": "x"})
    assert response.status_code == 422
    sign_in(client, "nul@bondgenoot.test")


def test_a_ten_megabyte_note_on_a_person_is_refused(client, login_as):
    login_as("lobbyist")
    response = client.submit("/people/new", {"last_name": "Groot", "notes": "n" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert count(Person) == 0


def test_a_non_numeric_id_is_a_404(client, login_as):
    login_as("viewer")
    assert client.get("/organisations/abc").status_code == 404
    assert client.get("/people/1.5").status_code == 404


def test_an_id_beyond_the_integer_range_is_a_404(client, login_as):
    login_as("admin")
    for url in (
        "/organisations/99999999999",
        "/people/99999999999/edit",
        "/admin/users/99999999999/edit",
        "/coalitions/1/members/99999999999/edit",
        "/people/1/positions/99999999999/edit",
    ):
        assert client.get(url).status_code == 404, url


def test_an_id_beyond_the_integer_range_in_a_query_or_a_template_reference_is_ignored(client, login_as):
    login_as("admin")
    for huge in ("3000000000", "99999999999999999999"):  # beyond PostgreSQL's integer; beyond SQLite's too
        for url in (f"/organisations/new?parent={huge}", f"/people/new?organisation={huge}"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert huge not in text_of(response)
        for url in (f"/organisations/similar?name=LKCA&exclude={huge}",
                    f"/people/similar?last_name=Jansen&exclude={huge}"):  # fmt: skip
            assert client.get(url).get_json() == [], url
        for url in (f"/documents/new/template:{huge}", f"/documents/merge/new/template:{huge}"):
            assert client.get(url).status_code == 404, url

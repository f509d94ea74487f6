"""Every response carries the security headers; files never render as a page; errors leak nothing."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import text

from config import with_profile
from crm import create_app
from crm.extensions import db
from crm.permissions import public
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.security.test_access_matrix import routes, sample_arguments

# Types a browser would run or render as a document when a file is opened on its own.
RENDERABLE = {"text/html", "image/svg+xml", "text/xml", "application/xml", "application/xhtml+xml", "text/plain",
              "text/markdown", "application/javascript", "text/javascript"}  # fmt: skip


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], where
    assert "frame-ancestors 'none'" in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "no-referrer"), where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert "Server" not in headers and "X-Powered-By" not in headers, where


def test_every_page_and_file_an_administrator_can_open(app, db):
    """All GET routes: headers everywhere; signed-in pages never cached; files not HTML are downloads."""
    admin = UserFactory(role="admin")
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    failures, files = [], 0
    arguments = sample_arguments()  # GET requests change nothing, so one set of sample records serves every page
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint == "auth.reauthenticate":
            continue
        url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
        response = client.get(url)
        where = f"GET {url} ({rule.endpoint}) → {response.status_code} {response.mimetype}"
        try:
            assert response.status_code < 500, where
            assert_security_headers(response, where)
            if response.status_code == 200:
                assert response.headers.get("Cache-Control") in ("no-store", "private, no-store",
                                                                 "private, max-age=300"), where  # fmt: skip
            if response.mimetype != "text/html" and response.status_code == 200:
                files += 1
                disposition = response.headers.get("Content-Disposition", "")
                if response.mimetype in RENDERABLE:
                    assert disposition.startswith("attachment"), where
        except AssertionError as error:
            failures.append(str(error))
    assert failures == []
    assert files >= 10  # logos, PDFs, exports, calendar files, JSON look-ups were among them


def test_static_files_and_error_pages_carry_the_headers(client, db):
    for url in ("/static/css/app.css", "/static/js/app.js", "/no-such-page", "/login"):
        assert_security_headers(client.get(url), url)
    assert client.post("/organisations/new").status_code in (302, 400)  # no token: refused, with headers
    assert_security_headers(client.post("/logout"), "POST /logout")


def test_a_file_that_could_run_script_is_never_shown_inline(app):
    from crm.common.files import file_response

    with app.test_request_context():
        for mimetype in ("image/svg+xml", "text/html", "text/plain"):
            response = file_response(b"<svg onload=alert(1)>", filename="x.svg", mimetype=mimetype, inline=True)
            assert response.headers["Content-Disposition"].startswith("attachment"), mimetype
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        pdf = file_response(b"%PDF-1.7", filename="brief.pdf", mimetype="application/pdf", inline=True)
        assert pdf.headers["Content-Disposition"].startswith("inline")


def test_uploaded_answer_pdf_is_a_download(client, login_as):
    from tests.factories_letters import sample_letter_arguments

    login_as("viewer")
    letter_id = sample_letter_arguments()["letter_id"]
    response = client.get(f"/letters/{letter_id}/answer.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def production_like(database_url):
    """The app as production answers errors: no debugger, exceptions handled by our error pages."""
    app = create_app(with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)
    app.testing = False

    @app.get("/__sql")
    @public
    def broken_sql():  # not registered on the suite's app, so the access matrix never sees it
        db.session.execute(text("SELECT secret_column FROM no_such_table_xyz"))

    @app.get("/__teapot")
    @public
    def teapot():
        abort(418)

    return app


def test_a_database_error_shows_the_generic_page_without_sql(production_like):
    response = production_like.test_client().get("/__sql")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Er is iets misgegaan" in body
    for leak in ("no_such_table_xyz", "secret_column", "SELECT", "sqlalchemy", "sqlite", "psycopg", "Traceback",
                 "Python", "Werkzeug", "Flask"):  # fmt: skip
        assert leak.lower() not in body.lower(), leak
    assert_security_headers(response, "500")


def test_an_unusual_http_error_is_a_plain_page_without_versions(production_like):
    response = production_like.test_client().get("/__teapot")
    assert response.status_code == 400  # codes without a page of their own answer as a bad request
    body = response.get_data(as_text=True).lower()
    assert "werkzeug" not in body and "teapot" not in body and "python" not in body

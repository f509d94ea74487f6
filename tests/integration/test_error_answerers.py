"""The error pages know no API: a part of the app that answers errors under its own paths registers that with
`answer_errors_under` (the API does, for /api/), and every other path keeps the web pages' errors."""

from __future__ import annotations

from crm.errors import answer_errors_under


def test_the_api_answers_its_own_errors_as_problem_details(client):
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.get_json()["status"] == 404


def test_a_registered_prefix_gets_its_own_answer_and_other_paths_the_web_page(app, client, monkeypatch):
    answerers = dict(app.extensions["error_answerers"])
    monkeypatch.setitem(app.extensions, "error_answerers", answerers)
    answer_errors_under(app, "/probe/", lambda error: ({"probe": error.code}, error.code))

    probe = client.get("/probe/missing")
    page = client.get("/no-such-page")

    assert probe.status_code == 404 and probe.get_json() == {"probe": 404}
    assert page.status_code == 404 and "text/html" in page.headers["Content-Type"]
    assert "Deze pagina bestaat niet (meer)" in page.get_data(as_text=True)

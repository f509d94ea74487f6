"""The OpenAPI 3.1 document comes from the code; the documentation page is ours, with nothing from elsewhere."""

from __future__ import annotations

from tests.helpers import text_of


def test_the_openapi_document_is_3_1_and_describes_every_resource(client, db):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    paths = set(document["paths"])
    for resource in ("organisations", "people", "coalitions", "dossiers", "contacts", "meetings", "action-items",
                     "letters", "stakeholder-positions", "documents", "tags"):  # fmt: skip
        assert f"/api/v1/{resource}" in paths
    assert document["components"]["securitySchemes"]["token"] == {"type": "http", "scheme": "bearer"}
    problem = document["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_the_documentation_page_lists_the_endpoints_without_outside_assets(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "GET /api/v1/organisations" in text_of(response)
    assert "PATCH /api/v1/people/{person_id}" in text_of(response)
    body = response.get_data(as_text=True)
    assert "cdn" not in body.lower() and '<script src="http' not in body

"""Schemathesis against the app's own OpenAPI document, in-process (WSGI), with a read-write token: whatever it
sends, the API answers without a 5xx, with the content type and the schema the document gives for that answer.

The number of examples per operation is bounded (SCHEMATHESIS_MAX_EXAMPLES, 6 by default) and derandomised, so CI
stays fast and repeatable; set a larger value locally to search harder. It runs on PostgreSQL too when
TEST_DATABASE_URL is set. (Each operation is driven with Hypothesis directly: Schemathesis' pytest plugin does not
work with pytest 9 yet.)
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from tests.api.helpers import bearer, token_for
from tests.factories import AffiliationFactory, CoalitionMemberFactory, InteractionFactory
from tests.factories_stakeholders import StakeholderPositionFactory

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_the_api_answers_as_its_document_says(app, db):
    for _ in range(3):  # records, so that small ids exist and reads answer 200 as well as 404
        AffiliationFactory()
        CoalitionMemberFactory()
        InteractionFactory()
        StakeholderPositionFactory()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    token = bearer(token_for("lobbyist", scope="write"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 25

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def answers_as_documented(case):
            response = case.call(headers=token)
            case.validate_response(response, checks=CHECKS)

        answers_as_documented()

"""No N+1: list and detail pages issue the same, small number of SQL statements whatever the data size."""

from __future__ import annotations

import pytest

from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    DossierFactory,
    OrganisationFactory,
    TagFactory,
    UserFactory,
)

BUDGET = 10


def populate(n: int) -> None:
    owner = UserFactory()
    tags = [TagFactory() for _ in range(3)]
    parent = OrganisationFactory(kind="ministry")
    dossier = DossierFactory()
    for i in range(n):
        org = OrganisationFactory(parent=parent if i % 2 else None, owner=owner, tags=tags[: i % 3 + 1])
        AffiliationFactory(organisation=org, person__party=None, person__tags=tags[:1])
        member = CoalitionMemberFactory(organisation=org)
        member.coalition.dossiers = [dossier]


def statements_for(client, count_statements, url: str) -> int:
    with count_statements() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize(
    "url", ["/organisations/", "/people/", "/coalitions/", "/dossiers/", "/search/?q=proef", "/", "/admin/audit/"]
)
def test_list_pages_do_not_grow_with_the_data(client, login_as, count_statements, url):
    login_as("admin")
    populate(10)  # more than a search section shows, so the search page counts in both cases
    small = statements_for(client, count_statements, url)
    populate(30)
    large = statements_for(client, count_statements, url)
    assert large == small, f"{url}: {small} statements with little data, {large} with more"
    limit = BUDGET if url in ("/organisations/", "/people/") else 14
    assert large <= limit, f"{url}: {large} statements"


def test_detail_pages_do_not_grow_with_related_records(client, login_as, count_statements):
    login_as("viewer")
    org = OrganisationFactory()
    AffiliationFactory(organisation=org)
    CoalitionMemberFactory(organisation=org)
    small = statements_for(client, count_statements, f"/organisations/{org.id}")
    for _ in range(15):
        AffiliationFactory(organisation=org)
        CoalitionMemberFactory(organisation=org).coalition.dossiers = [DossierFactory()]
    large = statements_for(client, count_statements, f"/organisations/{org.id}")
    assert large == small <= 12

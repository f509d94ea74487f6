"""No N+1: list and detail pages issue the same, small number of SQL statements whatever the data size."""

from __future__ import annotations

import pytest

from crm.common.time import utcnow
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    TagFactory,
    UserFactory,
)

BUDGET = 10


def populate(n: int, me=None) -> None:
    owner = UserFactory()
    tags = [TagFactory() for _ in range(3)]
    parent = OrganisationFactory(kind="ministry")
    dossier = DossierFactory()
    for i in range(n):
        org = OrganisationFactory(parent=parent if i % 2 else None, owner=owner, tags=tags[: i % 3 + 1])
        AffiliationFactory(organisation=org, person__party=None, person__tags=tags[:1])
        member = CoalitionMemberFactory(organisation=org)
        member.coalition.dossiers = [dossier]
        InteractionFactory(
            organisations=[org],
            people=[org.affiliations[0].person],
            users=[owner],
            dossiers=[dossier],
            created_by=owner,
            follow_up="Nabellen",
            follow_up_owner=me or owner,
            coalition=member.coalition,
        )


def statements_for(client, count_statements, url: str) -> int:
    with count_statements() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


LIMITS = {"/organisations/": BUDGET, "/people/": BUDGET, "/interactions/": 12, "/my/actions": 12}


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/",
        "/people/",
        "/coalitions/",
        "/dossiers/",
        "/search/?q=proef",
        "/",
        "/admin/audit/",
        "/interactions/",
        "/interactions/?q=nabellen&open=1",
        "/my/actions",
    ],
)
def test_list_pages_do_not_grow_with_the_data(client, login_as, count_statements, url):
    me = login_as("admin")
    populate(10, me)  # more than a search section shows, so the search page counts in both cases
    small = statements_for(client, count_statements, url)
    populate(30, me)
    large = statements_for(client, count_statements, url)
    assert large == small, f"{url}: {small} statements with little data, {large} with more"
    limit = LIMITS.get(url.split("?")[0], 14)
    assert large <= limit, f"{url}: {large} statements"


def test_detail_pages_do_not_grow_with_related_records(client, login_as, count_statements):
    login_as("viewer")
    org = OrganisationFactory()
    person = AffiliationFactory(organisation=org).person
    CoalitionMemberFactory(organisation=org)
    InteractionFactory(organisations=[org], people=[person], users=[UserFactory()])
    pages = [
        f"/organisations/{org.id}",
        f"/people/{person.id}",
        f"/organisations/{org.id}/timeline",
        f"/people/{person.id}/timeline",
    ]
    small = [statements_for(client, count_statements, url) for url in pages]
    for _ in range(20):
        AffiliationFactory(organisation=org)
        CoalitionMemberFactory(organisation=org).coalition.dossiers = [DossierFactory()]
        InteractionFactory(organisations=[org], people=[person], users=[UserFactory()], created_by=UserFactory())
    large = [statements_for(client, count_statements, url) for url in pages]
    assert large == small
    assert max(large[:2]) <= 12, large  # the detail pages
    assert max(large[2:]) <= 12, large  # the timeline pages (issue budget)


def test_an_organisation_page_with_every_kind_of_timeline_entry_stays_within_its_budget(
    client, login_as, count_statements
):
    """The benchmark's organisation has parts, and contacts, meetings and letters on its timeline: 14 statements
    against a budget of 12, until its parts and the contacts' e-mail attachments came in the statements before."""
    from tests.factories_inbox import CapturedEmailFactory, EmailAttachmentFactory
    from tests.factories_letters import LetterFactory
    from tests.factories_meetings import AttendeeFactory

    login_as("viewer")
    org = OrganisationFactory(name="Ministerie van Proef")
    OrganisationFactory(name="Directie Cultuur", parent=org)
    OrganisationFactory(name="Directie Archief", parent=org, archived_at=utcnow())
    person = AffiliationFactory(organisation=org).person
    contact = InteractionFactory(organisations=[org], people=[person], users=[UserFactory()], subject="Belronde")
    email = CapturedEmailFactory(interaction=contact)
    EmailAttachmentFactory(email=email, filename="nota-b.pdf")
    EmailAttachmentFactory(email=email, filename="nota-a.pdf")
    AttendeeFactory(organisation=org, person=person, meeting__title="Bestuurlijk overleg proef")
    LetterFactory(addressee_organisation=org, title="Brief over de proef")
    with count_statements() as counter:
        response = client.get(f"/organisations/{org.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in (
        "Directie Cultuur",
        "Directie Archief",
        "Belronde",
        "Bestuurlijk overleg proef",
        "Brief over de proef",
    ):
        assert shown in page, shown
    assert page.index("Directie Cultuur") < page.index("Directie Archief")  # archived parts last
    assert page.index("nota-b.pdf") < page.index("nota-a.pdf")  # attachments in the order they were stored
    assert counter.count <= 12, counter.count

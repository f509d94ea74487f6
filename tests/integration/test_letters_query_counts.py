"""The letters board, table and a letter's page cost the same few statements whatever the number of letters."""

from __future__ import annotations

from tests.factories import CoalitionFactory, DossierFactory, OrganisationFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.integration.test_query_counts import statements_for

LIMIT = 12
STATUSES = ["draft", "review", "approved", "signing", "sent", "answered", "withdrawn"]


def letters(n: int) -> list:
    coalition, dossier = CoalitionFactory(), DossierFactory()
    made = []
    for i in range(n):
        letter = LetterFactory(status=STATUSES[i % len(STATUSES)], coalition=coalition, dossiers=[dossier])
        for j in range(3):
            SignatoryFactory(letter=letter, status="signed" if j else "invited", signed_sha256=letter.current_sha256,
                             organisation=OrganisationFactory())  # fmt: skip
        made.append(letter)
    return made


def test_board_table_and_letter_page_do_not_grow_with_the_data(client, login_as, count_statements):
    login_as("lobbyist")
    first = letters(7)[3]
    urls = ["/letters/", "/letters/?view=table", f"/letters/{first.id}", f"/letters/{first.id}/versions"]
    small = [statements_for(client, count_statements, url) for url in urls]
    letters(40)
    for _ in range(12):
        SignatoryFactory(letter=first, organisation=OrganisationFactory())
    large = [statements_for(client, count_statements, url) for url in urls]
    assert large == small, f"{small} statements with little data, {large} with more"
    assert max(large) <= LIMIT, large

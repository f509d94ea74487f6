"""Dossier and coalition pages and their timelines: a bounded number of SQL statements whatever the data size
(issue 3: timeline pages ≤ 12), with contacts, meetings, letters and answers all on them."""

from __future__ import annotations

from crm.common.time import utcnow
from tests.factories import CoalitionFactory, DossierFactory, InteractionFactory, OrganisationFactory, UserFactory
from tests.factories_letters import LetterAnswerFactory, LetterFactory
from tests.factories_meetings import AttendeeFactory, MeetingFactory
from tests.helpers import text_of


def statements_for(client, count_statements, url: str) -> int:
    with count_statements() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def populate(dossier, coalition, n: int) -> None:
    for i in range(n):
        InteractionFactory(subject=f"Contact {i}", dossiers=[dossier], coalition=coalition, users=[UserFactory()],
                           organisations=[OrganisationFactory()], created_by=UserFactory())  # fmt: skip
        meeting = MeetingFactory(title=f"Overleg {i}", coalition=coalition, dossiers=[dossier], status="held",
                                 starts_at=utcnow().replace(microsecond=0))  # fmt: skip
        AttendeeFactory(meeting=meeting)
        letter = LetterFactory(title=f"Brief {i}", coalition=coalition, dossiers=[dossier], status="answered")
        LetterAnswerFactory(letter=letter)


def test_dossier_and_coalition_pages_and_timelines_do_not_grow_with_the_data(client, login_as, count_statements):
    login_as("viewer")
    dossier, coalition = DossierFactory(), CoalitionFactory()
    coalition.dossiers = [dossier]
    populate(dossier, coalition, 2)
    pages = [f"/dossiers/{dossier.id}", f"/coalitions/{coalition.id}",
             f"/dossiers/{dossier.id}/timeline", f"/coalitions/{coalition.id}/timeline"]  # fmt: skip
    small = [statements_for(client, count_statements, url) for url in pages]
    populate(dossier, coalition, 25)
    large = [statements_for(client, count_statements, url) for url in pages]
    # A kind with no row among the newest needs no query, so a page may issue one fewer; never one more (N+1).
    assert all(b <= a for a, b in zip(small, large, strict=True)), f"{small} with little data, {large} with more"
    assert max(large[2:]) <= 12, large  # the timeline pages (issue 3's budget)
    assert max(large[:2]) <= 14, large  # the detail pages, with their timeline teaser
    timeline = text_of(client.get(f"/dossiers/{dossier.id}/timeline"))
    assert "Pagina 1 van 5" in timeline  # contacts, meetings, letters and their answers, paged

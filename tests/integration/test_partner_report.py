"""The partner report: one organisation in a period — its coalitions, contacts, meetings, letters and action items —
on the page and as a PDF, and nothing of another partner."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from crm.common.time import local_to_utc
from crm.dashboard.period import Period
from crm.dashboard.reports import partner_values
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from tests import pdf
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_meetings import ActionItemFactory, AttendeeFactory, MeetingFactory
from tests.helpers import count, text_of

Q3 = "from=2026-07-01&until=2026-09-30"
SECRET = "GEHEIMWOORD"


def local(*parts) -> datetime:
    return local_to_utc(datetime(*parts), "Europe/Amsterdam")


def partner(name: str, acronym: str, owner=None):
    org = OrganisationFactory(name=name, acronym=acronym, kind="knowledge_institute", owner=owner)
    first = PersonFactory(first_name=f"Eerste{acronym}", last_name="Mens")
    second = PersonFactory(first_name=f"Tweede{acronym}", last_name="Mens")
    AffiliationFactory(person=first, organisation=org, start_date=date(2020, 1, 1))
    AffiliationFactory(person=second, organisation=org, start_date=date(2020, 1, 1))
    return org, first, second


def activity(org, first, second, word: str, colleague):
    """For one partner: a contact in the period (and one before), a meeting it attended as an organisation and one
    its person attended, a letter it co-signed and one addressed to it, action items owned and in its meeting."""
    CoalitionMemberFactory(organisation=org, coalition__name=f"Coalitie {word}", role="carrier")
    InteractionFactory(subject=f"Gesprek {word}", occurred_at=local(2026, 8, 3, 10, 0), organisations=[org],
                       people=[first], users=[colleague], notes=f"Vertrouwelijk {SECRET}")  # fmt: skip
    InteractionFactory(subject=f"Oud gesprek {word}", occurred_at=local(2026, 6, 30, 23, 0), organisations=[org])
    meeting = MeetingFactory(title=f"Overleg {word}", status="held", starts_at=local(2026, 9, 10, 10, 0),
                             location=f"Kantoor {word}")  # fmt: skip
    AttendeeFactory(meeting=meeting, person=first, organisation=org, attendance="attended")
    other_meeting = MeetingFactory(title=f"Werkgroep {word}", status="planned", starts_at=local(2026, 9, 20, 13, 0),
                                   online_url="https://zoom.example/j/2")  # fmt: skip
    AttendeeFactory(meeting=other_meeting, person=second, organisation=None, attendance="invited")
    ActionItemFactory(meeting=meeting, description=f"Notitie {word} rondsturen", owner_user=colleague,
                      due_date=date(2026, 9, 24))  # fmt: skip
    ActionItemFactory(meeting=MeetingFactory(title=f"Eerder overleg {word}", starts_at=local(2026, 3, 1, 10, 0)),
                      description=f"Cijfers {word} aanleveren", owner_user=None, owner_person=second,
                      due_date=date(2026, 8, 1))  # fmt: skip
    signed = LetterFactory(title=f"Brief {word} aan de Kamer", status="sent", sent_on=date(2026, 9, 22))
    SignatoryFactory(letter=signed, organisation=org, status="signed", signed_at=local(2026, 9, 18, 12, 0))
    LetterFactory(title=f"Brief aan {word}", status="draft", addressee_organisation=org,
                  created_at=local(2026, 8, 20, 9, 0))  # fmt: skip
    LetterFactory(title=f"Oude brief aan {word}", status="sent", addressee_organisation=org, sent_on=date(2026, 5, 1),
                  created_at=local(2026, 4, 20, 9, 0))  # fmt: skip


@pytest.fixture
def partners(db):
    owner = UserFactory(name="Marieke van Dijk")
    colleague = UserFactory(name="Anna de Vries")
    lkca = partner("Landelijk Kennisinstituut Cultuureducatie", "LKCA", owner)
    bond = partner("Kunstenbond", "KB")
    activity(*lkca, "Cultuureducatie", colleague)
    activity(*bond, "Vakbond", colleague)
    return {"lkca": lkca[0], "bond": bond[0], "owner": owner}


LKCA_SHOWS = [
    "Coalitie Cultuureducatie", "Gesprek Cultuureducatie", "Overleg Cultuureducatie", "Kantoor Cultuureducatie",
    "Werkgroep Cultuureducatie", "Brief Cultuureducatie aan de Kamer", "Brief aan Cultuureducatie",
    "Notitie Cultuureducatie rondsturen", "Cijfers Cultuureducatie aanleveren",
]  # fmt: skip


def test_the_page_sums_up_the_partner_in_the_period(client, login_as, partners):
    login_as("lobbyist")
    response = client.get(f"/reports/partner/{partners['lkca'].id}?{Q3}")
    assert response.status_code == 200
    page = text_of(response)
    for phrase in LKCA_SHOWS:
        assert phrase in page, phrase
    assert "Relatiebeheerder: Marieke van Dijk" in page
    assert "Dragend" in page  # the role in the coalition
    assert "Medeondertekenaar: ondertekend" in page and "Geadresseerde" in page
    assert "EersteLKCA Mens (aanwezig)" in page and "TweedeLKCA Mens (uitgenodigd)" in page
    assert "Online" in page  # the meeting with a link only
    assert "Oud gesprek" not in page and "Oude brief" not in page  # before the period
    assert "Vakbond" not in page and "Kunstenbond" not in page  # another partner's
    assert SECRET not in response.get_data(as_text=True)


def test_viewers_get_no_partner_report(client, login_as, partners):
    login_as("viewer")
    assert "Partnerrapportage" not in text_of(client.get(f"/organisations/{partners['lkca'].id}"))
    assert client.get(f"/reports/partner/{partners['lkca'].id}").status_code == 403
    assert client.submit(f"/reports/partner/{partners['lkca'].id}/pdf", token_from="/account").status_code == 403


def test_the_organisation_page_links_to_the_report(client, login_as, partners):
    login_as("director")
    page = client.get(f"/organisations/{partners['lkca'].id}").get_data(as_text=True)
    assert f'href="/reports/partner/{partners["lkca"].id}"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-09-30&until=2026-07-01", "Het einde van de periode ligt voor het begin"),
        ("from=2026-02-31&until=2026-03-01", "Vul twee geldige datums in"),
        ("until=2026-03-01", "Vul twee geldige datums in"),
    ],
)
def test_bad_periods_get_a_message_and_unknown_organisations_a_404(client, login_as, partners, query, message):
    login_as("lobbyist")
    response = client.get(f"/reports/partner/{partners['lkca'].id}?{query}")
    assert response.status_code == 200 and message in text_of(response)
    made = client.submit(f"/reports/partner/{partners['lkca'].id}/pdf?{query}", token_from="/account")
    assert made.status_code == 302 and count(GeneratedDocument) == 0
    assert client.get("/reports/partner/999999").status_code == 404
    assert client.get("/reports/partner/abc").status_code == 404
    assert client.submit("/reports/partner/999999/pdf", token_from="/account").status_code == 404


def test_the_pdf_holds_the_partner_and_nothing_of_another(client, login_as, partners):
    login_as("lobbyist")
    lkca = partners["lkca"]
    response = client.submit(f"/reports/partner/{lkca.id}/pdf?{Q3}", token_from=f"/reports/partner/{lkca.id}?{Q3}")
    assert response.status_code == 302
    document = db.session.scalars(select(GeneratedDocument)).one()
    assert response.headers["Location"].endswith(f"/documents/{document.id}")
    assert document.title == "Partnerrapportage LKCA 2026-07-01 tot 2026-09-30"
    assert document.options["report"] == "partner" and document.options["organisation_id"] == lkca.id
    fields = document.input_snapshot["fields"]
    assert fields["organisation"]["name"] == "Landelijk Kennisinstituut Cultuureducatie"
    assert [c["subject"] for c in fields["contacts"]] == ["Gesprek Cultuureducatie"]

    download = client.get(f"/documents/{document.id}/pdf")
    assert "Partnerrapportage LKCA 2026-07-01 tot 2026-09-30.pdf" in download.headers["Content-Disposition"]
    words = pdf.text(download.data)
    assert pdf.page_count(download.data) >= 1
    assert pdf.metadata(download.data)["/Title"] == "Partnerrapportage LKCA 2026-07-01 tot 2026-09-30"
    for phrase in ["Landelijk Kennisinstituut", "1 juli 2026 tot en met 30 september 2026", "Marieke van Dijk",
                   "Gesprek Cultuureducatie", "Overleg Cultuureducatie", "Brief aan Cultuureducatie",
                   "Cijfers Cultuureducatie", "Pagina 1 van"]:  # fmt: skip
        assert phrase in words, phrase
    assert "Vakbond" not in words and "Kunstenbond" not in words and SECRET not in words


def test_the_report_costs_a_fixed_number_of_statements(app, partners, count_statements):
    period = Period("custom", date(2026, 7, 1), date(2026, 9, 30))
    lkca = partners["lkca"]

    def statements() -> int:
        with app.test_request_context(), count_statements() as counter:
            partner_values(lkca, period, zone="Europe/Amsterdam", today=date(2026, 12, 6))
        return counter.count

    small = statements()
    colleague = UserFactory()
    people = [PersonFactory() for _ in range(5)]
    for person in people:
        AffiliationFactory(person=person, organisation=lkca, start_date=date(2020, 1, 1))
    for day in range(1, 11):
        InteractionFactory(occurred_at=local(2026, 8, day, 10, 0), organisations=[lkca], people=people[:3],
                           users=[colleague])  # fmt: skip
        meeting = MeetingFactory(starts_at=local(2026, 8, day, 14, 0), status="held")
        for person in people[:3]:
            AttendeeFactory(meeting=meeting, person=person, organisation=lkca)
        ActionItemFactory(meeting=meeting, owner_user=None, owner_person=people[day % 5])
        SignatoryFactory(letter=LetterFactory(status="signing"), organisation=lkca)
    assert statements() == small <= 10

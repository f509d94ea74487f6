"""The retention review: who has had no contact for N years, holds no position any more, or is due for review;
erased in bulk with one confirmation, one POST and one transaction, audited per person; a bounded page."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.partners.models import Person
from tests.factories import AffiliationFactory, InteractionFactory, OrganisationFactory, PersonFactory
from tests.factories_privacy import PersonPrivacyFactory
from tests.helpers import count, rows_of, text_of


def holding(first: str, last: str, org, **affiliation):
    return AffiliationFactory(person__first_name=first, person__last_name=last, organisation=org, **affiliation).person


def contact(person, days_ago: int):
    InteractionFactory(people=[person], occurred_at=utcnow() - timedelta(days=days_ago))


def review_rows(client, url="/privacy/review") -> dict[str, str]:
    rows = rows_of(client.get(url))[1:]
    return {row.split(" ")[0] + " " + row.split(" ")[1]: row for row in rows}


def people(org):
    quiet = holding("Quirine", "Stil", org)  # a position, but no contact for three years
    contact(quiet, 3 * 365)
    gone = holding("Gijs", "Vertrokken", org, start_date=date(2019, 1, 1), end_date=date(2025, 1, 31))
    contact(gone, 10)
    due = holding("Dirk", "Herzien", org)
    contact(due, 10)
    PersonPrivacyFactory(person=due, review_on=today() - timedelta(days=1))
    active = holding("Anna", "Actief", org)
    contact(active, 10)
    return quiet, gone, due, active


def test_the_review_lists_who_to_review_and_why(client, login_as):
    login_as("admin")
    org = OrganisationFactory(name="Provincie Utrecht")
    people(org)
    rows = review_rows(client)
    assert list(rows) == ["Quirine Stil", "Gijs Vertrokken", "Dirk Herzien"]  # oldest contact first
    assert "Langer dan 2 jaar geen contact" in rows["Quirine Stil"]
    assert "Vertrokken bij Provincie Utrecht op 31 jan 2025" in rows["Gijs Vertrokken"]
    assert "Controledatum" in rows["Dirk Herzien"] and "verstreken" in rows["Dirk Herzien"]
    assert "Publieke functie" in rows["Dirk Herzien"] and "Niet vastgelegd" in rows["Quirine Stil"]

    assert list(review_rows(client, "/privacy/review?years=5")) == ["Gijs Vertrokken", "Dirk Herzien"]
    assert list(review_rows(client, "/privacy/review?reason=position")) == ["Gijs Vertrokken"]
    assert list(review_rows(client, "/privacy/review?reason=review")) == ["Dirk Herzien"]
    assert review_rows(client, "/privacy/review?years=abc&reason=onzin") == review_rows(client)  # bad input: defaults


def test_someone_never_contacted_counts_from_the_day_they_were_added(client, login_as):
    login_as("admin")
    org = OrganisationFactory()
    old = holding("Oud", "Bestand", org)
    old.created_at = utcnow() - timedelta(days=4 * 365)
    holding("Nieuw", "Toegevoegd", org)
    db.session.flush()
    rows = review_rows(client)
    assert list(rows) == ["Oud Bestand"]
    assert "Nooit contact sinds toegevoegd op" in rows["Oud Bestand"]


def test_erase_in_bulk_from_the_review(client, login_as):
    admin = login_as("admin")
    quiet, gone, _due, active = people(OrganisationFactory(name="Provincie Utrecht"))
    ids = [quiet.id, gone.id]
    confirm = client.get(f"/privacy/review/erase?person={quiet.id}&person={gone.id}")
    assert confirm.status_code == 200
    text = text_of(confirm)
    assert "Deze 2 personen worden in één stap overal geanonimiseerd" in text
    assert "Quirine Stil" in text and "Gijs Vertrokken" in text and "Dirk Herzien" not in text
    assert count(AuditEvent, AuditEvent.action == "erase") == 0  # the confirmation changes nothing

    form = {"person_ids": [str(i) for i in ids], "reason": "Controle 2026", "retention_reason": ""}
    response = client.submit("/privacy/review/erase", form, token_from=confirm.request.url)
    assert response.status_code == 302
    assert "2 personen geanonimiseerd." in text_of(client.get(response.headers["Location"]))
    assert [db.session.get(Person, i).full_name for i in ids] == [f"Geanonimiseerd persoon {i}" for i in ids]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).all()
    assert sorted(e.entity_id for e in events) == sorted(ids)
    assert all(e.actor_id == admin.id and e.changes["reason"] == [None, "Controle 2026"] for e in events)
    assert list(review_rows(client)) == ["Dirk Herzien"]  # done: never listed again
    assert db.session.get(Person, active.id).full_name == "Anna Actief"


def test_a_bulk_erasure_with_someone_already_erased_changes_nothing(client, login_as):
    login_as("admin")
    quiet, *_others = people(OrganisationFactory())
    PersonPrivacyFactory(person=PersonFactory(), erased_at=utcnow())
    erased = db.session.scalars(select(Person).order_by(Person.id.desc())).first()
    form = {"person_ids": [str(quiet.id), str(erased.id)], "reason": "Controle"}
    response = client.submit("/privacy/review/erase", form, token_from="/privacy/review/erase")
    assert response.status_code == 422
    assert "Een van de personen bestaat niet meer of is al geanonimiseerd" in text_of(response)
    assert db.session.get(Person, quiet.id).full_name == "Quirine Stil"
    nobody = client.submit("/privacy/review/erase", {"reason": "Controle"}, token_from="/privacy/review/erase")
    assert nobody.status_code == 422 and "Kies ten minste één persoon." in text_of(nobody)
    assert count(AuditEvent, AuditEvent.action == "erase") == 0


def test_the_review_page_costs_the_same_whatever_the_number_of_people(client, login_as, count_statements):
    login_as("admin")
    org = OrganisationFactory()

    def add(n: int) -> None:
        for i in range(n):
            person = holding(f"Persoon{i}", "Oud", org, end_date=date(2024, 1, 1))
            contact(person, 800 + i)
            PersonPrivacyFactory(person=person, review_on=today())

    def statements() -> int:
        with count_statements() as counter:
            assert client.get("/privacy/review").status_code == 200
        return counter.count

    add(3)
    small = statements()
    add(30)
    large = statements()
    assert large == small and large <= 14, (small, large)


def test_odd_query_strings_get_a_page_never_an_error(client, login_as):
    login_as("admin")
    people(OrganisationFactory())
    for url in (
        "/privacy/review?years=-1",
        "/privacy/review?years=99999999999999999999",
        "/privacy/review?years=1000&page=abc",
        "/privacy/review?reason=drop%20table&page=99999999",
        "/privacy/?q=%25%5F%5C",
        "/privacy/?q=" + "x" * 5000,
        "/privacy/review/erase?person=abc&person=-3&person=99999999999999",
    ):
        assert client.get(url).status_code == 200, url
    assert "Niemand gekozen" in text_of(client.get("/privacy/review/erase?person=abc"))


def test_the_privacy_overview_costs_the_same_whatever_the_number_of_people(client, login_as, count_statements):
    login_as("admin")
    org = OrganisationFactory()

    def statements() -> int:
        with count_statements() as counter:
            assert client.get("/privacy/?q=oud").status_code == 200
        return counter.count

    for i in range(3):
        PersonPrivacyFactory(person=holding(f"Persoon{i}", "Oud", org))
    small = statements()
    for i in range(25):
        PersonPrivacyFactory(person=holding(f"Meer{i}", "Oud", org))
    assert statements() == small

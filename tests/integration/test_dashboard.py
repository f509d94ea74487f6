"""The dashboard: exact numbers on a known dataset, period edges in Europe/Amsterdam, filters in the URL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm.common.time import utcnow
from crm.dashboard.period import Period, period_from_args
from tests.factories import (
    AffiliationFactory,
    CoalitionFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.helpers import local, section, text_of

ZONE = "Europe/Amsterdam"


def test_periods_are_calendar_periods_with_the_one_before():
    today = date(2026, 3, 18)
    month, _ = period_from_args({}, today)
    assert (month.start, month.end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (month.previous().start, month.previous().end) == (date(2026, 2, 1), date(2026, 2, 28))
    quarter, _ = period_from_args({"period": "quarter"}, today)
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (quarter.previous().start, quarter.previous().end) == (date(2025, 10, 1), date(2025, 12, 31))
    year, _ = period_from_args({"period": "year"}, today)
    assert year.previous() == Period("year", date(2025, 1, 1), date(2025, 12, 31))
    custom, problem = period_from_args({"period": "custom", "from": "2026-03-10", "until": "2026-03-16"}, today)
    assert problem is None and custom.days == 7
    assert (custom.previous().start, custom.previous().end) == (date(2026, 3, 3), date(2026, 3, 9))
    assert period_from_args({"period": "custom", "from": "2026-03-16", "until": "2026-03-10"}, today)[1] == "order"
    assert period_from_args({"period": "custom", "from": "nonsense"}, today)[1] == "dates"
    # March 2026 in Amsterdam: from 1 March 00:00 CET (23:00 UTC on 28 Feb) to 1 April 00:00 CEST (22:00 UTC).
    assert month.bounds(ZONE) == (datetime(2026, 2, 28, 23, 0), datetime(2026, 3, 31, 22, 0))


@pytest.fixture
def known(db):
    """A month of contacts with edges: the first and last minutes of March in Amsterdam, and February."""
    me = UserFactory(role="lobbyist", name="Lotte Lobby")
    coalition = CoalitionFactory(name="Cultuur deel je")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    ministry = OrganisationFactory(name="Ministerie van OCW", kind="ministry")
    directorate = OrganisationFactory(name="Directie Kunsten", kind="directorate", parent=ministry)
    OrganisationFactory(name="Ministerie van VWS", kind="ministry")
    utrecht = OrganisationFactory(name="Gemeente Utrecht", kind="municipality")
    OrganisationFactory(name="Gemeente Zeist", kind="municipality")
    partner = OrganisationFactory(name="LKCA", owner=me)
    CoalitionMemberFactory(coalition=coalition, organisation=partner)
    cold_partner = OrganisationFactory(name="Kunstenbond", owner=me)
    CoalitionMemberFactory(coalition=coalition, organisation=cold_partner)
    contacts = [
        ("call", local(2026, 3, 1, 0, 5), [directorate], [dossier], coalition),  # first minutes of March, local
        ("email", local(2026, 3, 10, 10, 0), [utrecht], [dossier], None),
        ("call", local(2026, 3, 31, 23, 55), [ministry, partner], [], coalition),  # last minutes of March, local
        ("call", local(2026, 2, 28, 23, 55), [utrecht], [], None),  # February, though 1 March in neither zone
        ("meeting", local(2026, 2, 12, 10, 0), [partner], [], None),
        ("call", local(2026, 4, 1, 0, 1), [utrecht], [], None),  # April
    ]
    for kind, when, organisations, dossiers, in_coalition in contacts:
        InteractionFactory(kind=kind, occurred_at=when, organisations=organisations, dossiers=dossiers,
                           coalition=in_coalition, users=[me], created_by=me)  # fmt: skip
    return {"me": me, "coalition": coalition, "dossier": dossier, "partner": partner}


def dashboard_text(client, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"period": "custom", "from": "2026-03-01",
                                                          "until": "2026-03-31", **args}.items())  # fmt: skip
    response = client.get(f"/dashboard/?{query}")
    assert response.status_code == 200
    return text_of(response)


def test_contacts_by_kind_count_local_calendar_days_with_the_period_before(client, login_as, known):
    login_as("director", language="en")
    text = dashboard_text(client)
    assert "Contacts: 3 (before: 2)" in text
    assert "Phone call 2 1" in text and "Email 1 0" in text and "Meeting 0 1" in text
    filtered = dashboard_text(client, coalition=known["coalition"].id)
    assert "Contacts: 2 (before: 0)" in filtered


def test_government_reached_counts_a_directorate_as_its_ministry(client, login_as, known):
    login_as("director", language="en")
    text = dashboard_text(client)
    assert "Ministry 1 2 50%" in text
    assert "Municipality 1 2 50%" in text


def test_weeks_and_dossiers(client, login_as, known):
    login_as("director", language="en")
    text = dashboard_text(client)
    # March 2026 touches the weeks of 23 Feb … 30 Mar; the contacts fall in the weeks of 23 Feb, 9 and 30 March.
    # Beside each, the same week of the period before (29 Jan – 28 Feb: five weeks from 26 Jan), which had a meeting
    # on 12 Feb and a call on 28 Feb.
    weeks = "23 Feb 2026 1 0 2 Mar 2026 0 0 9 Mar 2026 1 1 16 Mar 2026 0 0 23 Mar 2026 0 1 30 Mar 2026 1 —"
    assert weeks in text
    assert "Nationaal Programma Onderwijs 2 0 0" in text


def test_a_contact_at_the_first_instant_of_a_week_counts_in_that_week_only(client, login_as, db):
    # Weeks start on Monday 00:00 in Amsterdam; the clocks went forward on Sunday 29 March 2026, so the week of
    # 30 March starts at 22:00 UTC on the 29th, an hour earlier than the weeks before it.
    me = UserFactory(role="lobbyist")
    for when in (local(2026, 3, 1, 23, 59, 59), local(2026, 3, 2, 0, 0), local(2026, 3, 29, 23, 30),
                 local(2026, 3, 30, 0, 0)):  # fmt: skip
        InteractionFactory(kind="call", occurred_at=when, organisations=[OrganisationFactory()], created_by=me)
    login_as("director", language="en")
    text = dashboard_text(client)
    assert "Contacts: 4 (before: 0)" in text
    assert "23 Feb 2026 1 0 2 Mar 2026 1 0 9 Mar 2026 0 0 16 Mar 2026 0 0 23 Mar 2026 1 0 30 Mar 2026 1 —" in text


def test_going_cold_lists_partners_and_officials_without_recent_contact_by_owner(client, login_as, known):
    me, coalition, partner = known["me"], known["coalition"], known["partner"]
    other = UserFactory(role="lobbyist", name="Bram Beleid")
    warm = OrganisationFactory(name="Kunsten '92", owner=other)
    CoalitionMemberFactory(coalition=coalition, organisation=warm)
    InteractionFactory(kind="call", occurred_at=utcnow() - timedelta(days=3), organisations=[warm], created_by=other)
    InteractionFactory(kind="call", occurred_at=utcnow() - timedelta(days=45), organisations=[partner], created_by=me)
    ministry = OrganisationFactory(name="Ministerie van SZW", kind="ministry")
    official = PersonFactory(first_name="Olga", last_name="Ambtenaar", owner=other)
    AffiliationFactory(person=official, organisation=ministry)
    login_as("director", language="en")

    month = section(dashboard_text(client, cold=30), "Going cold:", "The next 14 days")
    assert month.startswith("Going cold: 3 no contact for more than 30 days")
    assert "By relationship owner: Lotte Lobby 2 · Bram Beleid 1" in month
    # Never contacted first (by name), then the longest ago; the warm partner is not listed.
    assert "Kunstenbond Lotte Lobby never Olga Ambtenaar Bram Beleid never LKCA Lotte Lobby" in month
    assert "Kunsten '92" not in month

    longer = section(dashboard_text(client, cold=60), "Going cold:", "The next 14 days")
    assert longer.startswith("Going cold: 2 ") and "LKCA" not in longer
    mine = section(dashboard_text(client, cold=30, colleague=other.id), "Going cold:", "The next 14 days")
    assert mine.startswith("Going cold: 1 ") and "Olga Ambtenaar" in mine


def test_our_own_organisation_is_never_going_cold(app, client, login_as, known):
    """Cultuurconnectie (OWN_ORGANISATION) leads the coalition with its partners; nobody logs contacts with it."""
    ours = OrganisationFactory(name=app.config["OWN_ORGANISATION"], owner=known["me"])
    CoalitionMemberFactory(coalition=known["coalition"], organisation=ours)
    login_as("director", language="en")
    cold = section(dashboard_text(client, cold=30), "Going cold:", "The next 14 days")
    assert cold.startswith("Going cold: 2 no contact for more than 30 days")  # Kunstenbond and LKCA, not ours
    assert "Kunstenbond" in cold and app.config["OWN_ORGANISATION"] not in cold
    export = client.get("/dashboard/export/going-cold.csv", query_string={"period": "month", "cold": 30})
    assert app.config["OWN_ORGANISATION"] not in export.get_data(as_text=True)

"""The coalition dashboard in a real browser, as a director uses it: sign in and land on it, change the period and a
filter (both stay in the URL), follow a widget to the list behind its number. A screenshot of the dashboard is saved
in test-artifacts/ on every run, for a human to look at."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from crm.coalitions.models import Coalition, CoalitionMember
from crm.common.time import local_to_utc, local_today
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.partners.models import Organisation
from tests.e2e.conftest import ARTIFACTS, DIRECTOR, LiveServer, log_in, unique

pytestmark = pytest.mark.e2e
ZONE = "Europe/Amsterdam"


def arrange(live_server: LiveServer, partner_name: str, coalition_name: str, subject: str) -> None:
    """A coalition with one partner, and a call with that partner for the coalition on the first day of this month
    (local time)."""
    first = local_today(ZONE).replace(day=1)
    with live_server.app.app_context():
        partner = Organisation(name=partner_name, kind="cultural_institution")
        coalition = Coalition(name=coalition_name)
        db.session.add_all([partner, coalition])
        db.session.flush()
        db.session.add(CoalitionMember(coalition_id=coalition.id, organisation_id=partner.id))
        moment = local_to_utc(datetime(first.year, first.month, 1, 12, 0), ZONE)
        call = Interaction(kind="call", subject=subject, occurred_at=moment, coalition_id=coalition.id)
        call.organisations = [partner]
        db.session.add(call)
        db.session.commit()


def test_a_director_changes_period_and_coalition_and_follows_the_heat_map_to_the_contacts(
    new_page, live_server: LiveServer
):
    partner, coalition, subject = unique("Partner "), unique("Coalitie "), unique("Gesprek over de begroting ")
    arrange(live_server, partner, coalition, subject)

    page = log_in(new_page(), DIRECTOR)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.get_by_label("Periode", exact=True).select_option(label="Dit kwartaal")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"period=quarter"))
    expect(page.get_by_label("Periode", exact=True)).to_have_value("quarter")

    page.get_by_label("Coalitie", exact=True).select_option(label=coalition)
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"coalition=\d+"))
    # Only the coalition's contacts count: the one call with its partner.
    expect(page.get_by_role("heading", name=re.compile(r"^Contacten: 1 "))).to_be_visible()
    heat_map = page.get_by_role("table", name=re.compile("Activiteit in de coalitie per partner en maand"))
    row = heat_map.get_by_role("row").filter(has_text=partner)
    expect(row).to_contain_text("1")

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "dashboard-director.png"
    page.screenshot(path=str(screenshot), full_page=True)
    print(f"screenshot of the dashboard: {screenshot}")

    row.get_by_role("link", name=re.compile(r"^1")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactmomenten")
    expect(page).to_have_url(re.compile(r"organisation=\d+"))
    expect(page.get_by_role("table", name="Contactmomenten")).to_contain_text(subject)
    expect(page.get_by_text(f"Alleen contacten met {partner}.")).to_be_visible()

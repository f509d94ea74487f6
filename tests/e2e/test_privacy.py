"""Privacy in a real browser: an administrator finds a person in the retention review, erases them with one
confirmation, and searching for their name afterwards finds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from crm.auth.services import create_user
from crm.common.time import utcnow
from crm.extensions import db
from crm.partners import services as partner_services
from crm.partners.services import PersonInput
from tests.e2e.conftest import Account, LiveServer, log_in, unique

pytestmark = pytest.mark.e2e


def add_admin_and_old_contact(live_server: LiveServer, token: str) -> tuple[Account, str]:
    admin = Account(f"beheer-{token}@e2e.example", "Bea Beheer", "admin")
    with live_server.app.app_context():
        create_user(email=admin.email, name=admin.name, role=admin.role, password=admin.password)
        person = partner_services.create_person(
            PersonInput(first_name="Hendrika", last_name=f"Oudewater{token}", email=f"h.oudewater{token}@e2e.example"),
            None,
        )
        person.created_at = utcnow() - timedelta(days=12 * 365)  # added long ago, never contacted, no position
        db.session.commit()
    return admin, f"Hendrika Oudewater{token}"


def test_an_administrator_erases_a_person_from_the_retention_review(page: Page, live_server: LiveServer):
    token = unique()
    admin, name = add_admin_and_old_contact(live_server, token)
    log_in(page, admin)

    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy (AVG)")
    page.get_by_role("link", name="Bewaartermijncontrole").first.click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("Nooit contact sinds toegevoegd op")
    expect(row).to_contain_text("Geen functie vastgelegd")
    row.get_by_role("checkbox", name=f"{name} kiezen").check()
    page.get_by_role("button", name="De gekozen personen wissen…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("De gekozen personen wissen?")
    expect(page.locator(".chosen-people")).to_have_text(name)
    page.get_by_label("Reden voor het wissen").fill("Bewaartermijncontrole: twaalf jaar geen contact")
    page.get_by_role("button", name="1 persoon anonimiseren").click()
    expect(page.locator(".flashes")).to_contain_text("1 persoon geanonimiseerd.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijncontrole")
    expect(page.get_by_role("main")).not_to_contain_text(name)

    # The old name and email find nothing any more, in the search and in the people list.
    search = page.get_by_role("searchbox", name="Zoeken in het relatiebestand")
    search.fill(f"Oudewater{token}")
    search.press("Enter")
    expect(page.get_by_role("main")).to_contain_text(f"0 resultaten voor “Oudewater{token}”")
    page.goto(f"/people/?q=h.oudewater{token}&status=all")
    expect(page.get_by_role("main")).not_to_contain_text("Hendrika")

"""The coalition network in a real browser: the director opens it from the dashboard, narrows it to one coalition,
reads the drawing and the table behind it, and follows an organisation in the drawing to its page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from crm.auth.queries import user_by_email
from crm.coalitions import services as coalition_services
from crm.coalitions.services import CoalitionInput, MemberInput
from crm.extensions import db
from crm.partners.services import OrganisationRef
from tests.e2e.conftest import DIRECTOR, LiveServer, log_in, unique

pytestmark = pytest.mark.e2e


def add_coalition(live_server: LiveServer, name: str, organisation_ids: list[int]) -> int:
    with live_server.app.app_context():
        coalition = coalition_services.create_coalition(CoalitionInput(name=name))
        for organisation_id in organisation_ids:
            coalition_services.add_member(coalition, MemberInput(OrganisationRef(id=organisation_id)))
        db.session.commit()
        return coalition.id


def test_the_director_narrows_the_network_to_a_coalition_and_follows_a_partner(page, live_server: LiveServer):
    token = unique()
    with live_server.app.app_context():
        director_id = user_by_email(DIRECTOR.email).id
    bond = live_server.create_organisation(f"Kunstenbond {token}", kind="union", owner_id=director_id)
    lkca = live_server.create_organisation(f"LKCA {token}", kind="knowledge_institute")
    k92 = live_server.create_organisation(f"Kunsten '92 {token}", kind="branch_organisation")
    other = live_server.create_organisation(f"Elders {token}")
    chosen = add_coalition(live_server, f"Cultuur deel je {token}", [bond, lkca, k92])
    add_coalition(live_server, f"Zet cultuur op de agenda {token}", [bond, lkca, other])

    log_in(page, DIRECTOR)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Netwerk", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coalitienetwerk")

    page.get_by_label("Coalitie", exact=True).select_option(label=f"Cultuur deel je {token}")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/network?period=12m&from=&until=&coalition={chosen}&dossier=")
    drawing = page.get_by_role("img", name="Coalitienetwerk")
    expect(drawing).to_be_visible()
    expect(page.locator("svg.network .node")).to_have_count(3)  # the coalition's members only

    table = page.get_by_role("table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    bond_row = rows.filter(has=page.get_by_role("rowheader", name=f"Kunstenbond {token}"))
    expect(bond_row).to_contain_text("Daan Directeur")  # the relationship owner
    # Kunstenbond and LKCA share both coalitions; only this coalition's members are drawn, so "Elders" is not.
    expect(bond_row).to_contain_text(f"LKCA {token} (2 gedeelde coalities)")
    expect(page.get_by_text(f"Elders {token}")).to_have_count(0)

    page.locator("svg.network .node").filter(has_text=f"LKCA {token}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"LKCA {token}")
    assert page.url == f"{live_server.url}/organisations/{lkca}"

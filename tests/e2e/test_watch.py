"""Browser: a lobbyist opens a dossier that watches the OCW committee, sees next week's committee debate "In de
Kamer", opens its debate preparation and downloads the PDF, which names the committee members with their stances;
and adds the preparation to our meeting, whose page then lists it for download."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from crm.coalitions.models import Dossier
from crm.extensions import db
from crm.parliament import SOURCE
from crm.partners.models import Organisation, Person
from crm.stakeholders.models import StakeholderPosition
from crm.watch.services import add_rule
from tests.e2e.test_parliament import _demo_parliament
from tests.pdf import text as pdf_text

TITLE = "Cultuureducatie in het primair onderwijs (e2e)"


def _watching_dossier(live_server) -> None:
    with live_server.app.app_context():
        if db.session.scalar(select(Dossier).where(Dossier.title == TITLE)) is None:
            dossier = Dossier(title=TITLE, status="active")
            db.session.add(dossier)
            db.session.flush()
            ocw = db.session.scalar(
                select(Organisation).where(
                    Organisation.source == SOURCE, Organisation.name.like("%Onderwijs, Cultuur%")
                )
            )
            add_rule(dossier, "committee", text=None, committee_id=ocw.id, user=None)
            for last_name, stance in (("Terpstra", "supportive"), ("Hofstede", "critical")):
                person = db.session.scalar(select(Person).where(Person.source == SOURCE, Person.last_name == last_name))
                db.session.add(StakeholderPosition(dossier_id=dossier.id, person_id=person.id, stance=stance,
                                                   influence="high", interest="high",
                                                   observed_on=person.created_at.date()))  # fmt: skip
            db.session.commit()
        db.session.remove()


def test_a_lobbyist_prepares_next_weeks_committee_debate(live_server, signed_in_page):
    _demo_parliament(live_server)
    _watching_dossier(live_server)
    page = signed_in_page
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Dossiers").click()
    page.get_by_role("link", name=TITLE).click()
    kamer = page.get_by_role("region", name="In de Kamer")
    debate = kamer.get_by_role("listitem").filter(has_text="Cultuureducatie en het Nationaal Programma Onderwijs")
    expect(debate).to_contain_text("Commissiedebat")
    expect(debate).to_contain_text("Gevonden door commissie")
    debate.get_by_role("link", name="Debatvoorbereiding").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Debatvoorbereiding")
    members = page.get_by_role("region", name="Commissieleden")
    expect(members.get_by_role("row").filter(has_text="Annemijn Terpstra")).to_contain_text("Steunend")
    page.get_by_role("button", name="Maak PDF").click()
    expect(page).to_have_url(re.compile(r"/documents/\d+"))
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Pdf downloaden").click()
    download = downloading.value
    assert download.failure() is None
    text = " ".join(pdf_text(Path(download.path()).read_bytes()).split())
    assert "Debatvoorbereiding" in text
    assert "Annemijn Terpstra" in text and "Steunend" in text
    assert "Gerrit Hofstede" in text and "Kritisch" in text


def _our_meeting(live_server) -> str:
    """A meeting the lobbyist organises next week, on the watching dossier; returns its title."""
    from crm.auth.models import User
    from crm.common.time import utcnow
    from crm.meetings.models import Meeting
    from tests.e2e.conftest import LOBBYIST

    title = "Voorbereiding commissiedebat OCW (e2e)"
    with live_server.app.app_context():
        if db.session.scalar(select(Meeting).where(Meeting.title == title)) is None:
            lobbyist = db.session.scalar(select(User).where(User.email == LOBBYIST.email))
            starts = (utcnow() + timedelta(days=3)).replace(microsecond=0)
            meeting = Meeting(title=title, starts_at=starts, ends_at=starts + timedelta(hours=1),
                              organiser_id=lobbyist.id, status="planned")  # fmt: skip
            meeting.dossiers.append(db.session.scalar(select(Dossier).where(Dossier.title == TITLE)))
            db.session.add(meeting)
            db.session.commit()
        db.session.remove()
    return title


def test_a_lobbyist_adds_the_debate_preparation_to_our_meeting(live_server, signed_in_page):
    _demo_parliament(live_server)
    _watching_dossier(live_server)
    meeting = _our_meeting(live_server)
    page = signed_in_page
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Dossiers").click()
    page.get_by_role("link", name=TITLE).click()
    kamer = page.get_by_role("region", name="In de Kamer")
    debate = kamer.get_by_role("listitem").filter(has_text="Cultuureducatie en het Nationaal Programma Onderwijs")
    debate.get_by_role("link", name="Debatvoorbereiding").click()
    sharing = page.get_by_role("region", name="Toevoegen aan een overleg of naar collega’s sturen")
    sharing.get_by_role("link", name="Toevoegen aan een overleg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De debatvoorbereiding aan een overleg toevoegen")
    picker = page.get_by_label("Overleg")
    picker.select_option(picker.locator("option", has_text=meeting).get_attribute("value"))
    page.get_by_role("button", name="Toevoegen aan overleg").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+#documents"))
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting)
    expect(page.get_by_role("status").filter(has_text="toegevoegd aan het overleg")).to_be_visible()
    documents = page.get_by_role("region", name=re.compile("Documenten"))
    row = documents.get_by_role("row").filter(has_text="Debatvoorbereiding")
    expect(row).to_contain_text("Lotte Lobby")
    with page.expect_download() as downloading:
        row.get_by_role("link", name=re.compile("Pdf downloaden")).click()
    text = " ".join(pdf_text(Path(downloading.value.path()).read_bytes()).split())
    assert "Debatvoorbereiding" in text and "Annemijn Terpstra" in text and "Steunend" in text

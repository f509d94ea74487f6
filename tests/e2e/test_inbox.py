"""Contacts from e-mail in a real browser (issue 17): an .eml dropped on a person's page, one match corrected in the
preview, saved; the contact is on the person's and the organisation's timelines with its attachment."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import Page, expect

from crm.extensions import db
from crm.partners import services as partner_services
from crm.partners.services import AffiliationInput, OrganisationRef, PersonInput
from tests.e2e.conftest import LiveServer, unique
from tests.e2e.test_contact_log import choose_by_keyboard, flash, people_picker
from tests.factories_inbox import PDF, email_message

pytestmark = pytest.mark.e2e


def _person(live_server: LiveServer, first: str, last: str, email: str, organisation_id: int | None = None) -> int:
    position = AffiliationInput(organisation=OrganisationRef(id=organisation_id), role="Beleidsmedewerker")
    with live_server.app.app_context():
        person = partner_services.create_person(PersonInput(first_name=first, last_name=last, email=email),
                                                position if organisation_id else None)  # fmt: skip
        db.session.commit()
        return person.id


def _drop_file(page: Page, name: str, data: bytes) -> None:
    """Drop a file on the page's drop zone, as a file dragged from the desktop or a mail program arrives."""
    transfer = page.evaluate_handle(
        """([name, encoded]) => {
            const bytes = Uint8Array.from(atob(encoded), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "message/rfc822"}));
            return transfer;
        }""",
        [name, base64.b64encode(data).decode()],
    )
    page.dispatch_event("[data-drop-zone]", "drop", {"dataTransfer": transfer})


def test_drop_an_email_on_a_person_correct_a_match_and_save(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    u = unique()
    ministry = live_server.create_organisation(f"Ministerie {u}", kind="ministry")
    jan = _person(live_server, "Jan", f"Jansen {u}", f"jan-{u}@ocw.test", ministry)
    _person(live_server, "Piet", f"Pieters {u}", f"piet-{u}@ocw.test")
    _person(live_server, "Anna", f"Andersen {u}", f"anna-{u}@elders.test")
    subject = f"Overleg cultuuronderwijs {u}"
    message = email_message(sender=f"Jan Jansen <jan-{u}@ocw.test>", cc=f"Piet <piet-{u}@ocw.test>", subject=subject,
                            attachments=(("notitie.pdf", PDF, "application/pdf"),))  # fmt: skip

    page.goto(f"{live_server.url}/people/{jan}")
    page.wait_for_load_state()  # inbox.js (deferred) has run: the drop zone is live
    with page.expect_navigation(url=re.compile(r"/inbox/preview")):
        _drop_file(page, "overleg.eml", message.as_bytes())
    expect(page.get_by_role("heading", level=1)).to_have_text("Vastleggen uit e-mail: controleer voor je opslaat")
    expect(page.get_by_role("heading", level=2, name=subject)).to_be_visible()
    picker = people_picker(page)
    expect(picker.get_by_role("checkbox", name=re.compile(f"Jan Jansen {u}"))).to_be_checked()
    piet = picker.get_by_role("checkbox", name=re.compile(f"Piet Pieters {u}"))
    expect(piet).to_be_checked()

    # Piet was only copied in: the contact was with Jan and Anna.
    piet.uncheck()
    picker.get_by_role("combobox").focus()
    choose_by_keyboard(page, picker, f"Andersen {u}")
    page.get_by_role("button", name="Opslaan").click()

    expect(flash(page)).to_contain_text("1 e-mail vastgelegd als contact.")
    assert page.url.endswith(f"/people/{jan}")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_role("link", name=subject)).to_be_visible()
    expect(timeline.get_by_role("link", name="notitie.pdf")).to_be_visible()

    page.goto(f"{live_server.url}/organisations/{ministry}")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_role("link", name=subject)).to_be_visible()
    expect(timeline.get_by_role("link", name="notitie.pdf")).to_be_visible()

    timeline.get_by_role("link", name=subject).click()
    email = page.get_by_role("region", name="E-mail")
    expect(email).to_contain_text(f"jan-{u}@ocw.test")
    people = page.locator("main")
    expect(people).to_contain_text(f"Anna Andersen {u}")
    expect(people).not_to_contain_text(f"Piet Pieters {u}")
    with page.expect_download() as download:
        email.get_by_role("link", name="notitie.pdf").click()
    assert download.value.suggested_filename == "notitie.pdf"

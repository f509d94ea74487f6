"""A long unbroken name wraps inside its heading, message and list instead of running out of them (issue 13, 18)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer, textbox, unique

LONG_WORD = "Cultuurparticipatiebevorderingsprogrammaontwikkelingsorganisatievoorjongerenenamateurkunstbeoefenaars"


def overflows(element: Locator) -> bool:
    """Whether the content of the element is wider than the element itself (it spills out, or scrolls)."""
    return element.evaluate("el => el.scrollWidth > el.clientWidth + 1")


def page_scrolls_sideways(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def test_a_long_name_wraps_in_the_heading_the_message_and_the_list(signed_in_page: Page, live_server: LiveServer):
    page = signed_in_page
    page.set_viewport_size({"width": 800, "height": 900})
    name = f"Stichting {LONG_WORD}{unique()}"

    page.goto("/organisations/new")
    textbox(page, "Naam").fill(name)
    page.get_by_role("combobox", name="Soort").select_option(label="Overig")
    page.get_by_role("button", name="Opslaan").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(name)
    message = page.locator(".flash").filter(has_text=LONG_WORD)
    expect(message).to_be_visible()
    assert not overflows(heading), "the heading runs out of its box"
    assert not overflows(message), "the message runs out of its box"
    assert heading.bounding_box()["height"] > 2 * 1.6 * 16  # wrapped over several lines
    assert not page_scrolls_sideways(page)

    page.goto(f"/organisations/?q={LONG_WORD[:30]}")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
    expect(row).to_have_count(1)
    assert not overflows(page.locator(".table-wrap").first), "the list scrolls sideways"
    assert not page_scrolls_sideways(page)

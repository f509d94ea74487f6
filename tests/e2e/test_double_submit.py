"""A double click on "Opslaan" of a new organisation makes one organisation, and the user lands on it.

On a fast machine the browser sends one POST for a quick double click (the second click replaces a submission that
has not left yet). On a slow server it sends two: the second click cancels the navigation whose request is already
on its way, the server gets both, and the browser shows the answer to the second. The test makes that happen on
purpose: the live server holds the first POST until the browser has sent the second, and lets the second in once the
first has saved. Without one-time form tokens the second would end on the "already in the registry?" warning about
the user's own new organisation (or, when both run at once, make a second one).
"""

from __future__ import annotations

import re
import threading

from flask import request
from playwright.sync_api import expect
from sqlalchemy import func, select

from crm.extensions import db
from crm.partners.models import Organisation
from tests.e2e.conftest import LOBBYIST, LiveServer, log_in, textbox, unique

TIMEOUT = 30


def test_double_clicking_save_on_a_new_organisation_makes_one(new_page, live_server: LiveServer):
    page = log_in(new_page(), LOBBYIST)
    name = f"Stichting Dubbelklik {unique()}"
    page.goto("/organisations/new")
    textbox(page, "Naam").fill(name)
    page.get_by_role("combobox", name="Soort").select_option(label="Fonds")  # a new organisation has no kind yet
    page.wait_for_load_state("networkidle")  # the "already in the registry?" lookup has answered: the layout is final
    second_sent, first_saved, arrived = threading.Event(), threading.Event(), []

    def is_save() -> bool:
        return request.method == "POST" and request.path == "/organisations/new"

    def in_double_click_order():
        if is_save():
            arrived.append(request.path)
            (second_sent if len(arrived) == 1 else first_saved).wait(TIMEOUT)

    def saved(response):
        if is_save():
            first_saved.set()
        return response

    app = live_server.app
    app.before_request_funcs.setdefault(None, []).insert(0, in_double_click_order)
    app.after_request_funcs.setdefault(None, []).append(saved)
    try:
        save = page.get_by_role("button", name="Opslaan")
        save.scroll_into_view_if_needed()
        box = save.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        posted = lambda r: r.method == "POST" and r.url.endswith("/organisations/new")  # noqa: E731
        with page.expect_request(posted):
            page.mouse.click(x, y)
        with page.expect_request(posted):
            page.mouse.click(x, y)  # the second click of the double click, while the first POST is under way
        second_sent.set()
        expect(page).to_have_url(re.compile(r"/organisations/\d+$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        expect(page.get_by_text("Dit formulier was al verstuurd.")).to_be_visible()
    finally:
        second_sent.set()
        first_saved.set()
        app.before_request_funcs[None].remove(in_double_click_order)
        app.after_request_funcs[None].remove(saved)
    assert len(arrived) == 2, "the server did not get both POSTs"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == name)) == 1

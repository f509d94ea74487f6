"""Browser tests: a live server on its own database, driven through Debian's Chromium with Playwright.

The server runs in a background thread (werkzeug, threaded) on 127.0.0.1 with a free port, on a scratch
database of its own (SQLite file, or a fresh PostgreSQL database when TEST_DATABASE_URL is set), so it never
touches the main suite's `app`/`db` fixtures. Every test gets a fresh browser context (no shared cookies);
a failing test leaves a screenshot of each of its pages in test-artifacts/.

Without `chromium` on PATH the tests are skipped loudly, or fail when REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, expect, sync_playwright
from werkzeug.serving import make_server

from crm.auth.services import create_user
from crm.extensions import db
from crm.partners import services as partner_services
from crm.partners.services import OrganisationInput
from tests.conftest import make_test_app
from tests.databases import scratch_database
from tests.reliability.workers import app_settings, sqlite_storage, worker

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 30_000  # a PDF made while other tests run in parallel can take over 10 s (the request limit is 20 s)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_MESSAGE = "browser tests skipped: chromium not found on PATH (install Debian's chromium package)"

_skipped_without_browser: list[str] = []


# --- people who use the live server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    role: str
    password: str = "e2e-wachtwoord-lang-genoeg"


LOBBYIST = Account("lobbyist@e2e.example", "Lotte Lobby", "lobbyist")
DIRECTOR = Account("directeur@e2e.example", "Daan Directeur", "director")


def unique(prefix: str = "") -> str:
    """A short token that makes names unique per test, so tests never depend on each other's data."""
    return f"{prefix}{uuid.uuid4().hex[:6]}"


# --- the live server -------------------------------------------------------------------------------------------


class ServerErrors(logging.Handler):
    """Collects the errors the app logs (tracebacks of 500s), to show them next to a failed test."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(self.format(record))


@dataclass
class LiveServer:
    url: str
    app: Flask
    errors: ServerErrors

    def create_organisation(self, name: str, kind: str = "cultural_institution", **fields) -> int:
        """Arrange data the quick way (through the service layer); returns the new organisation's id."""
        with self.app.app_context():
            org = partner_services.create_organisation(OrganisationInput(name=name, kind=kind, **fields))
            db.session.commit()
            return org.id


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("e2e")
    database_url = scratch_database("e2e", folder)
    # Background work goes through the queue to a real task worker here, as in production (the main suite runs
    # tasks in place, in immediate mode).
    storage = sqlite_storage(folder)
    app = make_test_app(database_url, **app_settings(storage))
    with app.app_context():
        upgrade()
        for account in (LOBBYIST, DIRECTOR):
            create_user(email=account.email, name=account.name, role=account.role, password=account.password)
        db.session.commit()
    errors = ServerErrors()
    app.logger.addHandler(errors)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        with worker(database_url, storage, folder, threads=2):
            yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, errors=errors)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.logger.removeHandler(errors)
        with app.app_context():
            db.engine.dispose()


# --- the browser -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                "chromium not found on PATH, and REQUIRE_BROWSER=1 forbids skipping the browser tests", pytrace=False
            )
        _skipped_without_browser.append(SKIP_MESSAGE)
        pytest.skip(SKIP_MESSAGE)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path) -> Iterator[Browser]:
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell in teardown whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    if _skipped_without_browser:
        terminalreporter.write_sep("!", SKIP_MESSAGE, yellow=True, bold=True)


def _note_console_error(message: ConsoleMessage, found: list[str]) -> None:
    """Errors in the browser console (script errors, CSP violations); a page answering 4xx/5xx is not one."""
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        found.append(f"console: {message.text} ({message.location.get('url', '')})")


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:120]


@pytest.fixture
def new_page(request, browser, live_server) -> Iterator[Callable[[], Page]]:
    """new_page() opens a page in a fresh browser context (its own cookies): one user at the keyboard."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []
    script_errors: list[str] = []
    live_server.errors.messages.clear()

    def _new_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: script_errors.append(f"uncaught: {error}"))
        page.on("console", lambda message: _note_console_error(message, script_errors))
        pages.append(page)
        return page

    try:
        yield _new_page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, page in enumerate(pages, start=1):
                target = ARTIFACTS / f"{_artifact_name(request.node.nodeid)}-page{number}.png"
                try:
                    page.screenshot(path=str(target), full_page=True)
                except Exception as error:  # a crashed page must not hide the test's own failure
                    print(f"could not save screenshot {target}: {error}")
                else:
                    print(f"screenshot of the failed test: {target}")
            for message in live_server.errors.messages:
                print(f"server error during the test: {message}")
        for context in contexts:
            context.close()
        if report is not None and report.passed and script_errors:
            pytest.fail("JavaScript errors in the browser:\n" + "\n".join(script_errors), pytrace=False)


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def textbox(page: Page, name: str) -> Locator:
    """A text field by its accessible name (its label), exactly as a screen reader announces it."""
    return page.get_by_role("textbox", name=name, exact=True)


def tab_to(page: Page, target: Locator, max_presses: int = 20) -> None:
    """Press Tab until `target` has the keyboard focus, as a keyboard user moves through a form."""
    for _ in range(max_presses):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} not reached with {max_presses} presses of Tab")


def log_in(page: Page, account: Account = LOBBYIST) -> Page:
    """Sign in through the login form, as a user does."""
    page.goto("/login")
    textbox(page, "E-mail").fill(account.email)
    textbox(page, "Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    # Directors start on the coalition dashboard, everyone else on the start page.
    landing = "Coalitiedashboard" if account.role == "director" else f"Welkom, {account.name}"
    expect(page.get_by_role("heading", level=1)).to_have_text(landing)
    page.wait_for_load_state()  # app.js (deferred) has run: keyboard shortcuts and pickers are live
    return page


@pytest.fixture
def signed_in_page(page) -> Page:
    """A page of the lobbyist, signed in."""
    return log_in(page, LOBBYIST)

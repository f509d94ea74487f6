"""Mixed reads and writes under load (issue 7): gunicorn with 2 workers on loopback (bench/load.py starts and stops
it) serving the large dataset, and several simulated users at once for a fixed time or number of requests, whichever
ends first:

- lobbyists (two accounts; in the full run each in two browsers) open the start page, the contact log, the
  organisation and people lists, detail pages, search and My actions, and write: they log contacts through the
  quick-log form and add a note to a contact they logged (an edit), every write carrying a unique marker;
- directors open the dashboard (this month, quarter, year, one coalition), lists, detail pages and search.

Every user sends its next request as soon as the previous answer arrived, as a browser does: forms are fetched,
filled and posted with their CSRF and one-time tokens. Afterwards the database is counted: a write that got its
success answer (the redirect to the contact) must be there — `lost_writes` counts those that are not — and every
request must have succeeded: `errors` counts answers other than 2xx/3xx, timeouts, refused connections and ERROR
lines in gunicorn's log ("database is locked" would be one).
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import secrets
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from bench.build import BuiltDataset
from bench.form_page import post_form_fields
from bench.generate import DIRECTOR_EMAIL, LOBBYIST_EMAIL
from bench.load import CSRF, DASHBOARD_URLS, gunicorn_serving, log, percentile, signed_in_opener

SECOND_LOBBYIST_EMAIL = "lobby2@bench.example"
P95_BUDGET_MS = 3000  # generous, as for the dashboard: a shared 2-core machine; it catches a site that falls over
TIMEOUT_S = 60
FORM_TOKEN = re.compile(r'name="form_token"[^>]*value="([^"]+)"')
CONTACT = re.compile(r"/interactions/(\d+)$")
SEARCH_WORDS = ("cultuur", "gemeente", "fonds", "museum", "onderwijs", "stichting")
SAMPLE = 400  # organisations and people the users open and log contacts with


@dataclass(frozen=True)
class MixedPlan:
    seconds: float
    lobbyists: int
    directors: int
    max_requests: int


@dataclass
class Outcome:
    """What all users saw, gathered under one lock."""

    reads_ms: list[float] = field(default_factory=list)
    writes_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    logged: dict[str, int] = field(default_factory=dict)  # acknowledged quick-log subject → the contact's id
    edits: list[tuple[int, str]] = field(default_factory=list)  # acknowledged (contact id, note marker)
    remaining: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_one(self) -> bool:
        with self.lock:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a POST's 302 is its success answer: read it, do not follow it


class User:
    """One browser: signed in once, then one request after another until the time or the request budget is up."""

    def __init__(self, base: str, email: str, password: str, name: str, run: str, seed: int, outcome: Outcome,
                 targets: tuple[list[int], list[int]]):  # fmt: skip
        self.base, self.name, self.run, self.outcome = base, name, run, outcome
        self.random = random.Random(seed)
        self.organisations, self.people = targets
        jar = http.cookiejar.CookieJar()
        self.opener = signed_in_opener(base, email, password, jar)
        self.poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        self.mine: list[int] = []  # contacts this user logged in this run
        self.notes: dict[int, str] = {}
        self.writes = 0

    def _failed(self, what: str, error: object) -> None:
        with self.outcome.lock:
            self.outcome.errors.append(f"{self.name} {what}: {error}")

    def get(self, path: str) -> str | None:
        if not self.outcome.take_one():
            return None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=TIMEOUT_S) as response:
                body = response.read().decode()
            problem = None if response.status == 200 and "<h1" in body else f"HTTP {response.status}"
        except (OSError, UnicodeDecodeError) as error:  # HTTPError (4xx/5xx), timeouts, refused connections
            body, problem = None, error
        with self.outcome.lock:
            self.outcome.reads_ms.append((time.perf_counter() - started) * 1000)
        if problem:
            self._failed(f"GET {path}", problem)
            return None
        return body

    def post(self, path: str, fields: list[tuple[str, str]]) -> str | None:
        """The form sent; the address the success answer redirects to, or None."""
        if not self.outcome.take_one():
            return None
        started = time.perf_counter()
        location, problem = None, None
        try:
            with self.poster.open(self.base + path, data=urllib.parse.urlencode(fields).encode(), timeout=TIMEOUT_S):
                problem = "answered without redirecting"  # a 200 is the form shown again: not saved
        except urllib.error.HTTPError as answer:
            if answer.code in (302, 303):
                location = answer.headers.get("Location", "")
            else:
                problem = f"HTTP {answer.code}"
            answer.close()
        except OSError as error:
            problem = error
        with self.outcome.lock:
            self.outcome.writes_ms.append((time.perf_counter() - started) * 1000)
        if problem:
            self._failed(f"POST {path}", problem)
        return location

    def log_contact(self) -> None:
        page = self.get("/interactions/new")
        if page is None:
            return
        self.writes += 1
        subject = f"{self.run} {self.name}-{self.writes}"
        fields = [("csrf_token", CSRF.search(page).group(1)), ("form_token", FORM_TOKEN.search(page).group(1)),
                  ("kind", "call"), ("subject", subject), ("coalition_id", "0"), ("follow_up_owner_id", "0"),
                  ("organisation_ids", str(self.random.choice(self.organisations)))]  # fmt: skip
        location = self.post("/interactions/new", fields)
        found = CONTACT.search(location or "")
        if location is not None and not found:
            self._failed("quick log", f"redirected to {location}, not to a contact")
        elif found:
            contact = int(found.group(1))
            self.mine.append(contact)
            with self.outcome.lock:
                self.outcome.logged[subject] = contact

    def add_note(self) -> None:
        contact = self.random.choice(self.mine[-5:])
        page = self.get(f"/interactions/{contact}/edit")
        if page is None:
            return
        self.writes += 1
        marker = f"[{self.run} note {self.name}-{self.writes}]"
        fields = post_form_fields(page, "version_id")
        notes = next((value for name, value in fields if name == "notes"), "")
        fields = [(name, value) for name, value in fields if name != "notes"]
        fields.append(("notes", f"{notes}\n{marker}".strip()))
        location = self.post(f"/interactions/{contact}/edit", fields)
        if location is not None:
            with self.outcome.lock:
                self.outcome.edits.append((contact, marker))

    def read_something(self, director: bool) -> None:
        choice = self.random.random()
        if director and choice < 0.4:
            self.get(self.random.choice(DASHBOARD_URLS))
        elif choice < 0.55:
            self.get(self.random.choice(("/", "/interactions/", "/organisations/", "/people/", "/my/actions")))
        elif choice < 0.75:
            self.get(f"/organisations/{self.random.choice(self.organisations)}")
        elif choice < 0.9:
            self.get(f"/people/{self.random.choice(self.people)}")
        else:
            self.get(f"/search/?q={self.random.choice(SEARCH_WORDS)}")

    def work(self, deadline: float, director: bool) -> None:
        while time.monotonic() < deadline and self.outcome.remaining > 0:
            choice = self.random.random()
            if director or choice < 0.65:
                self.read_something(director)
            elif choice < 0.88 or not self.mine:
                self.log_contact()
            else:
                self.add_note()


def _targets(database_url: str) -> tuple[list[int], list[int]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            organisations = conn.scalars(text("SELECT id FROM organisations WHERE archived_at IS NULL ORDER BY id "
                                              "LIMIT :n"), {"n": SAMPLE}).all()  # fmt: skip
            people = conn.scalars(text("SELECT id FROM people WHERE archived_at IS NULL ORDER BY id LIMIT :n"),
                                  {"n": SAMPLE}).all()  # fmt: skip
    finally:
        engine.dispose()
    return list(organisations), list(people)


def _count_lost(database_url: str, run: str, outcome: Outcome) -> tuple[int, int, dict]:
    """(lost writes, writes that happened without a success answer, what was counted)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, subject, notes FROM interactions WHERE subject LIKE :run"),
                                {"run": f"{run} %"}).all()  # fmt: skip
    finally:
        engine.dispose()
    subjects = {subject for _id, subject, _notes in rows}
    notes = {contact: notes or "" for contact, _subject, notes in rows}
    lost_logs = [s for s in outcome.logged if s not in subjects]
    lost_edits = [marker for contact, marker in outcome.edits if marker not in notes.get(contact, "")]
    unanswered = len(subjects - set(outcome.logged))
    counted = {"quick_logs_acknowledged": len(outcome.logged), "quick_logs_found": len(subjects),
               "edits_acknowledged": len(outcome.edits),
               "edits_found": len(outcome.edits) - len(lost_edits)}  # fmt: skip
    for missing in (lost_logs + lost_edits)[:5]:
        log(f"load: acknowledged but missing: {missing}")
    return len(lost_logs) + len(lost_edits), unanswered, counted


def _spread(values: list[float]) -> dict:
    if not values:
        return {"requests": 0}
    return {"requests": len(values), "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1), "p99_ms": round(percentile(values, 0.99), 1)}  # fmt: skip


def measure_mixed_load(dataset: BuiltDataset, plan: MixedPlan) -> tuple[list[dict], list[str], dict]:
    run = f"Drukte {secrets.token_hex(4)}"
    targets = _targets(dataset.database_url)
    password = dataset.registry.password
    lobbyists = [(LOBBYIST_EMAIL, SECOND_LOBBYIST_EMAIL)[i % 2] for i in range(plan.lobbyists)]
    outcome = Outcome(remaining=plan.max_requests)
    with gunicorn_serving(dataset.database_url) as served:
        users = [(User(served.base, email, password, f"lobby{i + 1}", run, i, outcome, targets), False)
                 for i, email in enumerate(lobbyists)]  # fmt: skip
        users += [(User(served.base, DIRECTOR_EMAIL, password, f"dir{i + 1}", run, 100 + i, outcome, targets), True)
                  for i in range(plan.directors)]  # fmt: skip
        for user, director in users:  # a warm-up request each, so both workers have loaded everything once
            user.opener.open(served.base + ("/dashboard/" if director else "/"), timeout=TIMEOUT_S).read()
        started = time.monotonic()
        threads = [threading.Thread(target=user.work, args=(started + plan.seconds, director), name=user.name)
                   for user, director in users]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server_errors = served.server_errors()
    lost, unanswered, counted = _count_lost(dataset.database_url, run, outcome)
    everything = outcome.reads_ms + outcome.writes_ms
    errors = len(outcome.errors) + len(server_errors)
    details = {
        "server": "gunicorn, 2 workers, 127.0.0.1",
        "dataset": dataset.name,
        "users": {"lobbyists": plan.lobbyists, "directors": plan.directors},
        "seconds": round(elapsed, 1),
        "throughput_per_s": round(len(everything) / elapsed, 1) if elapsed else 0,
        **_spread(everything),
        "reads": _spread(outcome.reads_ms),
        "writes": _spread(outcome.writes_ms),
        **counted,
        "lost_writes": lost,
        "written_without_success_answer": unanswered,
        "errors": errors,
    }
    log(f"load.mixed: {details}")
    results = [
        {"name": "load.errors", "value": errors, "budget": 0, "unit": "requests"},
        {"name": "load.lost_writes", "value": lost, "budget": 0, "unit": "writes"},
        {"name": "load.p50_ms", "value": details.get("p50_ms", 0), "budget": None, "unit": "ms"},
        {"name": "load.p95_ms", "value": details.get("p95_ms", 0), "budget": P95_BUDGET_MS, "unit": "ms"},
        {"name": "load.p99_ms", "value": details.get("p99_ms", 0), "budget": None, "unit": "ms"},
        {"name": "load.throughput_per_s", "value": details["throughput_per_s"], "budget": None, "unit": "requests/s"},
    ]
    problems = [f"load: {error}" for error in (outcome.errors + server_errors)[:10]]
    if not everything:
        problems.append("load: no request was answered")
    if not outcome.logged:
        problems.append("load: not one contact was logged, so nothing was written under load")
    return results, problems, details

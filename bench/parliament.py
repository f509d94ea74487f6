"""`make bench`, issue 16: the Tweede Kamer sync and the agenda at the real data's size.

A synthetic snapshot (bench/parliament_data.py) is served as the API's own pages by a local HTTP server (the same
`FileApi` the tests and the demo use). Measured:
- `parliament.import.rows_per_s`: the initial sync of every entity set into an empty database (the registry
  projection included), rows stored per second — reported, on the database the bench runs on (SQLite, or
  PostgreSQL with BENCH_DATABASE_URL);
- `parliament.sync.nochange_s` / `.nochange_requests`: a second sync when nothing changed: one request per entity
  set, under 2 s;
- `parliament.agenda.sql|growth`, `parliament.activity.sql|growth`: the agenda (upcoming, and one committee's) and
  the focus activity's page at full size against a tenth of it, ≤ 12 statements and ≤ 1.5×;
- `parliament.match.*` and `pdf.debate_prep.overhead` (issue 18, bench/parliament_match.py) on the same databases.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, select

import config
from bench.databases import DATA_DIR, fresh_database, vacuum_analyze
from bench.pages import TRANSACTION_CONTROL
from bench.parliament_data import gid, write_snapshot
from bench.parliament_match import measure_watch
from crm import create_app
from crm.auth.services import create_user
from crm.common.time import today
from crm.extensions import db
from crm.parliament.client import ClientSettings, KamerClient
from crm.parliament.files import FileApi
from crm.parliament.records import ENTITY_SETS
from crm.parliament.sync import sync
from crm.partners.models import Organisation

SQL_BUDGET = 12
GROWTH_BUDGET = 1.5
NOCHANGE_SECONDS_BUDGET = 2.0
PASSWORD = "bench-wachtwoord-lang-genoeg"
EMAIL = "lezer@bench.example"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Server:
    """The snapshot's folder answered over HTTP on 127.0.0.1, like the Gegevensmagazijn."""

    def __init__(self, folder: Path):
        api = FileApi(folder)
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart

            def log_message(self, *_args):
                pass

            def do_GET(self):
                import json

                outer.requests += 1
                status, body = api.answer(f"http://127.0.0.1:{outer.port}{self.path}")
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/OData/v4/2.0/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Site:
    name: str
    app: object
    client: object
    statements: list


def _client(server: Server) -> KamerClient:
    return KamerClient(ClientSettings(base_url=server.base_url, tries=2, backoff=0.5, delay=0.0, timeout=60))


def load(name: str, scale: float) -> tuple[Site, dict]:
    folder = DATA_DIR / f"parliament_{name}"
    started = time.perf_counter()
    counts = write_snapshot(folder, scale, today())
    log(
        f"parliament {name}: snapshot of {sum(counts.values()):,} rows written in {time.perf_counter() - started:.1f} s"
    )
    url = fresh_database(f"parliament_{name}")
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    server = Server(folder)
    details: dict = {"rows": sum(counts.values())}
    try:
        with app.app_context():
            upgrade()
            create_user(email=EMAIL, name="Lezer", role="viewer", password=PASSWORD)
            db.session.commit()
            started = time.perf_counter()
            with _client(server) as client:
                run = sync(client=client)
            seconds = time.perf_counter() - started
            if run.status != "succeeded":
                raise RuntimeError(f"parliament {name}: the initial sync failed: {run.error}")
            stored = run.total("new")
            details.update(import_seconds=round(seconds, 1), stored=stored, requests=run.requests)
            log(f"parliament {name}: initial sync of {stored:,} rows in {seconds:.1f} s ({run.requests} requests)")
            server.requests = 0
            started = time.perf_counter()
            with _client(server) as client:
                again = sync(client=client)
            details.update(
                nochange_seconds=round(time.perf_counter() - started, 3),
                nochange_requests=server.requests,
                nochange_changes=again.total("new") + again.total("changed") + again.total("removed"),
            )
            committee = db.session.scalar(select(Organisation.id).where(Organisation.source_id == gid("C", 0)))
            details["committee_id"] = committee
            db.session.remove()
    finally:
        server.close()
    vacuum_analyze(url)
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    statements: list[str] = []
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_a: (
                None if TRANSACTION_CONTROL.match(statement) else statements.append(statement)
            ),
        )
        if client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code != 302:
            raise RuntimeError("parliament: could not sign in")
    return Site(name, app, client, statements), details


def _get(site: Site, url: str) -> tuple[int, float]:
    site.statements.clear()
    with site.app.app_context():
        started = time.perf_counter()
        response = site.client.get(url)
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"parliament: {url} answered {response.status_code}")
    return len(site.statements), seconds


def result(name: str, value: float, budget: float | None, unit: str) -> dict:
    return {"name": name, "value": value, "budget": budget, "unit": unit}


def measure_parliament(quick: bool, runs: int) -> tuple[list[dict], list[str], dict]:
    scale = 0.1 if quick else 1.0
    large, large_details = load("large", scale)
    small, small_details = load("small", scale / 10)
    results, problems = [], []
    rows_per_s = round(large_details["stored"] / large_details["import_seconds"])
    results.append(result("parliament.import.rows_per_s", rows_per_s, None, "rows/s"))
    results.append(
        result("parliament.sync.nochange_s", large_details["nochange_seconds"], NOCHANGE_SECONDS_BUDGET, "s")
    )
    results.append(
        result("parliament.sync.nochange_requests", large_details["nochange_requests"], len(ENTITY_SETS), "requests")
    )
    if large_details["nochange_changes"]:
        problems.append(
            f"parliament: a sync without changes at the source changed {large_details['nochange_changes']} rows"
        )
    pages = {
        "parliament.agenda": lambda d: "/parliament/agenda",
        "parliament.agenda.committee": lambda d: f"/parliament/agenda?committee={d['committee_id']}&period=recent",
        "parliament.activity": lambda d: f"/parliament/activities/{gid('A', 0)}",
    }
    for name, url in pages.items():
        times: dict[str, list[float]] = {"small": [], "large": []}
        counts: dict[str, set[int]] = {"small": set(), "large": set()}
        for _ in range(2):
            _get(small, url(small_details))
            _get(large, url(large_details))
        for _ in range(runs):
            for label, site, details in (("small", small, small_details), ("large", large, large_details)):
                count, seconds = _get(site, url(details))
                counts[label].add(count)
                times[label].append(seconds)
        if counts["small"] != counts["large"] or len(counts["large"]) > 1:
            problems.append(f"{name}: statements differ between sizes or requests ({counts}): N+1?")
        growth = round(statistics.median(times["large"]) / statistics.median(times["small"]), 2)
        log(f"{name}: {max(counts['large'])} statements; growth {growth}")
        results.append(result(f"{name}.sql", max(counts["large"]), SQL_BUDGET, "statements"))
        results.append(result(f"{name}.growth", growth, GROWTH_BUDGET, "ratio"))
    watch_results, watch_problems, watch_details = measure_watch(large, small, runs)  # issue 18, on the same data
    results += watch_results
    problems += watch_problems
    return results, problems, {"large": large_details, "small": small_details, "watch": watch_details}


if __name__ == "__main__":  # only this part of the bench: python -m bench.parliament (BENCH_QUICK=1 for the small one)
    import json
    import os

    quick_run = os.environ.get("BENCH_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}
    found, trouble, about = measure_parliament(quick_run, 5 if quick_run else 15)
    print(json.dumps({"results": found, "problems": trouble, "parliament": about}, indent=1))
    over = [r for r in found if r["budget"] is not None and r["value"] > r["budget"]]
    sys.exit(1 if over or trouble else 0)

"""`make bench`, issue 19: a 20,000-row people import, on the database the bench runs on.

Measured:
- `import.people.rows_per_s`: rows of a people CSV (name, e-mail, organisation, function, date) run through the
  import's job function (every row through the registry's services, audited, in chunks) per second — reported;
- `import.duplicates.sql_per_row` and `.growth`: the statements the duplicate check (and the organisation look-up)
  issues per row, at the large size, and that number at the large size ÷ at a twentieth of it (≤ 1.2: constant, no
  query per row);
- `import.people.sql_per_row` and `.growth`: the same for the whole import (the services' own statements per row).
"""

from __future__ import annotations

import sys
import time

from flask_migrate import upgrade
from sqlalchemy import event

import config
from bench.databases import fresh_database
from bench.pages import TRANSACTION_CONTROL
from crm import create_app
from crm.auth.services import create_user
from crm.extensions import db
from crm.imports import services
from crm.imports.rows import RowChecker
from crm.imports.running import execute
from crm.partners.models import Organisation
from tests.import_files import csv_bytes

GROWTH_BUDGET = 1.2
PASSWORD = "bench-wachtwoord-lang-genoeg"
FIRST = ["Anna", "Bram", "Carla", "Daan", "Eva", "Floor", "Gijs", "Hanna", "Ilse", "Joris", "Kim", "Lars", "Mila",
         "Noor", "Olaf", "Pien", "Ruben", "Sanne", "Thijs", "Vera"]  # fmt: skip
SYLLABLES = ["ba", "de", "ko", "mer", "lin", "vos", "ter", "hui", "zan", "wol", "gra", "pel", "stra", "dijk", "ho",
             "ven", "ma", "rik", "sel", "tun"]  # fmt: skip
HEADERS = ["Voornaam", "Achternaam", "E-mailadres", "Organisatie", "Functie", "In functie sinds"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def people_file(rows: int, organisations: int) -> bytes:
    body = []
    for n in range(rows):
        a, b, c = n % 20, (n // 20) % 20, (n // 400) % 20
        last = (SYLLABLES[c] + SYLLABLES[b] + SYLLABLES[a]).capitalize()
        body.append([FIRST[(n * 7) % 20], last, f"p{n}@bench.example", f"Bench organisatie {n % organisations}",
                     "Beleidsmedewerker", f"{1 + n % 28}-{1 + n % 12}-2024"])  # fmt: skip
    return csv_bytes([HEADERS, *body])


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if not TRANSACTION_CONTROL.match(statement):
            self.count += 1


def run_size(rows: int) -> dict:
    url = fresh_database(f"imports_{rows}")
    organisations = 50
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=url, IMPORT_MAX_ROWS=max(rows, 100_000),
                     IMPORT_MAX_BYTES=50 * 1024 * 1024)  # fmt: skip
    with app.app_context():
        upgrade()
        admin = create_user(email="beheer@bench.example", name="Beheer", role="admin", password=PASSWORD)
        for n in range(organisations):
            db.session.add(Organisation(name=f"Bench organisatie {n}", kind="other"))
        db.session.commit()
        imp = services.upload("bench.csv", people_file(rows, organisations), "people", author=admin)
        db.session.commit()
        counter = Counter()
        event.listen(db.engine, "before_cursor_execute", counter)
        checker = RowChecker(imp.kind, imp.mapping)
        table = services.table_of(imp)
        for offset, cells in enumerate(table.rows):
            checker.check(offset + 2, cells)
        check_statements = counter.count
        counter.count = 0
        imp.status = "queued"
        started = time.perf_counter()
        execute(imp, progress=lambda _done: db.session.commit())
        db.session.commit()
        seconds = time.perf_counter() - started
        import_statements = counter.count
        event.remove(db.engine, "before_cursor_execute", counter)
        details = {"rows": rows, "seconds": round(seconds, 2), "created": imp.rows_created,
                   "skipped": imp.rows_skipped, "check_statements": check_statements,
                   "import_statements": import_statements}  # fmt: skip
        db.session.remove()
    log(f"import {rows}: {details}")
    return details


def result(name: str, value: float, budget: float | None, unit: str) -> dict:
    return {"name": name, "value": value, "budget": budget, "unit": unit}


def measure_imports(quick: bool) -> tuple[list[dict], list[str], dict]:
    large_rows = 2000 if quick else 20_000
    small = run_size(large_rows // 20)
    large = run_size(large_rows)
    per_row = {size["rows"]: size["check_statements"] / size["rows"] for size in (small, large)}
    whole = {size["rows"]: size["import_statements"] / size["rows"] for size in (small, large)}
    results = [
        result("import.people.rows_per_s", round(large["rows"] / large["seconds"]), None, "rows/s"),
        result("import.duplicates.sql_per_row", round(per_row[large["rows"]], 4), None, "statements"),
        result(
            "import.duplicates.sql_per_row.growth",
            round(per_row[large["rows"]] / per_row[small["rows"]], 3),
            GROWTH_BUDGET,
            "ratio",
        ),
        result("import.people.sql_per_row", round(whole[large["rows"]], 2), None, "statements"),
        result(
            "import.people.sql_per_row.growth",
            round(whole[large["rows"]] / whole[small["rows"]], 3),
            GROWTH_BUDGET,
            "ratio",
        ),
    ]
    return results, [], {"small": small, "large": large}


if __name__ == "__main__":  # only this part of the bench: python -m bench.imports (BENCH_QUICK=1 for the small one)
    import json
    import os

    quick_run = os.environ.get("BENCH_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}
    found, trouble, about = measure_imports(quick_run)
    print(json.dumps({"results": found, "problems": trouble, "imports": about}, indent=1))
    over = [r for r in found if r["budget"] is not None and r["value"] > r["budget"]]
    sys.exit(1 if over or trouble else 0)

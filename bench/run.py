"""`make bench`: build a small and a large dataset, time pages on both, print and save the results as JSON.

Times on shared machines drift, so every budget is a count or a ratio measured side by side: requests to the
small and the large site alternate, and growth is the median time at the large size ÷ the median at the small one.
Exits 1 when a value is over its budget, or when a page issues a different number of statements at the two sizes
(a query per row somewhere: N+1). BENCH_QUICK=1 runs a smaller large size and fewer requests, for CI smoke tests.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.databases import backend_name, fresh_database
from bench.generate import Dataset, generate
from bench.pages import SignedInSite

RESULTS_FILE = Path(__file__).resolve().parent / "results.json"
GROWTH_BUDGET = 1.5
SEARCH_WORD = "cultuur"  # in organisation names, staff email domains, coalitions and dossiers alike


@dataclass(frozen=True)
class Size:
    name: str
    organisations: int
    people: int


@dataclass(frozen=True)
class Plan:
    small: Size
    large: Size
    warmups: int
    runs: int


# People scale with organisations (20,000 / 3,000), so the small size is the large one scaled down.
FULL = Plan(Size("small", 100, 667), Size("large", 3000, 20_000), warmups=3, runs=15)
QUICK = Plan(Size("small", 100, 667), Size("large", 600, 4000), warmups=1, runs=5)


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Dataset], str]
    sql_budget: int


PAGES = (
    Page("list.organisations", lambda d: "/organisations/", 10),
    Page("list.people", lambda d: "/people/", 10),
    Page("search", lambda d: f"/search/?q={SEARCH_WORD}", 14),
    Page("detail.organisation", lambda d: f"/organisations/{d.focus_organisation_id}", 12),
    Page("detail.person", lambda d: f"/people/{d.focus_person_id}", 12),
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(size: Size) -> Dataset:
    dataset = generate(fresh_database(size.name), size.organisations, size.people)
    log(f"{size.name}: {size.organisations} organisations, {size.people} people generated in {dataset.seconds:.1f} s")
    return dataset


def measure(page: Page, small: SignedInSite, large: SignedInSite, plan: Plan) -> tuple[list[dict], list[str]]:
    """The page's statement count at the large size and its growth; plus the problems found on the way."""
    problems: list[str] = []
    for _ in range(plan.warmups):
        small.get(page.url(small.dataset))
        large.get(page.url(large.dataset))
    times: dict[str, list[float]] = {"small": [], "large": []}
    counts: dict[str, set[int]] = {"small": set(), "large": set()}
    statements: dict[str, list[str]] = {}
    for _ in range(plan.runs):
        for label, site in (("small", small), ("large", large)):
            measurement = site.get(page.url(site.dataset))
            times[label].append(measurement.seconds)
            counts[label].add(len(measurement.statements))
            statements[label] = measurement.statements
    if len(counts["small"]) > 1 or len(counts["large"]) > 1:
        problems.append(f"{page.name}: the statement count varies between identical requests ({counts})")
    if counts["small"] != counts["large"]:
        problems.append(
            f"{page.name}: {len(statements['large'])} SQL statements at the large size but "
            f"{len(statements['small'])} at the small size: a query per row somewhere (N+1)"
        )
        for label in ("small", "large"):
            log(f"--- {page.name} statements at the {label} size:")
            for statement in statements[label]:
                log("  " + " ".join(statement.split())[:200])
    small_median, large_median = statistics.median(times["small"]), statistics.median(times["large"])
    log(
        f"{page.name}: {len(statements['large'])} statements; median {small_median * 1000:.1f} ms small, "
        f"{large_median * 1000:.1f} ms large"
    )
    growth = round(large_median / small_median, 2)
    results = [
        result(f"{page.name}.sql", len(statements["large"]), page.sql_budget, "statements"),
        result(f"{page.name}.growth", growth, GROWTH_BUDGET, "ratio"),
    ]
    return results, problems


def result(name: str, value: float, budget: float, unit: str) -> dict:
    return {"name": name, "value": value, "budget": budget, "unit": unit}


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "harfbuzz_subset": ctypes.util.find_library("harfbuzz-subset") is not None,
        "database": backend_name(),
    }


def render(report: dict) -> str:
    """JSON with one result per line: small diffs between runs, easy to read in a terminal or a review."""
    rows = ",\n             ".join(json.dumps(r, ensure_ascii=False) for r in report["results"])
    return f'{{"machine": {json.dumps(report["machine"])},\n "results": [{rows}]}}'


def main() -> int:
    started = time.perf_counter()
    quick = os.environ.get("BENCH_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}
    plan = QUICK if quick else FULL
    sites = [SignedInSite(build(plan.small)), SignedInSite(build(plan.large))]
    results: list[dict] = []
    problems: list[str] = []
    try:
        for page in PAGES:
            page_results, page_problems = measure(page, *sites, plan)
            results += page_results
            problems += page_problems
    finally:
        for site in sites:
            site.close()
    report = {"machine": machine(), "results": results}
    output = render(report)
    RESULTS_FILE.write_text(output + "\n", encoding="utf-8")
    print(output)
    over_budget = [r for r in results if r["value"] > r["budget"]]
    for r in over_budget:
        log(f"OVER BUDGET {r['name']}: {r['value']} {r['unit']}, budget {r['budget']}")
    for problem in problems:
        log(f"PROBLEM {problem}")
    log(f"bench finished in {time.perf_counter() - started:.1f} s ({'quick' if quick else 'full'} run)")
    return 1 if over_budget or problems else 0


if __name__ == "__main__":
    sys.exit(main())

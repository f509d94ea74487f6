"""`make bench`, issue 18: dossiers watching the Kamer, over the synthetic snapshot of issue 16 (bench/parliament.py
loads it at full size and at a tenth; this module runs on those two databases).

Measured:
- `parliament.match.seconds`: matching every rule of DOSSIERS dossiers (a Kamerstuk number, a committee and a keyword
  each) against every row of the full-size snapshot, from scratch (`match_changes(full=True)`) — reported;
  `parliament.match.incremental_s`: the same after a sync that changed nothing (what every hourly sync job pays);
- `parliament.match.dossier_page.sql|growth` and `parliament.match.debate_prep.sql|growth`: the whole dossier page
  (with "In de Kamer") of a dossier watching the focus committee, and the debate preparation of the focus activity,
  at full size against a tenth: ≤ 15 statements, ≤ 1.5× (the process's CPU time per request, the median ratio of
  PAGE_RUNS back-to-back pairs, so the load of other processes on the machine does not count);
- `pdf.debate_prep.overhead`: the debate preparation's PDF through our render path ÷ WeasyPrint alone on the same
  final HTML (as `pdf.position_paper.overhead`), the median ratio of PAGE_RUNS back-to-back pairs, ≤ 1.2.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import select

from bench.parliament_data import WORDS, gid
from crm.auth.services import create_user
from crm.coalitions.models import Dossier
from crm.extensions import db
from crm.parliament.models import KamerActivity
from crm.partners.models import Organisation
from crm.watch.matching import announce_new_matches, match_changes
from crm.watch.models import WatchRule

SQL_BUDGET = 15
GROWTH_BUDGET = 1.5
OVERHEAD_BUDGET = 1.2
PAGE_RUNS = 11  # pairs (small, large) per page; the growth is the median of their ratios
DOSSIERS = 30
LOBBYIST = "lobbyist@bench.example"
PASSWORD = "bench-wachtwoord-lang-genoeg"


def _log(message: str) -> None:
    from bench.parliament import log

    log(message)


def _watch(site) -> dict:
    """DOSSIERS dossiers with three rules each; the first watches the focus activity's committee. Then match them
    all from scratch (timed), and once more incrementally."""
    with site.app.app_context():
        committees = dict(db.session.execute(select(Organisation.source_id, Organisation.id).where(
            Organisation.source_id.in_([gid("C", n) for n in range(40)]))).all())  # fmt: skip
        focus = None
        for n in range(DOSSIERS):
            dossier = Dossier(title=f"Dossier bench {n}", status="active")
            db.session.add(dossier)
            db.session.flush()
            focus = focus or dossier
            committee = gid("C", n % 40)
            db.session.add_all([
                WatchRule(dossier_id=dossier.id, kind="kamerstuk", value=str(30000 + n), label=str(30000 + n)),
                WatchRule(dossier_id=dossier.id, kind="committee", value=committee, label=committee),
                WatchRule(dossier_id=dossier.id, kind="keyword", value=WORDS[n % len(WORDS)],
                          label=WORDS[n % len(WORDS)]),
            ])  # fmt: skip
        create_user(email=LOBBYIST, name="Lobbyist", role="lobbyist", password=PASSWORD)
        db.session.commit()
        started = time.perf_counter()
        outcome = match_changes(full=True)
        announce_new_matches()
        db.session.commit()
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        match_changes()
        db.session.commit()
        incremental = time.perf_counter() - started
        details = {"dossier_id": focus.id, "matches": outcome.added, "committees": len(committees),
                   "match_seconds": round(seconds, 2), "incremental_seconds": round(incremental, 3)}  # fmt: skip
        db.session.remove()
    client = site.app.test_client()
    with site.app.app_context():
        if client.post("/login", data={"email": LOBBYIST, "password": PASSWORD}).status_code != 302:
            raise RuntimeError("parliament.match: could not sign in")
    details["client"] = client
    return details


def _get(site, client, url: str) -> tuple[int, float]:
    """Statements and the process's CPU seconds of one request. CPU time, not wall time: the app and SQLite run in
    this process, so it is the page's own work, which other processes on a shared machine do not inflate."""
    site.statements.clear()
    with site.app.app_context():
        started = time.process_time()
        response = client.get(url)
        seconds = time.process_time() - started
    if response.status_code != 200:
        raise RuntimeError(f"parliament.match: {url} answered {response.status_code}")
    return len(site.statements), seconds


def _pdf_overhead(site, dossier_id: int, runs: int) -> tuple[float, dict]:
    from bench.documents import _median_seconds, _weasyprint_alone
    from crm.documents import catalogue, context
    from crm.rendering.render import RenderOptions, TemplateSource, fill_template, render_pdf
    from crm.watch.debate import preparation, preparation_values

    with site.app.app_context():  # outside a request: the render limit of background work, as the documents bench
        template = catalogue.builtin("debate_preparation")
        source = TemplateSource(template.name, template.html, template.css, str(template.folder))
        activity = db.session.get(KamerActivity, gid("A", 0))
        values = preparation_values(preparation(activity, db.session.get(Dossier, dossier_id)))
        data = context.document_context(template.meta, values, title="Debatvoorbereiding", author="Bench")
        db.session.rollback()

        def ours():
            return render_pdf(source, data, RenderOptions())

        first = ours()  # starts the render workers; not timed
        alone = _weasyprint_alone(source, fill_template(template.html, data, 10_000_000))
        alone()
        ours_times, alone_times = [], []
        for _ in range(max(runs, PAGE_RUNS)):  # back-to-back pairs, as the pages: the same moment for both
            ours_times.append(_median_seconds(ours, 1))
            alone_times.append(_median_seconds(alone, 1))
        # The median of the pairs' ratios: a garbage collection in this process (WeasyPrint alone runs here) or a
        # busy moment of the machine spoils one pair, not the result.
        ratio = round(statistics.median(o / a for o, a in zip(ours_times, alone_times, strict=True)), 2)
        return ratio, {"pages": first.page_count, "ours_ms": round(statistics.median(ours_times) * 1000),
                       "alone_ms": round(statistics.median(alone_times) * 1000)}  # fmt: skip


def measure_watch(large, small, runs: int) -> tuple[list[dict], list[str], dict]:
    from bench.parliament import result

    watched = {"large": _watch(large), "small": _watch(small)}
    sites = {"large": large, "small": small}
    results = [
        result("parliament.match.seconds", watched["large"]["match_seconds"], None, "s"),
        result("parliament.match.incremental_s", watched["large"]["incremental_seconds"], None, "s"),
    ]
    problems: list[str] = []
    pages = {
        "parliament.match.dossier_page": lambda d: f"/dossiers/{d['dossier_id']}",
        "parliament.match.debate_prep": lambda d: (
            f"/parliament/activities/{gid('A', 0)}/preparation?dossier={d['dossier_id']}"
        ),
    }
    for name, url in pages.items():
        times: dict[str, list[float]] = {"small": [], "large": []}
        counts: dict[str, set[int]] = {"small": set(), "large": set()}
        for label in ("small", "large", "small", "large"):  # warm-up
            _get(sites[label], watched[label]["client"], url(watched[label]))
        for _ in range(max(runs, PAGE_RUNS)):
            for label in ("small", "large"):  # each pair back to back: the same conditions for both sizes
                count, seconds = _get(sites[label], watched[label]["client"], url(watched[label]))
                counts[label].add(count)
                times[label].append(seconds)
        if counts["small"] != counts["large"] or len(counts["large"]) > 1:
            problems.append(f"{name}: statements differ between sizes or requests ({counts}): N+1?")
        # The median of the pairs' ratios: one slow moment spoils one pair, not the result.
        ratios = [large / small for small, large in zip(times["small"], times["large"], strict=True)]
        growth = round(statistics.median(ratios), 2)
        _log(
            f"{name}: {max(counts['large'])} statements; growth {growth} (CPU ms small "
            f"{statistics.median(times['small']) * 1000:.0f}, large {statistics.median(times['large']) * 1000:.0f})"
        )
        results.append(result(f"{name}.sql", max(counts["large"]), SQL_BUDGET, "statements"))
        results.append(result(f"{name}.growth", growth, GROWTH_BUDGET, "ratio"))
    overhead, pdf = _pdf_overhead(large, watched["large"]["dossier_id"], runs)
    _log(f"pdf.debate_prep: {pdf}")
    results.append(result("pdf.debate_prep.overhead", overhead, OVERHEAD_BUDGET, "ratio"))
    details = {label: {k: v for k, v in found.items() if k != "client"} for label, found in watched.items()}
    details["pdf"] = pdf
    return results, problems, details

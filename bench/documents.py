"""PDF budgets (issue 5), measured side by side in one run:

- pdf.position_paper.overhead: our whole path for the built-in position paper (plain context from the database,
  sandbox, worker process, restricted fetcher, WeasyPrint) ÷ WeasyPrint alone on the same final HTML and CSS,
  called the plain way (one HTML(...).write_pdf() in this process, a new font configuration per call, as
  WeasyPrint does by default). Median of alternating runs. Budget 1.2.
- pdf.mail_merge_342.ratio: the mail-merge job to all 342 municipalities (one combined PDF) measured through the
  queue as the web page runs it: from queueing the job to its row saying done, made by a real task worker
  (`flask crm worker`, a process of its own with its own render pool: chunks of letters, the letters' PDFs joined
  by qpdf) ÷ (342 × the median time of one letter through the render path, five letters timed just before that
  merge). The median ratio of three runs after a warm-up merge, as the single letter is warmed up. Budget 0.5. The
  ZIP of one PDF per municipality is reported beside it.
Peak memory (VmHWM) of this process — the side that queues the merges, as the web process does — before and after
the merges, of the task worker, and whether harfbuzz-subset is present.
"""

from __future__ import annotations

import io
import resource
import statistics
import time
import zipfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

import config
from bench.databases import DATA_DIR, fresh_database
from bench.workers import new_secret, task_worker, wait_until, worker_env
from crm import create_app
from crm.documents import catalogue, context, merge, recipients
from crm.documents.models import MergeJob
from crm.documents.services import choose
from crm.extensions import READ_ONLY, db
from crm.rendering import render
from crm.rendering.render import RenderOptions, TemplateSource, fill_template, render_pdf
from crm.tasks.services import start

OVERHEAD_BUDGET = 1.2
MERGE_BUDGET = 0.5


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def _median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _weasyprint_alone(source: TemplateSource, html: str):
    from weasyprint import CSS, HTML

    from crm.rendering.fetcher import ASSET_ROOT, AssetFetcher

    def write() -> bytes:
        fetcher = AssetFetcher(source.name, source.asset_dir)  # reads the bundled font files; nothing else
        base_url = f"{ASSET_ROOT}{source.name}/"
        stylesheet = CSS(string=source.css, base_url=base_url, url_fetcher=fetcher)
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet],
            pdf_tags=True,
            pdf_variant="pdf/ua-1",  # the same output as our default
        )

    return write


def _peak_memory_mb() -> dict:
    workers = []
    pool = render._pool
    for process in list(getattr(pool, "_processes", {}).values()) if pool else []:
        status = Path(f"/proc/{process.pid}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    workers.append(round(int(line.split()[1]) / 1024))
    return {"web_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "workers": workers}


def _rss_mb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return round(int(line.split()[1]) / 1024)
    return 0


def _reset_peak() -> None:
    """Start this process's VmHWM afresh (Linux: 5 in clear_refs), so the peak read later is the merges' peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        log("documents: cannot reset the peak memory (no /proc/self/clear_refs); the peak includes the set-up")


def _finished(job_id: int) -> str | None:
    """The job's end, read on a connection that only reads: this process never holds SQLite's write lock while the
    worker needs it (as the web pages that poll a merge read it)."""
    with db.engine.connect() as connection:
        row = (
            connection.execution_options(**READ_ONLY)
            .execute(select(MergeJob.status, MergeJob.error).where(MergeJob.id == job_id))
            .one()
        )
    if row.status == "done":
        return "done"
    return f"failed: {row.error}" if row.status == "failed" else None


@contextmanager
def _worker(database_url: str, queue: dict):
    """The task worker that makes the merges: one job at a time, with the render pool's default size."""
    folder = DATA_DIR / "documents-worker"
    folder.mkdir(parents=True, exist_ok=True)
    env = worker_env(database_url, queue["TASKS_URL"], queue["TASKS_NAME"], str(folder), queue["SECRET_KEY"])
    with task_worker(env, folder / "worker.log", threads=1) as worker:
        yield worker
    if worker.errors():
        log(f"documents: the task worker logged errors: {worker.errors()[:3]}")


def pdf_pages(data: bytes | None) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages) if data else 0


def measure_documents(runs: int) -> tuple[list[dict], list[str], dict]:
    from bench.run import result

    started = time.perf_counter()
    database_url = fresh_database("documents")
    tasks_file = DATA_DIR / "documents-tasks.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tasks_file}{suffix}").unlink(missing_ok=True)
    queue = {"TASKS_URL": f"sqlite:///{tasks_file}", "TASKS_NAME": "bench-documents", "SECRET_KEY": new_secret()}
    testing = config.with_profile("testing")
    app = create_app(testing, SQLALCHEMY_DATABASE_URI=database_url, TASKS_IMMEDIATE=False, **queue)
    problems: list[str] = []
    with app.app_context(), ExitStack() as stack:
        upgrade()
        from crm.demo.seed import seed_demo

        seed_demo()
        db.session.commit()
        log(f"documents: demo registry seeded in {time.perf_counter() - started:.1f} s")
        worker = stack.enter_context(_worker(database_url, queue))  # started on the migrated, seeded database

        paper = catalogue.builtin("position_paper")
        source = TemplateSource(paper.name, paper.html, paper.css, str(paper.folder))

        def our_paper():
            values = context.sample_values(paper.meta)
            data = context.document_context(paper.meta, values, title=paper.meta.title, author="Bench")
            db.session.rollback()  # (it read the sender: no transaction stays open, the worker writes beside us)
            return render_pdf(source, data, RenderOptions())

        first = our_paper()  # starts the workers; not timed
        data = context.document_context(paper.meta, context.sample_values(paper.meta), title=paper.meta.title,
                                        author="Bench")  # fmt: skip
        alone = _weasyprint_alone(source, fill_template(paper.html, data, 10_000_000))
        alone()
        ours_times, alone_times = [], []
        for _ in range(runs):  # alternate, so drift on a shared machine hits both sides alike
            ours_times.append(_median_seconds(our_paper, 1))
            alone_times.append(_median_seconds(alone, 1))
        ours, plain = statistics.median(ours_times), statistics.median(alone_times)
        overhead = round(ours / plain, 2)
        log(
            f"position paper: {first.page_count} pages; ours {ours * 1000:.0f} ms, "
            f"WeasyPrint alone {plain * 1000:.0f} ms"
        )
        if first.refused:
            problems.append(f"position paper: the fetcher refused {first.refused}")
        if first.page_count < 3:
            problems.append(f"position paper: {first.page_count} pages, the budget is for a 3-page paper")

        chosen = choose("builtin:municipal_call")
        letter_source, call = chosen.source, catalogue.builtin("municipal_call")
        selection = recipients.resolve("municipalities")
        found = recipients.load(selection.refs[:1])
        values = context.sample_values(call.meta)
        (one,) = merge.merge_contexts(chosen, values, found, title="Oproep cultuureducatie", author="Bench")
        for _ in range(max(runs, 5)):  # warm both workers on the single letter
            render_pdf(letter_source, one, RenderOptions())

        raw = context.input_from_data(call.meta, call.meta.sample)
        db.session.rollback()  # what was read is in hand: no transaction stays open while the worker writes

        def run_job(output: str, chosen_selection=selection) -> tuple[float, int]:
            """Queue the merge as the page does; the seconds until its row says done (the worker makes it)."""
            job = merge.create_job(chosen, raw, title="Oproep cultuureducatie", selection=chosen_selection,
                                   output=output, log_contacts=False, options=RenderOptions(), author=None)  # fmt: skip
            job_id = job.id
            db.session.commit()
            started_merge = time.perf_counter()
            start(job_id)
            finished = wait_until(lambda: _finished(job_id), timeout=900)
            seconds = time.perf_counter() - started_merge
            if finished != "done":
                problems.append(f"mail merge {job_id}: {finished or 'not finished in 15 minutes'}")
            return seconds, job_id

        # Warm the worker for a merge the way the single letter was warmed (its render processes start, and first
        # large renders allocate memory).
        run_job("zip", recipients.resolve("province:Utrecht"))
        web_before = _rss_mb("VmRSS:")
        _reset_peak()  # from here VmHWM is the peak during the measured merges

        def one_letter() -> float:
            return _median_seconds(lambda: render_pdf(letter_source, one, RenderOptions()), 5)

        # Side by side: each merge is divided by single letters timed just before it, so a slower or faster spell
        # of a shared machine hits both sides of the ratio alike; the median of the runs' ratios is reported.
        merges = {}
        for output, repeat in (("pdf", 3), ("zip", 1)):
            runs_of_output = []
            for _ in range(repeat):
                before = one_letter()
                seconds, job_id = run_job(output)
                runs_of_output.append((seconds / (len(selection.refs) * before), seconds, job_id, before))
            ratio, seconds, job_id, before = sorted(runs_of_output, key=lambda run: run[0])[len(runs_of_output) // 2]
            merges[output] = (seconds, job_id, round(ratio, 3))
            single = before
            letters = len(selection.refs)
            log(f"mail merge ({output}) through the queue: {letters} letters in {seconds:.1f} s (median of {repeat}); "
                f"one letter {before * 1000:.0f} ms before; ratio {merges[output][2]}")  # fmt: skip
        web_peak = _rss_mb("VmHWM:")  # before any result is read into this process
        worker_peak = worker.peak_rss_mb()
        results_of = {output: db.session.get(MergeJob, job_id).result for output, (_s, job_id, _r) in merges.items()}
        combined_pages = pdf_pages(results_of["pdf"])
        zipped = len(zipfile.ZipFile(io.BytesIO(results_of["zip"])).namelist()) if results_of["zip"] else 0
        if len(selection.refs) != 342 or zipped != 342 or combined_pages < 342:
            problems.append(f"mail merge: {len(selection.refs)} municipalities, {zipped} PDFs in the ZIP, "
                            f"{combined_pages} pages combined; expected 342 letters")  # fmt: skip
        memory = _peak_memory_mb()
        memory.update({"queueing_process_before_merges": web_before, "queueing_process_peak": web_peak,
                       "task_worker": worker_peak})  # fmt: skip
        render._shutdown_pool()
    details = {
        "position_paper_pages": first.page_count,
        "position_paper_ms": round(ours * 1000),
        "weasyprint_alone_ms": round(plain * 1000),
        "single_letter_ms": round(single * 1000),
        "mail_merge_342_combined_pdf_s": round(merges["pdf"][0], 1),
        "mail_merge_342_zip_s": round(merges["zip"][0], 1),
        "mail_merge_342_zip_ratio": merges["zip"][2],
        "mail_merge_zip_mb": round(len(results_of["zip"] or b"") / 1024 / 1024, 1),
        "mail_merge_measured": "through the queue: from queueing to the job row saying done, a real task worker",
        "peak_memory_mb": memory,
    }
    results = [
        result("pdf.position_paper.overhead", overhead, OVERHEAD_BUDGET, "ratio"),
        result("pdf.mail_merge_342.ratio", merges["pdf"][2], MERGE_BUDGET, "ratio"),
    ]
    return results, problems, details

"""PDF budgets (issue 5), measured side by side in one run:

- pdf.position_paper.overhead: our whole path for the built-in position paper (plain context from the database,
  sandbox, worker process, restricted fetcher, WeasyPrint) ÷ WeasyPrint alone on the same final HTML and CSS,
  called the plain way (one HTML(...).write_pdf() in this process, a new font configuration per call, as
  WeasyPrint does by default). Median of alternating runs. Budget 1.2.
- pdf.mail_merge_342.ratio: the mail-merge job to all 342 municipalities (one combined PDF, as the web page runs
  it: chunks of letters over the render pool, the letters' PDFs joined by qpdf) ÷ (342 × the median time of one
  letter through the same path, five letters timed just before that merge). The median ratio of three runs after a
  warm-up merge, as the single letter is warmed up. Budget 0.5. The ZIP of one PDF per municipality is reported
  beside it.
Peak memory of the web process and of each render worker is reported (VmHWM), and whether harfbuzz-subset is present.
"""

from __future__ import annotations

import io
import resource
import statistics
import time
import zipfile
from pathlib import Path

from flask_migrate import upgrade

import config
from bench.databases import fresh_database
from crm import create_app
from crm.documents import catalogue, context, jobs, merge, recipients, render
from crm.documents.models import MergeJob
from crm.documents.render import RenderOptions, TemplateSource, fill_template, render_pdf
from crm.documents.services import choose
from crm.extensions import db

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

    from crm.documents.fetcher import ASSET_ROOT, AssetFetcher

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


def pdf_pages(data: bytes | None) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages) if data else 0


def measure_documents(runs: int) -> tuple[list[dict], list[str], dict]:
    from bench.run import result

    started = time.perf_counter()
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=fresh_database("documents"))
    problems: list[str] = []
    with app.app_context():
        upgrade()
        from crm.demo.seed import seed_demo

        seed_demo()
        db.session.commit()
        log(f"documents: demo registry seeded in {time.perf_counter() - started:.1f} s")

        paper = catalogue.builtin("position_paper")
        source = TemplateSource(paper.name, paper.html, paper.css, str(paper.folder))

        def our_paper():
            values = context.sample_values(paper.meta)
            data = context.document_context(paper.meta, values, title=paper.meta.title, author="Bench")
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
        # Warm the workers for a merge the way the single letter was warmed (first large renders allocate memory).
        merge.render_merge(letter_source, [one] * 16, ["x"] * 16, RenderOptions(), "zip", title="Opwarmen")

        def run_job(output: str) -> tuple[float, MergeJob]:
            job = merge.create_job(chosen, raw, title="Oproep cultuureducatie", selection=selection, output=output,
                                   log_contacts=False, options=RenderOptions(), author=None)  # fmt: skip
            db.session.commit()
            started_merge = time.perf_counter()
            jobs.run(job.id)
            return time.perf_counter() - started_merge, db.session.get(MergeJob, job.id)

        def one_letter() -> float:
            return _median_seconds(lambda: render_pdf(letter_source, one, RenderOptions()), 5)

        # Side by side: each merge is divided by single letters timed just before it, so a slower or faster spell
        # of a shared machine hits both sides of the ratio alike; the median of the runs' ratios is reported.
        merges = {}
        for output, repeat in (("pdf", 3), ("zip", 1)):
            runs_of_output = []
            for _ in range(repeat):
                before = one_letter()
                seconds, job = run_job(output)
                runs_of_output.append((seconds / (len(selection.refs) * before), seconds, job, before))
            ratio, seconds, job, before = sorted(runs_of_output, key=lambda run: run[0])[len(runs_of_output) // 2]
            merges[output] = (seconds, job, round(ratio, 3))
            single = before
            log(f"mail merge ({output}): {job.total} letters in {seconds:.1f} s (the median run of {repeat}); "
                f"one letter {before * 1000:.0f} ms just before; ratio {merges[output][2]}")  # fmt: skip
        combined_pages = pdf_pages(merges["pdf"][1].result)
        zipped = len(zipfile.ZipFile(io.BytesIO(merges["zip"][1].result)).namelist()) if merges["zip"][1].result else 0
        if len(selection.refs) != 342 or zipped != 342 or combined_pages < 342:
            problems.append(f"mail merge: {len(selection.refs)} municipalities, {zipped} PDFs in the ZIP, "
                            f"{combined_pages} pages combined; expected 342 letters")  # fmt: skip
        memory = _peak_memory_mb()
        render._shutdown_pool()
    details = {
        "position_paper_pages": first.page_count,
        "position_paper_ms": round(ours * 1000),
        "weasyprint_alone_ms": round(plain * 1000),
        "single_letter_ms": round(single * 1000),
        "mail_merge_342_combined_pdf_s": round(merges["pdf"][0], 1),
        "mail_merge_342_zip_s": round(merges["zip"][0], 1),
        "mail_merge_342_zip_ratio": merges["zip"][2],
        "mail_merge_zip_mb": round(len(merges["zip"][1].result or b"") / 1024 / 1024, 1),
        "peak_memory_mb": memory,
    }
    results = [
        result("pdf.position_paper.overhead", overhead, OVERHEAD_BUDGET, "ratio"),
        result("pdf.mail_merge_342.ratio", merges["pdf"][2], MERGE_BUDGET, "ratio"),
    ]
    return results, problems, details

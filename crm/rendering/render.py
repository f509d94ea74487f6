"""The ONLY place that turns a template and data into a PDF. Nothing else in the code calls WeasyPrint.

A render runs in a worker process of a small pool: the template is filled in the Jinja sandbox and laid out by
WeasyPrint there, under a time limit (the parent gives up and kills the workers), a memory limit and a page
limit. A runaway template therefore fails with a clear message while the web server keeps serving. The parent
hands over plain data only: template sources, a context of dicts and scalars, and options.

The time limit depends on who waits: a preview and a render in a request stop well before gunicorn's worker
timeout (`seconds_allowed`), background work has longer. A worker never outlives the process that started it
(crm.rendering.render_guard), not even when that process is killed mid-render.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import gc
import hashlib
import multiprocessing
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError

from crm.rendering.render_guard import Spawner, init_worker, limit_cpu
from crm.rendering.sandbox import ensure_plain, environment

WORKER_TASKS = 500  # renders before a worker is replaced by a fresh one
STYLESHEETS_KEPT = 8  # parsed stylesheets a worker keeps for the next render of the same template


@dataclass(frozen=True)
class TemplateSource:
    """A template as the renderer needs it: HTML, CSS and, for built-ins, the folder with its assets."""

    name: str
    html: str
    css: str
    asset_dir: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(f"{self.html}\0{self.css}".encode()).hexdigest()


@dataclass(frozen=True)
class RenderOptions:
    pdfa: bool = False  # PDF/A-3b, for the archive
    tagged: bool = True  # tagged PDF: structure for screen readers (PDF/UA)


@dataclass(frozen=True)
class Limits:
    seconds: float = 60
    pages: int = 300
    memory_mb: int = 1024
    html_chars: int = 5_000_000


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    refused: list[str] = field(default_factory=list)  # resources the fetcher would not load
    parts: list[bytes] = field(default_factory=list)  # one PDF per split, when asked to split


class RenderError(Exception):
    """The template or its data cannot be turned into a PDF. `line` points into the template when known.

    The message is a lazy translation: made in a worker process (no request there), it is put into words in the
    language of whoever reads it, in the web process."""

    def __init__(self, message: Any, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


TOO_MUCH = _l("The document is too large or took too long to make: it needed more memory or time than allowed.")


def took_too_long(seconds: float) -> Any:
    return _l(
        "The document is too large or took too long to make (longer than %(seconds)s seconds); it was stopped.",
        seconds=f"{seconds:g}",
    )


# --- in the worker process -------------------------------------------------------------------------------------

_FONT_CONFIG = None


def compile_template(html: str):
    """The template compiled in the sandbox (once per render, however many recipients it is filled for)."""
    try:
        return environment().from_string(html)
    except TemplateSyntaxError as error:
        raise RenderError(_l("Template syntax error: %(error)s", error=error.message), error.lineno) from None
    except (SecurityError, TemplateError) as error:
        raise RenderError(_l("Template error: %(error)s", error=str(error)), getattr(error, "lineno", None)) from None


def fill(template, context: dict[str, Any], max_chars: int) -> str:
    try:
        filled = template.render(**context)
    except SecurityError as error:
        raise RenderError(_l("Not allowed in a template: %(error)s", error=str(error))) from None
    except TemplateError as error:
        raise RenderError(_l("Template error: %(error)s", error=str(error)), getattr(error, "lineno", None)) from None
    except (OverflowError, RecursionError, MemoryError) as error:
        raise RenderError(_l("The template asks for too much: %(error)s", error=type(error).__name__)) from None
    if len(filled) > max_chars:
        raise RenderError(_l("The filled-in template is larger than %(max)s characters.", max=f"{max_chars:,}"))
    return filled


def fill_template(html: str, context: dict[str, Any], max_chars: int) -> str:
    """The template compiled and filled in the sandbox in one call (the benchmarks time it apart from the layout)."""
    return fill(compile_template(html), context, max_chars)


_stylesheets: dict[tuple[str, str], Any] = {}


def _stylesheet(source: TemplateSource, base_url: str, fetcher, font_config):
    """The parsed CSS, kept for the worker's next renders of the same template (parsing is ~10 ms a time)."""
    from weasyprint import CSS

    key = (base_url, hashlib.sha256(source.css.encode()).hexdigest())
    if key not in _stylesheets:
        if len(_stylesheets) >= STYLESHEETS_KEPT:
            _stylesheets.pop(next(iter(_stylesheets)))
        _stylesheets[key] = CSS(string=source.css, base_url=base_url, url_fetcher=fetcher, font_config=font_config)
    return _stylesheets[key]


_NOTE_LINK = re.compile(r"fn(ref\d*)?:(\d+)(?:-\w+)?")  # crm.common.markdown's anchors
LINK_WORDS = {"nl": ("Voetnoot %s", "Terug naar voetnoot %s in de tekst"),
              "en": ("Footnote %s", "Back to footnote %s in the text")}  # fmt: skip


def describe_links(document, pdf) -> None:
    """A WeasyPrint finisher: a footnote link's description (/Contents, what a screen reader announces) reads
    "Voetnoot 1" in the document's language instead of its anchor name "fn:1" (PDF/UA asks for a description)."""
    import pydyf

    language = str(getattr(document.metadata, "lang", None) or "nl").split("-")[0].lower()
    note, back = LINK_WORDS.get(language, LINK_WORDS["en"])
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("Subtype") != "/Link":
            continue
        found = _NOTE_LINK.fullmatch(str(getattr(item.get("Dest"), "string", "")))
        if found:
            item["Contents"] = pydyf.String((back if found.group(1) is not None else note) % found.group(2))


def _render(
    source: TemplateSource,
    contexts: list[dict[str, Any]],
    options: RenderOptions,
    limits: Limits,
    split: bool,
    whole: bool = True,
) -> Rendered:
    """Lay out one document per context, then write the PDF of them all (whole) and/or one PDF per context (split).

    Each context is its own WeasyPrint document, so every letter numbers its own pages ("Pagina 1 van 2"); the
    compiled template, the parsed stylesheet and the fonts are shared, which is what makes a merge cheap.
    """
    global _FONT_CONFIG
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from crm.rendering.fetcher import ASSET_ROOT, AssetFetcher  # WeasyPrint is only ever loaded in the workers

    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()  # kept for the worker's life: fonts load once
    template = compile_template(source.html)
    fetcher = AssetFetcher(source.name, source.asset_dir)
    base_url = f"{ASSET_ROOT}{source.name}/"
    stylesheet = _stylesheet(source, base_url, fetcher, _FONT_CONFIG)
    write = {"pdf_tags": options.tagged, "finisher": describe_links}
    if options.pdfa:
        write["pdf_variant"] = "pdf/a-3b"
    elif options.tagged:
        write["pdf_variant"] = "pdf/ua-1"  # tagged, and says so: pdfuaid in the XMP metadata, with the title
    documents, parts, page_count = [], [], 0
    for context in contexts:
        html = fill(template, context, limits.html_chars)
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=_FONT_CONFIG
        )
        if len(document.pages) > limits.pages:
            raise RenderError(_l("The document is too large: it has more than %(pages)s pages.", pages=limits.pages))
        page_count += len(document.pages)
        if split:
            parts.append(document.write_pdf(**write))
        if whole:
            documents.append(document)  # kept only when the whole is wanted: pages hold much memory
    pdf = b""
    if whole and len(documents) == 1 and parts:
        pdf = parts[0]
    elif whole:
        pdf = documents[0].copy([page for document in documents for page in document.pages]).write_pdf(**write)
    return Rendered(pdf, page_count, fetcher.refused, parts)


_settled = False


def _settle() -> None:
    """After the worker's first render: WeasyPrint's modules, the fonts and the parsed stylesheet stay for the worker's
    life, so the garbage collector stops looking through them at every collection (gc.freeze); a render makes
    hundreds of thousands of objects, and re-scanning the long-lived ones made renders slower by a third."""
    global _settled
    if not _settled:
        gc.collect()
        gc.freeze()
        _settled = True


def _worker_entry(source, contexts, options, limits, split, whole):
    limit_cpu(limits.seconds)  # the last resort, should the parent not stop a runaway render itself
    try:
        rendered = _render(source, contexts, options, limits, split, whole)
        _settle()
        return rendered
    except RenderError:
        raise
    except MemoryError:
        raise RenderError(_l("The document is too large: it needs more memory than a render may use.")) from None
    except Exception as error:  # WeasyPrint and friends: report plainly, never a traceback to the user
        raise RenderError(
            _l("The document could not be laid out: %(error)s", error=f"{type(error).__name__}: {error}")
        ) from None


# --- in the web process ----------------------------------------------------------------------------------------

_pool: concurrent.futures.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


_spawner = Spawner()  # hands every render to the pool: see render_guard


def _get_pool(workers: int, memory_mb: int) -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # "spawn": a fresh interpreter, no copies of the web process's threads, sockets or database connections.
            _pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,
                initargs=(memory_mb, os.getpid()),
                # A fresh worker now and then: fonts a template added and memory it fragmented do not pile up.
                max_tasks_per_child=WORKER_TASKS,
            )
        return _pool


def _stop(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill the pool's workers (one may be busy with a runaway render) and let the pool go."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _discard_pool(pool: concurrent.futures.ProcessPoolExecutor | None = None) -> None:
    """After a time-out or a broken worker: stop that pool; the next render starts a fresh one."""
    global _pool
    with _pool_lock:
        if pool is None or pool is _pool:
            pool, _pool = _pool, None
    if pool is not None:
        _stop(pool)


@atexit.register
def _shutdown_pool() -> None:
    """The process ends: nobody will collect a render still running, so its worker is stopped, not waited for."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        _stop(pool)


def seconds_allowed(*, preview: bool = False) -> float:
    """How long a render may take: a preview or a render a request waits for ends well before the web server's
    worker timeout (DOCUMENT_PREVIEW_SECONDS, DOCUMENT_REQUEST_SECONDS); work outside a request (the CLI, a mail
    merge in the background) has the longer DOCUMENT_RENDER_SECONDS."""
    config = current_app.config
    if preview:
        return config["DOCUMENT_PREVIEW_SECONDS"]
    return config["DOCUMENT_REQUEST_SECONDS"] if has_request_context() else config["DOCUMENT_RENDER_SECONDS"]


def _limits(seconds: float) -> Limits:
    config = current_app.config
    return Limits(
        seconds=seconds,
        pages=config["DOCUMENT_MAX_PAGES"],
        memory_mb=config["DOCUMENT_RENDER_MEMORY_MB"],
    )


def submit(
    source: TemplateSource,
    contexts: list[dict[str, Any]],
    options: RenderOptions | None = None,
    *,
    split: bool = False,
    whole: bool = True,
    seconds: float | None = None,
) -> concurrent.futures.Future:
    """Start a render in the pool; `result(future)` collects it within `seconds` (by default `seconds_allowed()`)."""
    for context in contexts:
        ensure_plain(context)
    limits = _limits(seconds_allowed() if seconds is None else seconds)
    task = (_worker_entry, source, contexts, options or RenderOptions(), limits, split, whole)
    pool, future = _start(task, current_app.config["DOCUMENT_RENDER_WORKERS"], limits.memory_mb)
    future.render_pool, future.render_seconds = pool, limits.seconds
    return future


def _start(task: tuple, workers: int, memory_mb: int):
    """Hand the task to the pool (through the spawner thread). A pool that broke since its last render (a worker
    was killed: memory, a signal) or that another thread just discarded is replaced once; then the render fails
    with the clear message, never an exception a request would answer with a 500."""
    for _attempt in range(2):
        pool = _get_pool(workers, memory_mb)
        try:
            return pool, _spawner.call(pool.submit, *task)
        except (concurrent.futures.process.BrokenProcessPool, RuntimeError):
            _discard_pool(pool)
    raise RenderError(TOO_MUCH)


def result(future: concurrent.futures.Future, seconds: float | None = None) -> Rendered:
    seconds = getattr(future, "render_seconds", None) if seconds is None else seconds
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        _discard_pool(getattr(future, "render_pool", None))
        raise RenderError(took_too_long(seconds)) from None
    except concurrent.futures.process.BrokenProcessPool:
        _discard_pool(getattr(future, "render_pool", None))
        raise RenderError(TOO_MUCH) from None


def render_pdf(source: TemplateSource, context: dict[str, Any], options: RenderOptions | None = None, *,
               seconds: float | None = None) -> Rendered:  # fmt: skip
    """One document as a PDF, within `seconds` (by default `seconds_allowed()`)."""
    return result(submit(source, [context], options, seconds=seconds))

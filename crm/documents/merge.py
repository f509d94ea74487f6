"""Mail merge: one template × a set of recipients → one combined PDF and/or a ZIP with one PDF per recipient.

The recipients are rendered in chunks spread over the render pool (both cores), each chunk as one WeasyPrint
document with a page break between letters, so fonts and styles are loaded once per chunk instead of once per
letter. Used alike by the web page and the CLI (as a job a task worker runs: crm/documents/tasks.py) and the benchmark.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pikepdf
from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.time import today
from crm.documents import context
from crm.documents.models import OUTPUT_LABELS, MergeJob, MergeOutput
from crm.documents.recipients import Recipient, Selection
from crm.documents.services import Chosen, check_required, document_filename
from crm.rendering.render import RenderOptions, TemplateSource, result, submit

COMBINED_NAME = "Alle brieven"


@dataclass
class Merged:
    data: bytes  # the PDF or the ZIP
    filename: str
    mimetype: str
    pages: int


def chunks(count: int, workers: int) -> list[range]:
    """Ranges of recipients per render: a few per worker, so progress moves and both cores stay busy."""
    if count == 0:
        return []
    size = max(4, math.ceil(count / (workers * 4)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def render_merge(
    source: TemplateSource,
    contexts: list[dict[str, Any]],
    names: list[str],
    options: RenderOptions,
    output: str,
    *,
    title: str,
    day: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    made: dict[int, bytes] | None = None,
    on_parts: Callable[[list[int], list[bytes]], None] | None = None,
) -> Merged:
    """Render every recipient's letter as its own PDF; `on_progress(done)` is called as chunks finish.

    `made` holds letters rendered before (by index): only the others are rendered, so a merge that was stopped
    continues where it was. `on_parts(indexes, pdfs)` gets each chunk's letters as soon as they are made.
    The combined PDF is made by joining the letters' PDFs rather than by writing each chunk's pages once more:
    WeasyPrint writes many small PDFs faster than one large one, and qpdf joins them in a fraction of a second.
    """
    config = current_app.config
    letters = dict(made or {})
    missing = [i for i in range(len(contexts)) if i not in letters]
    ranges = chunks(len(missing), config["DOCUMENT_RENDER_WORKERS"])
    seconds = config["DOCUMENT_RENDER_SECONDS"]  # per chunk: a merge runs in the background, not in a request
    futures = [submit(source, [contexts[missing[i]] for i in part], options, split=True, whole=False, seconds=seconds)
               for part in ranges]  # fmt: skip
    pages, done = 0, len(letters)
    for part, future in zip(ranges, futures, strict=True):
        rendered = result(future)
        indexes = [missing[i] for i in part]
        if on_parts is not None:
            on_parts(indexes, rendered.parts)
        letters.update(zip(indexes, rendered.parts, strict=True))
        pages += rendered.page_count
        done += len(part)
        if on_progress is not None:
            on_progress(done)
    merged = assemble([letters[i] for i in range(len(contexts))], names, output, title=title, day=day)
    merged.pages = pages
    return merged


def assemble(parts: list[bytes], names: list[str], output: str, *, title: str, day: str | None = None) -> Merged:
    """The letters' PDFs as the combined PDF, a ZIP of them, or both."""
    day = day or today().isoformat()  # the letter's own date when it has one
    combined_name = document_filename(f"{title} - {COMBINED_NAME}", day)
    if output == MergeOutput.PDF:
        return Merged(combine_pdfs(parts, title), combined_name, "application/pdf", 0)
    files = zip_entries([document_filename(f"{title} - {name}", day) for name in names], parts)
    if output == MergeOutput.BOTH:
        files.append((combined_name, combine_pdfs(parts, title)))
    zip_name = document_filename(title, day).removesuffix(".pdf") + ".zip"
    return Merged(zip_files(files), zip_name, "application/zip", 0)


def combine_pdfs(pdfs: list[bytes], title: str) -> bytes:
    """The letters' PDFs as one file to print. qpdf (pikepdf) joins them in milliseconds where a pure-Python
    merge takes seconds. The first letter's catalogue (title, language, PDF/A output intent) is kept; its structure
    tree is dropped, because it would describe the first letter's pages only: the per-recipient PDFs are the tagged
    ones."""
    if len(pdfs) == 1:
        return pdfs[0]
    combined = pikepdf.open(io.BytesIO(pdfs[0]))
    for pdf in pdfs[1:]:
        combined.pages.extend(pikepdf.open(io.BytesIO(pdf)).pages)
    for key in ("/StructTreeRoot", "/MarkInfo"):
        if key in combined.Root:
            del combined.Root[key]
    if "/Metadata" in combined.Root:
        with combined.open_metadata(set_pikepdf_as_editor=False) as xmp:
            if "pdfuaid:part" in xmp:  # without its structure the whole is no PDF/UA: it must not claim to be
                del xmp["pdfuaid:part"]
    combined.docinfo["/Title"] = title
    out = io.BytesIO()
    combined.save(out)
    return out.getvalue()


def zip_entries(filenames: list[str], parts: list[bytes]) -> list[tuple[str, bytes]]:
    """One entry per recipient; two recipients of the same name get "(2)" rather than overwrite each other."""
    seen: dict[str, int] = {}
    entries = []
    for filename, pdf in zip(filenames, parts, strict=True):
        seen[filename] = seen.get(filename, 0) + 1
        if seen[filename] > 1:
            filename = f"{filename.removesuffix('.pdf')} ({seen[filename]}).pdf"
        entries.append((filename, pdf))
    return entries


def zip_files(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    # PDFs are compressed already: storing them keeps the ZIP quick to make and no larger.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for filename, data in files:
            archive.writestr(filename, data)
    return out.getvalue()


def merge_contexts(chosen: Chosen, values: dict[str, Any], recipients: list[Recipient], *, title: str,
                   author: str) -> list[dict[str, Any]]:  # fmt: skip
    base = context.document_context(chosen.meta, values, title=title, author=author)  # the sender is looked up once
    return [{**base, "recipient": r.data} for r in recipients]


def create_job(chosen: Chosen, raw: dict[str, Any], *, title: str, selection: Selection, output: str,
               log_contacts: bool, options: RenderOptions, author: User | None) -> MergeJob:  # fmt: skip
    """A mail merge waiting to run: what to render, for whom, and how; the job keeps its own provenance.
    Everything is checked here, before anything is queued."""
    from crm.tasks.services import new_job

    check_required(chosen.meta, raw)
    if output not in OUTPUT_LABELS:
        raise ServiceError(_l("Choose what to make."), field="output")
    job = MergeJob(
        template_version=chosen.version,
        builtin_template=chosen.builtin,
        title=title,
        recipients_label=selection.label[:300],
        recipient_ids=selection.refs,
        fields=context.field_values(chosen.meta, raw),
        output=output,
        options={"pdfa": options.pdfa, "tagged": options.tagged},
        log_contacts=log_contacts,
    )
    return new_job(MergeJob.KIND, owner=author, total=len(selection.refs), job=job)

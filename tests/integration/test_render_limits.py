"""A render a request waits for ends well before the web server's timeout, and a failed one answers a clear message,
never a 500 (issue 13, item 2). Small limits keep these tests quick; the defaults are checked in
tests/unit/test_render_limits_config.py and against a real gunicorn in tests/reliability/test_render_processes.py."""

from __future__ import annotations

import os
import signal
import time

import pytest

from crm.documents.models import GeneratedDocument
from crm.rendering import render
from tests import pdf
from tests.factories_documents import DocumentTemplateFactory
from tests.helpers import count, text_of

# A position paper whose chapter holds a Markdown table of 16,000 rows (64 kB typed: within the form's limit).
HUGE_TABLE = "## Alle gemeenten\n\n| x |\n|---|\n" + "| x |\n" * 16_000
PAPER = {"title": "Notitie", "dossier_id": "0", "tagged": "y", "f_title": "Notitie", "f_summary": "Kort.",
         "f_sections": HUGE_TABLE}  # fmt: skip
SLACK = 4  # seconds beyond the limit for starting a render worker and answering, on a busy test machine


@pytest.fixture
def small_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_PREVIEW_SECONDS", 2)
    monkeypatch.setitem(app.config, "DOCUMENT_REQUEST_SECONDS", 3)
    monkeypatch.setitem(app.config, "DOCUMENT_RENDER_SECONDS", 600)  # background work keeps the long limit
    return app.config


def test_a_preview_of_a_16000_row_table_answers_the_clear_message_within_the_preview_limit(client, login_as,
                                                                                            small_limits):  # fmt: skip
    login_as("lobbyist")
    started = time.monotonic()
    response = client.submit("/documents/new/builtin:position_paper", {**PAPER, "action": "preview"})
    elapsed = time.monotonic() - started
    page = text_of(response)
    assert response.status_code == 422, page[:300]
    assert "te groot of het maken duurde te lang" in page and "langer dan 2 seconden" in page
    assert page.count("Het voorbeeld kon niet worden gemaakt") == 1
    assert elapsed < small_limits["DOCUMENT_PREVIEW_SECONDS"] + SLACK, elapsed
    # The form keeps what was typed, and the next preview works (with time for starting fresh render workers).
    assert "| x |" in response.get_data(as_text=True)
    small_limits["DOCUMENT_PREVIEW_SECONDS"] = 30
    small = {**PAPER, "f_sections": "## Kort\n\nEen zin.", "action": "preview"}
    again = client.submit("/documents/new/builtin:position_paper", small)
    assert again.mimetype == "application/pdf" and "Een zin." in pdf.text(again.data)


def test_making_the_document_in_a_request_has_the_request_limit_not_the_background_one(client, login_as,
                                                                                        small_limits):  # fmt: skip
    login_as("lobbyist")
    started = time.monotonic()
    response = client.submit("/documents/new/builtin:position_paper", {**PAPER, "action": "generate"})
    elapsed = time.monotonic() - started
    page = text_of(response)
    assert response.status_code == 422
    assert "Het document kon niet worden gemaakt" in page and "langer dan 3 seconden" in page
    assert elapsed < small_limits["DOCUMENT_REQUEST_SECONDS"] + SLACK, elapsed
    assert count(GeneratedDocument) == 0


def test_a_failed_preview_of_a_template_draft_says_so_once(client, login_as):
    login_as("admin")
    template = DocumentTemplateFactory(draft_html="<html><body>{{ fields.nonexistent }}</body></html>")
    response = client.submit(
        f"/documents/templates/{template.id}/edit",
        {"html": template.draft_html, "css": template.draft_css, "meta_toml": template.draft_meta,
         "version_id": str(template.version_id), "note": "", "action": "preview"},
        follow_redirects=True,
    )  # fmt: skip
    page = text_of(response)
    assert page.count("Het voorbeeld kon niet worden gemaakt") == 1, page
    assert "nonexistent" in page


def broken_pool(app) -> None:
    """A pool whose workers were killed from outside (the kernel's OOM killer, an operator): the pool is broken."""
    with app.app_context():
        render.render_pdf(render.TemplateSource("proef", "<p>Proef</p>", ""), {})
    pool = render._pool
    for process in list(pool._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    pool._executor_manager_thread.join(timeout=10)  # the pool notices in its own thread, which then ends
    assert pool._broken


def test_a_preview_after_a_render_worker_was_killed_is_made_with_fresh_workers_not_a_500(app, client, login_as):
    login_as("lobbyist")
    broken_pool(app)
    small = {**PAPER, "f_sections": "## Kort\n\nEen zin.", "action": "preview"}
    response = client.submit("/documents/new/builtin:position_paper", small)
    assert response.status_code == 200 and "Een zin." in pdf.text(response.data)

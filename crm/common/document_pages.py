"""The end of a view that makes a document (a PDF kept with its provenance): commit, then show the document's page.

    return document_made(lambda: document_services.generate_from_values(...), back)

The documents' own views, the reports, the dashboard, the meeting briefing and the debate preparation all end so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from crm.common.commits import made


def document_made(make: Callable[[], Any], back: Any = None) -> Any:
    """Run `make` (one service call returning the kept document) and commit; lead to the document's page.

    When a business rule refuses it (a template that fails, a render over its limits) the session is rolled back,
    the message flashed, and `back` returned: a redirect, or None when the caller decides where to go.
    """
    document = made(make)
    if document is None:
        return back
    flash(_("Document “%(title)s” made.", title=document.title), "success")
    return redirect(url_for("documents.detail", document_id=document.id))

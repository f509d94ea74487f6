"""Reading the forms of a page as a browser does (lxml), to submit them with their defaults or with attacks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from sqlalchemy import func, select

from crm.audit.models import AuditEvent
from crm.extensions import db

TEXT_TYPES = {"text", "search", "email", "url", "tel", None, ""}


@dataclass
class PageForm:
    action: str
    method: str
    values: list[tuple[str, str]]  # what a browser submits untouched (checked boxes, selected options, defaults)
    text_fields: list[str] = field(default_factory=list)  # free-text inputs and textareas a user types into
    all_fields: dict[str, str] = field(default_factory=dict)  # name → kind (text, textarea, select, checkbox, …)
    choices: dict[str, list[str]] = field(default_factory=dict)  # name → the values a select or checkboxes offer

    def data(self, **overrides) -> dict:
        """The default submission as a dict (repeated names as lists), with `overrides` applied."""
        result: dict = {}
        for name, value in self.values:
            if name in result:
                result[name] = [*result[name], value] if isinstance(result[name], list) else [result[name], value]
            else:
                result[name] = value
        result.update(overrides)
        return result


def forms_of(html: str, page_url: str) -> list[PageForm]:
    if not html.strip():
        return []
    document = lxml.html.fromstring(html)
    found = []
    for form in document.forms:
        action = urlsplit(form.get("action") or page_url)
        method = (form.get("method") or "get").lower()
        text_fields, kinds, choices = [], {}, {}
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrf_token":
                continue
            if element.tag == "textarea":
                kinds[name] = "textarea"
                text_fields.append(name)
            elif element.tag == "select":
                kinds[name] = "select"
                choices[name] = [str(option) for option in element.value_options]
            else:
                kind = (element.get("type") or "text").lower()
                kinds[name] = kind
                if kind in ("checkbox", "radio"):
                    choices.setdefault(name, []).append(element.get("value") or "on")
                if kind in TEXT_TYPES and name not in ("next", "version_id") and name not in text_fields:
                    text_fields.append(name)
        values = [(name, value or "") for name, value in form.form_values() if name != "csrf_token"]
        found.append(PageForm(action.path or urlsplit(page_url).path, method, values, text_fields, kinds, choices))
    return found


def main_form(html: str, url: str) -> PageForm | None:
    """The page's own POST form (to its own address), not the search box or the sign-out button."""
    path = urlsplit(url).path
    candidates = [form for form in forms_of(html, url) if form.method == "post" and form.action == path]
    return candidates[0] if candidates else None


def form_pages(app, client, skip: set[str]) -> Iterator[tuple[str, str, PageForm]]:
    """(endpoint, url, main form) of every page with a form of its own, for the sample records; read one at a
    time, so what a caller posts on one page is there when the next one is opened."""
    from tests.security.test_access_matrix import routes, sample_arguments

    for rule, method in routes(app):
        if method != "POST" or "GET" not in rule.methods or rule.endpoint in skip:
            continue
        arguments = sample_arguments()
        url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
        page = client.get(url)
        form = main_form(page.get_data(as_text=True), url) if page.mimetype == "text/html" else None
        if form is not None:
            yield rule.endpoint, url, form


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0

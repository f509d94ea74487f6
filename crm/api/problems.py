"""RFC 9457 problem details: every error of the API is `application/problem+json` with a Dutch (or the token user's
language) title and detail, and for invalid input the messages of the web form per field."""

from __future__ import annotations

import json
from typing import Any

from flask import Response
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "about:blank"


class ApiProblem(HTTPException):
    """Raised anywhere inside an API view; the error handler answers with its problem document."""

    def __init__(self, status: int, title: Any, detail: Any = None, *, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None):  # fmt: skip
        super().__init__(description=str(detail or title))
        self.code = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.extra_headers = headers or {}

    def get_response(self, environ=None, scope=None) -> Response:
        return problem_response(self.code, self.title, self.detail, errors=self.errors, headers=self.extra_headers)


def problem_response(status: int, title: Any, detail: Any = None, *, errors: list[dict] | None = None,
                     headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    body: dict[str, Any] = {"type": PROBLEM_TYPE, "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = [{"field": e.get("field"), "message": str(e["message"])} for e in errors]
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def form_errors(errors: dict[str, list], renames: dict[str, str] | None = None) -> list[dict]:
    """WTForms' errors as a list of {field, message}; `renames`: the form's field → the API's field name."""
    renames = renames or {}
    found = []
    for field, messages in errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            if isinstance(message, dict):  # a FieldList/FormField: nested
                found.extend(form_errors(message))
                continue
            found.append({"field": None if field is None else renames.get(field, field), "message": message})
    return found

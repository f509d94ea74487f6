"""The API on the app: flask-smorest (OpenAPI 3.1 from the schemas), token sign-in, problem details, rate limits."""

from __future__ import annotations

import http

from flask import Flask, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_smorest import Api
from flask_smorest.spec import prepare_response
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from crm.api.problems import ApiProblem, problem_response
from crm.errors import MESSAGES, answer_errors_under, forbidden_message
from crm.extensions import csrf, db, limiter
from crm.permissions import ACCESS_ATTRIBUTE, PUBLIC

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_DESCRIPTION = """The registry of Bondgenoot for other systems. Sign in with a personal access token (My account →
API tokens): `Authorization: Bearer <token>`. A token acts as its user, with the same rights as on screen; a
read-only token only reads. Lists page with a cursor (`next_cursor`), records carry an `ETag`: send it back as
`If-Match` when you change one (412 when someone changed it since, 428 without it). Send an `Idempotency-Key` with
a POST to make a retry safe. Errors are problem details (RFC 9457)."""


class ProblemSchema(Schema):
    type = fields.String()
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.List(fields.Dict())


class BondgenootApi(Api):
    """flask-smorest's Api, except that errors are ours (problem details) and its docs pages (CDN assets) are off."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """Not app-wide: crm/errors.py hands API paths to `api_error_response` and keeps the web pages' errors."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Problem details (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


api = BondgenootApi()


def api_error_response(error: Exception):
    """Every error under /api/ as problem details: never a web page, never a traceback."""
    if isinstance(error, ApiProblem):
        return error.get_response()
    if isinstance(error, HTTPException):
        code = error.code or 500
        title, message = MESSAGES.get(code, (error.name, error.description))
        data = getattr(error, "data", None) or {}
        errors = []
        for location in (data.get("messages") or {}).values():  # webargs: {location: {field: [messages]}}
            errors.extend(_flatten(location))
        detail = forbidden_message(error) if code == 403 else message
        if code == 429:
            detail = error.description
        return problem_response(code, title, detail, errors=errors or None)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return problem_response(500, _l("Something went wrong"), _l("An unexpected error occurred. It has been logged."))


def _flatten(messages, prefix: str = "") -> list[dict]:
    found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            found.extend(_flatten(value, "" if key == "_schema" else name))
    elif isinstance(messages, list):
        for value in messages:
            if isinstance(value, (dict, list)):
                found.extend(_flatten(value, prefix))
            else:
                found.append({"field": prefix or None, "message": value})
    else:
        found.append({"field": prefix or None, "message": messages})
    return found


def _token_key() -> str:
    """Rate limits count per token (its hash prefix), so one busy integration does not slow down another."""
    from crm.api.tokens import hash_token

    header = request.headers.get("Authorization", "")
    return "api-token:" + hash_token(header)[:32] if header else "api-anonymous:" + (request.remote_addr or "")


def _before_api_request():
    from crm.api.auth import refuse_writes_of_read_only_tokens
    from crm.api.tokens import note_use

    token = g.get("api_token")
    if token is None:
        return None
    refuse_writes_of_read_only_tokens()
    before = token.last_used_at
    note_use(token)
    if token.last_used_at != before:
        db.session.commit()  # the "last used" shown under My account, on its own: the request's own work follows
    return None


_PREPARED: list[bool] = []


def init_api(app: Flask) -> None:
    from crm.api.views_coalitions import blp as coalitions_blp
    from crm.api.views_docs import bp as docs_bp
    from crm.api.views_registry import blp as registry_blp
    from crm.api.views_tokens import bp as tokens_bp
    from crm.api.views_work import blp as work_blp

    app.config.setdefault("API_TITLE", "Bondgenoot API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    spec_kwargs = {
        "info": {"description": API_DESCRIPTION},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "security": [{"token": []}],
    }
    api.init_app(app, spec_kwargs=spec_kwargs)
    app.extensions["bondgenoot_api"] = api  # the documentation page reads the spec from here (no import circle)
    blueprints = (registry_blp, coalitions_blp, work_blp)
    if not _PREPARED:  # blueprints are module-level: set them up once, however many apps are made (tests)
        limit = limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api", key_func=_token_key)
        for blueprint in blueprints:
            blueprint.before_request(_before_api_request)
            limit(blueprint)
        _PREPARED.append(True)
    for blueprint in blueprints:
        csrf.exempt(blueprint)  # only a token signs in here, never the session cookie (crm/api/auth.py)
        api.register_blueprint(blueprint)
    answer_errors_under(app, "/api/", api_error_response)  # problem details, never a web page
    app.register_blueprint(docs_bp)
    app.register_blueprint(tokens_bp)  # My account → API tokens; the administrators' tokens and webhooks pages

    @app.after_request
    def _start_webhook_deliveries(response):
        from crm.webhooks.services import start_pending

        start_pending()  # after the view's commit: deliveries of events its writes emitted
        if request.path.startswith("/api/"):  # answers for one token (and the document, which changes with a release)
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    serve_spec = app.view_functions["api-docs.openapi_json"]

    def openapi_json():
        return serve_spec()

    setattr(openapi_json, ACCESS_ATTRIBUTE, PUBLIC)  # the API's shape is no secret; its data is
    app.view_functions["api-docs.openapi_json"] = openapi_json

"""What every API write shares: the form's own validation (the same messages as on the web page), ETag/If-Match
optimistic locking, and Idempotency-Key replays."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from crm.api.models import IdempotentAnswer
from crm.api.problems import ApiProblem, form_errors
from crm.common.errors import ServiceError
from crm.extensions import db

INVALID = _l("The data is not valid")
KEY_MAX = 200


def etag_of(record: Any) -> str:
    return f'"{record.version_id}"'


def _set_etag(response: Response, record: Any) -> Response:
    response.headers["ETag"] = etag_of(record)
    return response


def expected_version(record: Any) -> int:
    """The version the client saw, from If-Match: 428 without it, 412 when someone saved since."""
    header = request.headers.get("If-Match")
    if not header:
        detail = _l("Send If-Match with the ETag of the record you read, so nobody's change is overwritten.")
        raise ApiProblem(428, _l("Precondition required"), detail)
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" in tags:
        return record.version_id
    if etag_of(record) not in tags:
        raise ApiProblem(412, _l("Conflict"), _l("Someone else changed this record in the meantime. Read it again."),
                         headers={"ETag": etag_of(record)})  # fmt: skip
    return record.version_id


def validated_form(form_class: type, values: dict[str, Any], *, renames: dict[str, str] | None = None,
                   setup: Callable[[Any], None] | None = None):  # fmt: skip
    """The web form filled with these values and validated: its messages become a 422 problem."""
    data = MultiDict()
    for name, value in values.items():
        if value is None or value is False:  # an unticked box: a browser sends nothing
            continue
        for item in value if isinstance(value, list) else [value]:
            data.add(name, "y" if item is True else str(item))
    form = form_class(formdata=data, meta={"csrf": False})
    if setup is not None:
        setup(form)
    if not form.validate():
        raise ApiProblem(422, INVALID, errors=form_errors(form.errors, renames))
    return form


def service_problem(error: ServiceError, renames: dict[str, str] | None = None) -> ApiProblem:
    field = (renames or {}).get(error.field, error.field) if error.field else None
    return ApiProblem(422, INVALID, errors=[{"field": field, "message": error.message}])


def _fingerprint() -> str:
    return hashlib.sha256(request.method.encode() + request.path.encode() + b"\n" + request.get_data()).hexdigest()


def _replay(answer: IdempotentAnswer) -> Response:
    if answer.fingerprint != _fingerprint():
        raise ApiProblem(422, _l("Idempotency key used before"),
                         _l("This Idempotency-Key was used for another request; use a new key."))  # fmt: skip
    response = Response(answer.body, status=answer.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    if answer.location:
        response.headers["Location"] = answer.location
    return response


def _stored(key: str) -> IdempotentAnswer | None:
    query = select(IdempotentAnswer).where(IdempotentAnswer.token_id == g.api_token.id, IdempotentAnswer.key == key)
    return db.session.scalar(query)


def idempotent_create(make: Callable[[], tuple[dict, str, Any]], status: int = 201) -> Response:
    """Run `make` (returns body, Location and the record) and commit once. With an Idempotency-Key the answer is
    kept with the record in the same transaction: a retry with the same key gets it again and makes nothing.
    (`status` 200: a change that makes no record, such as archiving; the retry gets the first answer, not a 412.)"""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (0 < len(key) <= KEY_MAX):
        raise ApiProblem(400, _l("Bad request"), _l("An Idempotency-Key has 1 to 200 characters."))
    if key:
        earlier = _stored(key)
        if earlier is not None:
            return _replay(earlier)
    body, location, record = make()
    text = json.dumps(body, ensure_ascii=False, default=str)
    if key:
        db.session.add(IdempotentAnswer(token_id=g.api_token.id, key=key, fingerprint=_fingerprint(),
                                        status_code=status, body=text, location=location))  # fmt: skip
    try:
        db.session.commit()
    except IntegrityError:  # the same key, sent twice at once: the other request made it
        db.session.rollback()
        earlier = _stored(key) if key else None
        if earlier is None:
            raise
        return _replay(earlier)
    response = Response(text, status=status, mimetype="application/json")
    response.headers["Location"] = location
    if hasattr(record, "version_id"):
        _set_etag(response, record)
    return response

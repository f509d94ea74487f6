"""What every API resource shares, so that each resource's module says only what differs.

- `add_list` and `add_detail` register a resource's list (the web list's filters, a sort, a cursor) and its record
  (with an `ETag`), given the query or the loader that the web pages use;
- `add_archiving` registers `…/archive` and `…/restore`, with the web pages' rule and `If-Match`;
- `save_patch` is the body of every PATCH: the object rule, `If-Match`, the web form's validation over the record's
  current values and the fields sent, the service's write, one commit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import Select

from crm.api.paging import page
from crm.api.problems import ApiProblem
from crm.api.schemas import page_schema
from crm.api.writes import etag_of, expected_version, service_problem, validated_form
from crm.common.archiving import set_archived
from crm.common.errors import ServiceError
from crm.common.locking import ConflictError
from crm.extensions import db
from crm.permissions import requires

STALE = _l("Someone else changed this record in the meantime. Read it again.")
FORM_FIELDS_NOT_SENT = ("form_token", "csrf_token", "version_id", "next")


def found(record: Any) -> Any:
    if record is None:
        raise ApiProblem(404, _l("Not found"), _l("There is no record with this id."))
    return record


def with_etag(record: Any, status: int = 200) -> tuple[Any, int, dict[str, str]]:
    """A view's answer: the record, and its version as the `ETag` to send back as `If-Match`."""
    return record, status, {"ETag": etag_of(record)}


def saving(action: Callable[[], Any], renames: dict[str, str] | None = None) -> Any:
    """Run a service's write: a stale version is a 412, the service's refusal a 422 with the form's message."""
    try:
        return action()
    except ConflictError:
        db.session.rollback()
        raise ApiProblem(412, _l("Conflict"), STALE) from None
    except ServiceError as error:
        db.session.rollback()
        raise service_problem(error, renames) from None


def current_values(form_class: type, record: Any, setup: Callable[[Any], None] | None = None) -> dict[str, Any]:
    """What the web form shows for this record: a PATCH changes only the fields it sends."""
    form = form_class(formdata=None, meta={"csrf": False})
    if setup is not None:
        setup(form)
    form.fill_from(record)
    values = {}
    for field in form:
        if field.name in FORM_FIELDS_NOT_SENT:
            continue
        data = field.data
        values[field.name] = data.strftime("%Y-%m-%dT%H:%M") if isinstance(data, datetime) else data
    return values


def save_patch(record: Any, body: dict[str, Any], *, form_class: type, save: Callable[[Any, int], Any],
               check: Callable[[Any, Any], None], setup: Callable[[Any], None] | None = None,
               renames: dict[str, str] | None = None):  # fmt: skip
    """PATCH: `check(actor, record)` (403), If-Match (428/412), the form over current values and `body` (422), then
    `save(form, version)` through the service (which checks again, for every door) and one commit."""
    check(current_user, record)
    version = expected_version(record)
    form = validated_form(form_class, {**current_values(form_class, record, setup), **body}, renames=renames,
                          setup=setup)  # fmt: skip
    saving(lambda: save(form, version), renames)
    db.session.commit()
    return with_etag(record)


def add_list(blp: Blueprint, path: str, *, endpoint: str, permission: str, args: type, schema: type, page_name: str,
             model: Any, query: Callable[..., Select], sorts: Callable[[str], str] | None = None):  # fmt: skip
    """GET `path`: a page of `query(request.args, **filters)`, in `sort` order, from `cursor`."""

    def view(sort: str, limit: int, cursor: str | None = None, **filters):
        items, next_cursor = page(query(request.args, **filters), model, sort=sorts(sort) if sorts else sort,
                                  cursor=cursor, limit=limit)  # fmt: skip
        return {"items": items, "next_cursor": next_cursor}

    view = blp.response(200, page_schema(schema, page_name))(view)
    view = blp.arguments(args, location="query", as_kwargs=True)(view)
    blp.route(path, methods=["GET"], endpoint=endpoint)(requires(permission)(view))


def add_detail(blp: Blueprint, path: str, *, endpoint: str, permission: str, schema: Any,
               load: Callable[..., Any], etag: bool = True):  # fmt: skip
    """GET `path`: the record `load(*url_arguments)` finds, with its ETag (`etag`: it has a version, it may change);
    404 when there is none."""

    def view(**ids):
        record = found(load(*ids.values()))
        return with_etag(record) if etag else record

    view = blp.response(200, schema)(view)
    blp.route(path, methods=["GET"], endpoint=endpoint)(requires(permission)(view))


def add_archiving(blp: Blueprint, path: str, *, name: str, schema: Any, load: Callable[..., Any],
                  check: Callable[[Any, Any], None]):  # fmt: skip
    """POST `path`/archive and `path`/restore, as the web page's buttons: `check(actor, record)` decides (managers;
    lobbyists the records they own), If-Match guards against a stale view. Both are idempotent: archiving an
    archived record changes nothing."""

    def change(archived: bool, ids: dict[str, int]):
        record = found(load(*ids.values()))
        check(current_user, record)
        expected_version(record)
        saving(lambda: set_archived(record, archived))
        db.session.commit()
        return with_etag(record)

    def archive(**ids):
        return change(True, ids)

    def restore(**ids):
        return change(False, ids)

    for verb, view, summary in (("archive", archive, f"Archive the {name}: it leaves lists and pickers, keeps its "
                                 "history and links, and is read-only until restored."),
                                ("restore", restore, f"Restore the archived {name}.")):  # fmt: skip
        view.__doc__ = summary
        view = blp.alt_response(428, description="Send If-Match")(view)
        view = blp.alt_response(412, description="Someone changed the record since your ETag")(view)
        view = blp.response(200, schema)(view)
        name_of_endpoint = f"{verb}_{name.replace(' ', '_')}"
        blp.route(f"{path}/{verb}", methods=["POST"], endpoint=name_of_endpoint)(requires("registry.write")(view))

"""What every API resource shares, so that each resource's module says only what differs.

- `add_list` and `add_detail` register a resource's list (the web list's filters, a sort, a cursor) and its record
  (with an `ETag`), given the query or the loader that the web pages use;
- `add_create`, `add_update` and `add_removal` register POST (Idempotency-Key), PATCH and DELETE (If-Match): the
  web form (`FormInput`) validates, the service writes and checks the object rule, the view commits once;
- `add_part_records` registers all of these for the records a parent holds (a coalition's members);
- `add_archiving` registers `…/archive` and `…/restore`, with the web pages' rule and `If-Match`;
- `save_patch` is the body of every PATCH, for a resource that needs a step of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import Select

from crm.api.paging import page
from crm.api.problems import ApiProblem
from crm.api.schemas import page_schema
from crm.api.writes import etag_of, expected_version, idempotent_create, service_problem, validated_form
from crm.common.archiving import set_archived
from crm.common.errors import ServiceError
from crm.common.locking import ConflictError
from crm.extensions import db
from crm.permissions import requires

STALE = _l("Someone else changed this record in the meantime. Read it again.")
INVALID_DESCRIPTION = "The data is not valid: the web form's messages per field"
FORM_FIELDS_NOT_SENT = ("form_token", "csrf_token", "version_id", "next")


def found(record: Any) -> Any:
    if record is None:
        raise ApiProblem(404, _l("Not found"), _l("There is no record with this id."))
    return record


def with_etag(record: Any) -> tuple[Any, int, dict[str, str]]:
    """A view's answer: the record, and its version as the `ETag` to send back as `If-Match`."""
    return record, 200, {"ETag": etag_of(record)}


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
    for form_field in form:
        if form_field.name in FORM_FIELDS_NOT_SENT:
            continue
        data = form_field.data
        values[form_field.name] = data.strftime("%Y-%m-%dT%H:%M:%S") if isinstance(data, datetime) else data
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
    lobbyists the records they own), If-Match guards against a stale view. Archiving an archived record changes
    nothing; an Idempotency-Key replays the first answer to a retry."""

    def change(archived: bool, ids: dict[str, int]):
        def make():
            record = found(load(*ids.values()))
            check(current_user, record)
            expected_version(record)
            saving(lambda: set_archived(record, archived))
            return schema().dump(record), request.path.rsplit("/", 1)[0], record

        return idempotent_create(make, status=200)  # with an Idempotency-Key, a retry gets this answer again

    def archive(**ids):
        return change(True, ids)

    def restore(**ids):
        return change(False, ids)

    for verb, view, summary in (("archive", archive, f"Archive the {name}: it leaves lists and pickers, keeps its "
                                 "history and links, and is read-only until restored."),
                                ("restore", restore, f"Restore the archived {name}.")):  # fmt: skip
        view = blp.alt_response(428, description="Send If-Match")(view)
        view = blp.alt_response(412, description="Someone changed the record since your ETag")(view)
        view = blp.response(200, schema)(view)
        _register(blp, f"{path}/{verb}", "POST", f"{verb}_{name}", view, "registry.write", summary)


# --- writes ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormInput:
    """How an API body becomes the web form of the same record: `values` turns the body into the form's fields,
    `setup` fills the form's choices, `renames` names the form's fields as the API does in error messages."""

    form: type
    setup: Callable[[Any], None] | None = None
    renames: dict[str, str] = field(default_factory=dict)
    values: Callable[[dict[str, Any]], dict[str, Any]] = dict


def _register(blp: Blueprint, path: str, method: str, endpoint: str, view, permission: str, doc: str | None) -> None:
    view.__doc__ = doc
    blp.route(path, methods=[method], endpoint=endpoint)(requires(permission)(view))


def add_create(blp: Blueprint, path: str, *, endpoint: str, body: Any, schema: type, form: FormInput,
               create: Callable[..., Any], location: Callable[[Any], str], parent: Callable[..., Any] | None = None,
               check: Callable[[Any, Any], None] | None = None, permission: str = "registry.write",
               doc: str | None = None):  # fmt: skip
    """POST `path`: the form validates the body, `create(form)` writes (or `create(parent, form)` for a record of
    the `parent` the URL names, which `check(actor, parent)` guards); an Idempotency-Key makes a retry safe."""

    def view(data: dict[str, Any], **ids):
        owner = found(parent(*ids.values())) if parent is not None else None
        if check is not None:
            check(current_user, owner)

        def make():
            valid = validated_form(form.form, form.values(data), renames=form.renames, setup=form.setup)
            record = saving(lambda: create(valid) if owner is None else create(owner, valid), form.renames)
            return schema().dump(record), location(record), record

        return idempotent_create(make)

    view = blp.alt_response(422, description=INVALID_DESCRIPTION)(view)
    view = blp.response(201, schema)(view)
    _register(blp, path, "POST", endpoint, blp.arguments(body)(view), permission, doc)


def add_update(blp: Blueprint, path: str, *, endpoint: str, body: Any, schema: Any, form: FormInput,
               load: Callable[..., Any], check: Callable[[Any, Any], None], update: Callable[[Any, Any, int], Any],
               permission: str = "registry.write", doc: str | None = None):  # fmt: skip
    """PATCH `path`: only the fields sent change (see `save_patch`); `update(record, form, version)` writes."""

    def view(data: dict[str, Any], **ids):
        record = found(load(*ids.values()))
        return save_patch(record, form.values(data), form_class=form.form, setup=form.setup, check=check,
                          renames=form.renames, save=lambda valid, version: update(record, valid, version))  # fmt: skip

    view = blp.alt_response(428, description="Send If-Match")(view)
    view = blp.alt_response(412, description="Someone changed the record since your ETag")(view)
    view = blp.response(200, schema)(view)
    _register(blp, path, "PATCH", endpoint, blp.arguments(body)(view), permission, doc)


def add_removal(blp: Blueprint, path: str, *, endpoint: str, load: Callable[..., Any],
                check: Callable[[Any, Any], None], remove: Callable[[Any], None], permission: str = "registry.write",
                doc: str | None = None):  # fmt: skip
    """DELETE `path` (with If-Match): `check(actor, record)`, then `remove(record)` through the service."""

    def view(**ids):
        record = found(load(*ids.values()))
        check(current_user, record)
        expected_version(record)
        saving(lambda: remove(record))
        db.session.commit()
        return "", 204

    view = blp.alt_response(428, description="Send If-Match")(view)
    view = blp.alt_response(412, description="Someone changed the record since your ETag")(view)
    _register(blp, path, "DELETE", endpoint, blp.response(204)(view), permission, doc)


def add_record_writes(blp: Blueprint, collection: str, *, name: str, body: Any, patch: Any, schema: Any,
                      form: FormInput, load: Callable[[int], Any], create: Callable[[Any], Any],
                      update: Callable[..., Any], check_edit: Callable[[Any, Any], None],
                      check_archive: Callable[[Any, Any], None]):  # fmt: skip
    """The writes of a registry record, the same for organisations, people, coalitions and dossiers: POST
    `collection` (`create(input)`, its record at api_registry.`name`), PATCH `collection`/<`name`_id>
    (`update(record, input, version, actor=…)`, `check_edit`) and that path's archive and restore (`check_archive`).
    """
    path = f"{collection}/<int:{name}_id>"
    add_create(blp, collection, endpoint=f"create_{name}", body=body, schema=schema, form=form,
               create=lambda valid: create(valid.to_input()),
               location=lambda record: url_for(f"api_registry.{name}", **{f"{name}_id": record.id}))  # fmt: skip
    add_update(blp, path, endpoint=f"update_{name}", body=patch(partial=True), schema=schema, form=form, load=load,
               check=check_edit, update=lambda record, valid, version: update(record, valid.to_input(), version,
                                                                             actor=current_user))  # fmt: skip
    add_archiving(blp, path, name=name, schema=schema, load=load, check=check_archive)


def add_part_records(blp: Blueprint, parent_path: str, parts: str, *, name: str, part_id: str, parent: str,
                     body: Any, patch: Any, schema: Any, form: FormInput, load_parent: Callable[[int], Any],
                     load: Callable[[int], Any], check: Callable[[Any, Any], None], create: Callable[[Any, Any], Any],
                     update: Callable[[Any, Any, int], Any], remove: Callable[[Any], None], update_doc: str,
                     remove_doc: str, edit_form: FormInput | None = None):  # fmt: skip
    """The records a `parent` holds (a coalition's members, a person's positions): POST `parent_path`/`parts`, and
    GET, PATCH and DELETE of `parent_path`/`parts`/<`part_id`>, at the endpoints `name`, add_`name`, update_`name`
    and remove_`name`. `load(id)` finds a part, which must be this parent's (404 otherwise); `check(actor, parent)`
    guards every write, which `create(parent, form)`, `update(part, form, version)` and `remove(part)` make."""
    parent_key = f"{parent}_id"  # in the parent's URL, and the part's column that names its parent
    path = f"{parent_path}/{parts}/<int:{part_id}>"

    def load_part(parent_id: int, record_id: int):
        record = load(record_id)
        return record if record is not None and getattr(record, parent_key) == parent_id else None

    def check_part(actor, record) -> None:
        check(actor, getattr(record, parent))

    add_create(blp, f"{parent_path}/{parts}", endpoint=f"add_{name}", body=body, schema=schema, form=form,
               parent=load_parent, check=check, create=create,
               location=lambda record: url_for(f".{name}", **{parent_key: getattr(record, parent_key),
                                                               part_id: record.id}))  # fmt: skip
    add_detail(blp, path, endpoint=name, permission="registry.read", schema=schema, load=load_part)
    add_update(blp, path, endpoint=f"update_{name}", body=patch(partial=True), schema=schema, form=edit_form or form,
               load=load_part, check=check_part, update=update, doc=update_doc)  # fmt: skip
    add_removal(blp, path, endpoint=f"remove_{name}", load=load_part, check=check_part, remove=remove,
                doc=remove_doc)  # fmt: skip

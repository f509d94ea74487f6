"""The page skeleton every kind of record shares (people, organisations, coalitions, dossiers, meeting series):
list, detail, create, edit with optimistic locking, archive, restore and history.

A domain's views make one `RecordPages` for their blueprint and say only what differs: how to load and name a
record, its form, who may change it, the service calls that save it, and what else its list and page show. The
templates follow one naming scheme: `<templates>index.html`, `<templates>detail.html` and `<templates>form.html`,
with the record under `record_name`. Every route still declares who may use it: the `add_..._routes` here declare
theirs with the permissions given here (`RecordParts` those of a record's parts), and the views declare the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import recent_history
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, page_number
from crm.common.locking import ConflictError
from crm.common.panels import panels_for
from crm.common.views import (
    archive_view,
    confirm_page,
    form_status,
    found_or_404,
    history_view,
    paginate,
    prepare_conflict,
    restore_view,
)
from crm.extensions import db
from crm.permissions import requires


@dataclass
class RecordPages:
    """The pages of one kind of record. `rules` is the domain's services module (or any object) with
    `check_may_edit(user, record)` and `check_may_archive(user, record)`, which refuse a user who may not."""

    bp: Blueprint
    entity: str  # the audit entity type, and the page whose panels the detail page shows ("person")
    get: Callable[[int], Any]  # the record by id, or None
    make_form: Callable[..., Any]  # make_form(record or None, **form_kwargs): the form with its choices
    name: Callable[[Any], str]  # what messages call the record
    templates: str  # the prefix of the templates: "people/" for people/detail.html, people/form.html
    rules: Any = None
    id_arg: str = ""  # the record's id in the URLs: "<entity>_id" unless given
    record_name: str = ""  # the record's name in the templates: the entity unless given ("org")
    read_permission: str = "registry.read"  # to read it: the list, its page, its history
    write_permission: str = "registry.write"  # to create and edit it (and then `rules` decide)
    archive_permission: str = "registry.write"  # to archive and restore it (and then `rules` decide)
    form_context: dict[str, Any] = field(default_factory=dict)  # more names the form template reads

    def __post_init__(self) -> None:
        self.id_arg = self.id_arg or f"{self.entity}_id"
        self.record_name = self.record_name or self.entity

    def check_edit(self, record: Any) -> None:
        if self.rules is not None:
            self.rules.check_may_edit(current_user, record)

    def check_archive(self, record: Any) -> None:
        if self.rules is not None:
            self.rules.check_may_archive(current_user, record)

    def load(self, record_id: int) -> Any:
        return found_or_404(self.get(record_id))

    def editable(self, record_id: int) -> Any:
        """The record, for a user who may change it."""
        record = self.load(record_id)
        self.check_edit(record)
        return record

    def url(self, record: Any) -> str:
        return url_for(".detail", **{self.id_arg: record.id})  # relative: a blueprint may sit inside another

    def page_of(self, query: Any, per_page: int | None = None) -> Any:
        """A page of a list's query, the page number from the request."""
        return paginate(query, page_number(request.args), per_page)

    def list_page(self, filters: Any, page: Any, **context: Any) -> str:
        """The list: a page of records (`page_of`), the filters, and what else the list template reads."""
        return render_template(f"{self.templates}index.html", page=page, filters=filters, **context)

    def detail(self, record: Any, **context: Any) -> str:
        """The record's page: its own parts in `context`, the panels the domains contribute, a history teaser."""
        return render_template(
            f"{self.templates}detail.html",
            **{self.record_name: record},
            **context,
            history=recent_history(self.entity, record.id),
            confirm_form=ConfirmForm(),
            **panels_for(self.entity, record),
        )

    def form_page(self, form: Any, record: Any, *, status: int | None = None, **context: Any):
        context = {**self.form_context, **context}
        page = render_template(f"{self.templates}form.html", form=form, **{self.record_name: record}, **context)
        return page, status or form_status(form)

    def create(
        self,
        save: Callable[[Any], Any],
        created: Callable[[Any], str],
        *,
        prefill: Callable[[Any], None] | None = None,
        duplicates: Callable[[Any], list[dict]] | None = None,
    ):
        """New record: `prefill(form)` on the first view; `duplicates(form)` lists look-alikes to confirm past
        (422 while there are); `save(form)` returns the new record, `created(record)` the message."""
        form = self.make_form(None)
        found: list[dict] = []
        if request.method == "GET" and prefill is not None:
            prefill(form)
        if form.validate_on_submit():
            if duplicates is not None and not form.confirm_not_duplicate.data:
                found = duplicates(form)
            if not found:
                try:
                    record = save(form)
                    db.session.commit()
                    flash(created(record), "success")
                    return redirect(self.url(record))
                except ServiceError as error:
                    db.session.rollback()
                    error.attach_to(form)
        extra = {"duplicates": found} if duplicates is not None else {}
        return self.form_page(form, None, status=422 if found else None, **extra)

    def edit(self, record_id: int, update: Callable[..., None]):
        """Edit through the service `update(record, data, expected_version, actor=user)` (see `locked_edit`)."""
        record = self.editable(record_id)
        form = self.make_form(record)
        return locked_edit(
            form,
            record,
            save=lambda: update(record, form.to_input(), form.submitted_version(), actor=current_user),
            saved=lambda: (_("Changes to %(name)s saved.", name=self.name(record)), self.url(record)),
            reload=lambda: self.load(record_id),
            stored=lambda current: self.make_form(current, formdata=None),
            page=lambda shown, status, **conflict: self.form_page(form, shown, status=status, **conflict),
        )

    def add_list_route(
        self,
        filters: Callable[[Any], Any],
        query: Callable[[Any], Any],
        extras: Callable[[Any, Any], dict[str, Any]] | None = None,
    ) -> None:
        """/ on the blueprint: the list (`list_page`). `filters(request.args)` reads the filters, `query(filters)`
        selects the records, `extras(filters, page)` gives what else the list template reads."""

        def index():
            chosen = filters(request.args)
            page = self.page_of(query(chosen))
            return self.list_page(chosen, page, **(extras(chosen, page) if extras else {}))

        self.bp.add_url_rule("/", "index", requires(self.read_permission)(index), methods=["GET"])

    def add_detail_route(self, context: Callable[[Any], dict[str, Any]] | None = None) -> None:
        """/<id> on the blueprint: the record's page (`detail`) with `context(record)`, its own parts. A record that
        was merged into another (crm/merging) has moved there for good: a permanent redirect."""

        def detail(**ids: int):
            record = self.load(ids[self.id_arg])
            if getattr(record, "merged_into_id", None):
                return redirect(url_for(".detail", **{self.id_arg: record.merged_into_id}), code=301)
            return self.detail(record, **(context(record) if context else {}))

        rule = f"/<int:{self.id_arg}>"
        self.bp.add_url_rule(rule, "detail", requires(self.read_permission)(detail), methods=["GET"])

    def add_form_routes(
        self,
        save: Callable[[Any], Any],
        created: Callable[[Any], str],
        update: Callable[..., None],
        *,
        prefill: Callable[[Any], None] | None = None,
        duplicates: Callable[[Any], list[dict]] | None = None,
    ) -> None:
        """/new (`create` with `save`, `created`, `prefill` and `duplicates`) and /<id>/edit (`edit` with `update`)
        on the blueprint."""
        write = requires(self.write_permission)

        def create():
            return self.create(save, created, prefill=prefill, duplicates=duplicates)

        def edit(**ids: int):
            return self.edit(ids[self.id_arg], update)

        self.bp.add_url_rule("/new", "create", write(create), methods=["GET", "POST"])
        self.bp.add_url_rule(f"/<int:{self.id_arg}>/edit", "edit", write(edit), methods=["GET", "POST"])

    def add_archive_routes(self, message: Any) -> None:
        """/<id>/archive (confirm, then archive; `message` says what archiving does), /<id>/restore and
        /<id>/history on the blueprint."""
        write, prefix = self.archive_permission, f"/<int:{self.id_arg}>"

        def archive(**ids: int):
            record = self.load(ids[self.id_arg])
            self.check_archive(record)
            return archive_view(record, name=self.name(record), detail_url=self.url(record), message=str(message))

        def restore(**ids: int):
            record = self.load(ids[self.id_arg])
            self.check_archive(record)
            return restore_view(record, name=self.name(record), detail_url=self.url(record))

        def history(**ids: int):
            record = self.load(ids[self.id_arg])
            return history_view(record, self.entity, self.url(record))

        self.bp.add_url_rule(f"{prefix}/archive", "archive", requires(write)(archive), methods=["GET", "POST"])
        self.bp.add_url_rule(f"{prefix}/restore", "restore", requires(write)(restore), methods=["POST"])
        self.bp.add_url_rule(f"{prefix}/history", "history", requires(self.read_permission)(history), methods=["GET"])


@dataclass
class RecordParts:
    """One kind of part of a record (a coalition's members, a person's positions), changed by a user who may change
    the record, under the record's address: /<record id>/<path>/<part id>/edit and /remove, with the endpoints
    `edit_<name>` and `remove_<name>`. A part that is not the record's is not found."""

    pages: RecordPages
    name: str  # "member": the endpoints' suffix, the part in the form template, its id in URLs ("member_id")
    path: str  # "members"
    get: Callable[[int], Any]  # the part by id, or None
    owner: str  # the part's attribute with its record's id ("coalition_id")
    template: str  # the part's form
    anchor: str = ""  # where on the record's page a change leads back to ("#members")

    def editable(self, record_id: int, part_id: int) -> tuple:
        """The record and its part, for a user who may change the record."""
        record = self.pages.editable(record_id)
        part = self.get(part_id)
        if part is None or getattr(part, self.owner) != record.id:
            abort(404)
        return record, part

    def add_edit_route(
        self, make_form: Callable[[], Any], save: Callable[[Any, Any], Any], saved: Callable[[Any, Any], str]
    ) -> None:
        """/edit: the part in `make_form()`, saved with optimistic locking (`locked_edit`) by the service call
        `save(part, form)`; `saved(record, part)` is the message."""

        def edit(**ids: int):
            record, part = self.editable(ids[self.pages.id_arg], ids[f"{self.name}_id"])
            form = make_form()
            return locked_edit(
                form,
                part,
                save=lambda: save(part, form),
                saved=lambda: (saved(record, part), self.pages.url(record) + self.anchor),
                reload=lambda: self.editable(record.id, part.id)[1],
                page=form_template(self.template, form, self.name, **{self.pages.record_name: record}),
            )

        self._add_route("edit", edit)

    def add_remove_route(self, remove: Callable[[Any], Any], texts: Callable[[Any, Any], dict[str, str]]) -> None:
        """/remove: confirm, then the service call `remove(part)` (`removal_view`); `texts(record, part)` gives the
        message `removed` and the confirm page's title, message and confirm_label."""

        def remove_part(**ids: int):
            record, part = self.editable(ids[self.pages.id_arg], ids[f"{self.name}_id"])
            back = self.pages.url(record)
            return removal_view(
                lambda: remove(part), done_url=back + self.anchor, cancel_url=back, **texts(record, part)
            )

        self._add_route("remove", remove_part)

    def _add_route(self, action: str, view: Callable[..., Any]) -> None:
        rule = f"/<int:{self.pages.id_arg}>/{self.path}/<int:{self.name}_id>/{action}"
        allowed = requires(self.pages.write_permission)(view)
        self.pages.bp.add_url_rule(rule, f"{action}_{self.name}", allowed, methods=["GET", "POST"])


def locked_edit(
    form: Any,
    record: Any,
    *,
    save: Callable[[], Any],
    saved: Callable[[], tuple[str, str]],
    reload: Callable[[], Any],
    page: Callable[..., Any],
    stored: Callable[[Any], Any] | None = None,
):
    """The flow of every edit form with optimistic locking. On GET the form shows `record`. A valid POST runs
    `save()` and commits, then flashes the message and redirects to the address `saved()` gives. A stale save
    shows `page(current, 409, conflict=rows)`: the user's input kept, what someone else saved beside it (`stored`
    makes the form that shows the current record; the form's own class by default). A service's refusal marks the
    form: `page(record, 422)`."""
    if request.method == "GET":
        form.fill_from(record)
    elif form.validate_on_submit():
        try:
            save()
            db.session.commit()
            message, url = saved()
            flash(message, "success")
            return redirect(url)
        except ConflictError:
            db.session.rollback()
            current = reload()
            theirs = stored(current) if stored else type(form)(formdata=None)
            return page(current, 409, conflict=prepare_conflict(form, theirs, current))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return page(record, form_status(form))


def removal_view(remove: Callable[[], Any], *, removed: str, done_url: str, cancel_url: str, **page: Any):
    """Confirm, then remove a part of a record (a position, a membership): `remove()` is the service call, then one
    commit, the message `removed` and the way back to `done_url`. `page`: the confirm page's title, message and
    confirm_label."""
    form = ConfirmForm()
    if form.validate_on_submit():
        remove()
        db.session.commit()
        flash(removed, "success")
        return redirect(done_url)
    return confirm_page(form, cancel_url=cancel_url, danger=True, **page)


def form_template(template: str, form: Any, record_name: str, **context: Any) -> Callable[..., Any]:
    """The `page` of `locked_edit` for a form template that shows the record as `record_name`."""

    def page(shown: Any, status: int, **conflict: Any):
        return render_template(template, form=form, **{record_name: shown}, **context, **conflict), status

    return page

"""Who may do what: one table of permissions per role, object-level checks, and route declarations.

Every view declares its rule with `@requires(...)` or `@public`. A `before_request` hook enforces the
declared rule centrally and refuses any endpoint that declared none, so a forgotten decorator fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from crm.common.choices import LabelledEnum

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
ACCESS_ATTRIBUTE = "access_rule"


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")
    DIRECTOR = "director", _l("Director")
    LOBBYIST = "lobbyist", _l("Lobbyist")
    VIEWER = "viewer", _l("Read-only")


ROLE_LABELS = Role.labels()

ALL_ROLES = frozenset(Role)
EDITORS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.LOBBYIST})
MANAGERS = frozenset({Role.ADMIN, Role.DIRECTOR})

# The one table of what each role may do. The README shows the same table.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "account": ALL_ROLES,  # own profile, password and language
    "registry.read": ALL_ROLES,  # organisations, people, coalitions, dossiers, search, history
    "registry.write": EDITORS,  # create and edit them
    "registry.archive": MANAGERS,  # archive/restore any record (lobbyists: only records they own)
    "contacts.read": ALL_ROLES,  # the contact log, timelines, "who spoke to whom"
    "contacts.write": EDITORS,  # log contacts; edit their own (and follow-ups assigned to them)
    "contacts.edit_any": MANAGERS,  # edit anyone's contacts
    "contacts.export": EDITORS,  # export the contact log (CSV, XLSX)
    "meetings.read": ALL_ROLES,  # meetings, series, agendas, minutes, action items
    "meetings.write": EDITORS,  # organise meetings; edit their own; add attendees to anyone's meeting
    "meetings.edit_any": MANAGERS,  # edit anyone's meetings and minutes
    "minutes.reopen": frozenset({Role.ADMIN}),  # reopen final minutes (audited)
    "actions.complete": EDITORS,  # mark my follow-ups and action items done
    "dashboard.read": ALL_ROLES,  # the coalition dashboard: counts, who is going cold, the letters pipeline
    "letters.read": ALL_ROLES,  # joint letters, their versions, signatories and history
    "letters.write": EDITORS,  # draft letters, submit for review, invite and manage signatories, send
    "letters.approve": MANAGERS,  # approve a letter in review
    "documents.read": ALL_ROLES,  # generated documents and their provenance, template list
    "documents.generate": EDITORS,  # generate documents, run mail merges, upload logos
    "templates.manage": frozenset({Role.ADMIN}),  # edit and publish shared templates (and users granted it)
    "audit.read": frozenset({Role.ADMIN}),  # the global audit log
    "users.manage": frozenset({Role.ADMIN}),  # create, edit, deactivate users, reset passwords
    "reports.read": EDITORS,  # the lobby transparency and partner reports (they export contacts: as contacts.export)
    # Stakeholder positions are opinions about people (political views: special-category data): never for viewers.
    "positions.read": EDITORS,  # the stakeholder map of a dossier, stances on person and organisation pages
    "positions.write": EDITORS,  # record positions; correct or remove their own
    "positions.edit_any": MANAGERS,  # correct or remove anyone's positions
    # Contact notes marked sensitive (they may reveal political opinions): on pages, in searches and in exports.
    "contacts.sensitive": EDITORS,
    "privacy.manage": frozenset({Role.ADMIN}),  # privacy records, access exports, erasure, the retention review
    "parliament.read": ALL_ROLES,  # the parliamentary agenda and activities (the Kamer's open data)
    "parliament.manage": frozenset({Role.ADMIN}),  # the Tweede Kamer sync: its status, marks, runs and errors
    "jobs.manage": frozenset({Role.ADMIN}),  # the jobs page: background work of everyone, retry a failed job
    "imports.manage": frozenset({Role.ADMIN}),  # spreadsheet imports: upload, map, run, undo; saved mappings
    # Merging two people or organisations archives one of them and moves everything it had: as archiving any record.
    "registry.merge": MANAGERS,
    "integrations.manage": frozenset({Role.ADMIN}),  # webhooks; everyone's API tokens (see and revoke)
}

PERMISSION_LABELS = {
    "account": _l("Own account, password and language"),
    "registry.read": _l("Read organisations, people, coalitions, dossiers and their history"),
    "registry.write": _l("Create and edit organisations, people, coalitions and dossiers"),
    "registry.archive": _l("Archive and restore any record (lobbyists: records they own)"),
    "contacts.read": _l("Read the contact log, timelines and who spoke to whom"),
    "contacts.write": _l("Log contacts and edit their own"),
    "contacts.edit_any": _l("Edit anyone's contacts"),
    "contacts.export": _l("Export the contact log"),
    "meetings.read": _l("Read meetings, agendas, minutes and action items"),
    "meetings.write": _l("Organise meetings, edit their own, add attendees to any meeting"),
    "meetings.edit_any": _l("Edit anyone's meetings and minutes"),
    "minutes.reopen": _l("Reopen final minutes"),
    "actions.complete": _l("Mark their follow-ups and action items done"),
    "dashboard.read": _l("Read the coalition dashboard"),
    "letters.read": _l("Read joint letters, their versions, signatories and history"),
    "letters.write": _l("Draft joint letters, collect signatures, send them"),
    "letters.approve": _l("Approve joint letters"),
    "documents.read": _l("Read generated documents and templates"),
    "documents.generate": _l("Generate documents and mail merges, upload logos"),
    "templates.manage": _l("Edit and publish shared templates (also users granted this)"),
    "audit.read": _l("Read the global audit log"),
    "users.manage": _l("Manage users and reset passwords"),
    "reports.read": _l("Make the lobby transparency and partner reports (CSV, Excel, PDF)"),
    "positions.read": _l("Read the stakeholder map of dossiers and the stances of people and organisations"),
    "positions.write": _l("Record stakeholder positions, correct or remove their own"),
    "positions.edit_any": _l("Correct or remove anyone's stakeholder positions"),
    "contacts.sensitive": _l("Read contact notes marked sensitive (political opinions), also in exports"),
    "privacy.manage": _l("Manage privacy records, access requests, erasure and the retention review"),
    "parliament.read": _l("Read the parliamentary agenda and activities"),
    "parliament.manage": _l("See and run the Tweede Kamer sync"),
    "jobs.manage": _l("See everyone's background jobs and try failed ones again"),
    "imports.manage": _l("Import spreadsheets of organisations, people and contacts, and undo an import"),
    "registry.merge": _l("Merge duplicate people and organisations"),
    "integrations.manage": _l("Manage webhooks; see and revoke everyone's API tokens"),
}


def roles_with(permission: str) -> list[Role]:
    """The roles that have a permission, most powerful first."""
    return [role for role in Role if role in PERMISSIONS[permission]]


class Refused(Forbidden):
    """A 403 that knows what was refused: the error page names the roles that may do it (and whom to ask).

    `owner_may`: the record's own colleague (who logged or organises it, its relationship owner) may do it too."""

    def __init__(self, permission: str | None = None, *, owner_may: bool = False) -> None:
        if permission is not None and permission not in PERMISSIONS:
            raise KeyError(f"Unknown permission {permission!r}")
        super().__init__()
        self.permission = permission
        self.owner_may = owner_may


def refuse(permission: str | None = None, *, owner_may: bool = False) -> NoReturn:
    raise Refused(permission, owner_may=owner_may)


def has_permission(user: Any, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    if not getattr(user, "is_authenticated", False):
        return False
    return Role(user.role) in PERMISSIONS[permission]


# Who does the work, not only reads it: owns follow-ups and action items (and marks them done), organises meetings,
# is recorded as one of us taking part in a contact. Read-only users are never offered for any of these.
ACTING_ROLES = PERMISSIONS["actions.complete"]


def may_act(user: Any) -> bool:
    """An active colleague who may do the work (see ACTING_ROLES)."""
    return bool(getattr(user, "active", False)) and has_permission(user, "actions.complete")


def can_edit(user: Any, obj: Any) -> bool:
    """Editors may change active records; archived records must be restored first."""
    return has_permission(user, "registry.write") and not getattr(obj, "is_archived", False)


def can_archive(user: Any, obj: Any) -> bool:
    if has_permission(user, "registry.archive"):
        return True
    owner_id = getattr(obj, "owner_id", None)
    return has_permission(user, "registry.write") and owner_id is not None and owner_id == user.id


def can_edit_own(user: Any, owner_id: int | None, scope: str) -> bool:
    """`<scope>.edit_any` edits everything; `<scope>.write` edits what the user owns (created, organises)."""
    if has_permission(user, f"{scope}.edit_any"):
        return True
    return has_permission(user, f"{scope}.write") and owner_id is not None and owner_id == user.id


def may_read_notes(user: Any, interaction: Any) -> bool:
    """The notes of a contact: everyone who reads contacts, unless they are marked sensitive (political opinions)."""
    return not getattr(interaction, "sensitive", False) or has_permission(user, "contacts.sensitive")


def can_manage_templates(user: Any) -> bool:
    """Administrators, and editors an administrator granted the template right."""
    if has_permission(user, "templates.manage"):
        return True
    return has_permission(user, "documents.generate") and bool(getattr(user, "template_editor", False))


def requires(permission: str) -> Callable[[F], F]:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")

    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, permission)
        return view

    return decorate


def public(view: F) -> F:
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def declared_rule(endpoint: str | None) -> str | None:
    if endpoint is None:
        return None
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTRIBUTE, None)


def enforce_declared_rule() -> Any:
    """before_request hook: apply the endpoint's declared rule (deny when none is declared)."""
    if request.endpoint is None:
        return None  # 404/405: let the error handler answer
    rule = declared_rule(request.endpoint)
    if rule is None:
        current_app.logger.error("Endpoint %s declares no access rule; refusing", request.endpoint)
        abort(403)
    if rule == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not has_permission(current_user, rule):
        refuse(rule)
    return None


def ensure(allowed: bool, permission: str | None = None, *, owner_may: bool = False) -> None:
    """Object-level check inside a view: 403 unless allowed. `permission`: what would have allowed it (for the
    error page: which roles may do this); `owner_may`: the record's own colleague may do it too."""
    if not allowed:
        refuse(permission, owner_may=owner_may)


# --- the object-level rules every door applies (web pages, API, CLI, importer): services call these ---------------


def check_edit(actor: Any, record: Any) -> None:
    """An editor changes an active record (archived ones are read-only until restored); 403 otherwise."""
    ensure(can_edit(actor, record))


def check_archive(actor: Any, record: Any) -> None:
    """Managers archive and restore any record; lobbyists the records they own; 403 otherwise."""
    ensure(can_archive(actor, record), "registry.archive", owner_may=True)


def check_edit_own(actor: Any, owner_id: int | None, scope: str) -> None:
    """`<scope>.edit_any`, or `<scope>.write` on what the actor owns (a contact they logged, a position recorded)."""
    ensure(can_edit_own(actor, owner_id, scope), f"{scope}.edit_any", owner_may=True)

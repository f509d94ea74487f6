"""Globals and filters available in every template."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import format_decimal, get_locale, gettext
from flask_login import current_user
from markupsafe import Markup, escape

from crm.audit.actors import actor_name
from crm.audit.lines import history_line
from crm.common.formatting import day, when
from crm.common.labels import action_label, entity_label, field_label, value_label
from crm.common.markdown import render_markdown, render_markdown_parts
from crm.common.time import utc_to_local
from crm.permissions import (
    ROLE_LABELS,
    Role,
    can_archive,
    can_edit,
    can_edit_own,
    can_manage_templates,
    has_permission,
    may_read_notes,
)


def current_path() -> str:
    """This page's path and query, for `next=` (without the bare "?" Flask adds when there is no query)."""
    return request.full_path.rstrip("?")


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (None removes one); used by sorting and paging."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def audit_value(value: Any, entity_type: str, field: str) -> Any:
    """A value from the audit trail as a user reads it: labels for codes, local dates for ISO strings, yes or no."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            return day(date.fromisoformat(value))
        if _ISO_DATETIME.match(value):
            return when(datetime.fromisoformat(value))
    return value_label(value, entity_type, field)


# Where a record of each audited type is shown; records that belong to another are shown on their parent's page.
ENTITY_ENDPOINTS = {
    "organisation": ("organisations.detail", "organisation_id"),
    "person": ("people.detail", "person_id"),
    "coalition": ("coalitions.detail", "coalition_id"),
    "dossier": ("dossiers.detail", "dossier_id"),
    "interaction": ("interactions.detail", "interaction_id"),
    "meeting": ("meetings.detail", "meeting_id"),
    "meetingseries": ("meetings.series.detail", "series_id"),
    "user": ("users.edit", "user_id"),
    "documenttemplate": ("document_templates.detail", "template_id"),
    "generateddocument": ("documents.detail", "document_id"),
    "jointletter": ("letters.detail", "letter_id"),
    "stakeholdermap": ("stakeholders.changes", "dossier_id"),  # the parent of stakeholder positions
}


def entity_url(event: Any) -> str | None:
    """The page of the record an audit event is about (its parent's page for positions and memberships)."""
    entity_type, entity_id = event.entity_type, event.entity_id
    if entity_type not in ENTITY_ENDPOINTS and event.parent_type:
        entity_type, entity_id = event.parent_type, event.parent_id
    if entity_type not in ENTITY_ENDPOINTS or (event.action == "delete" and entity_type == event.entity_type):
        return None
    endpoint, argument = ENTITY_ENDPOINTS[entity_type]
    if entity_type == "user" and not has_permission(current_user, "users.manage"):
        return None  # only administrators open a user's page; others would get "no access"
    return url_for(endpoint, **{argument: entity_id})


def history_sentence(event: Any, show_entity: bool = False) -> Markup:
    """One line of a history list. The record is named when the list mixes records (`show_entity`: the global log,
    recent changes) or when the event is about a part of the page's record (a position on a person's history);
    it is linked only where the list mixes records."""
    show_record = bool(show_entity or event.parent_type)
    return history_line(event, show_record=show_record, record_url=entity_url(event) if show_entity else None)


def local_date(value: datetime) -> date:
    """The calendar day a stored (UTC) moment falls on for the user: 23:30 UTC in summer is the next day here."""
    return utc_to_local(value, current_app.config["BABEL_DEFAULT_TIMEZONE"]).date()


def nl2br(value: str | None) -> Markup:
    if not value:
        return Markup("")
    return Markup("<br>\n").join(escape(line) for line in str(value).splitlines())


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        # A global, not only Flask-Login's context variable: macros imported without context (archived_banner)
        # read it too. Without it every archived record's page failed with a 500.
        current_user=current_user,
        get_locale=get_locale,
        has_permission=has_permission,
        can_edit=can_edit,
        can_archive=can_archive,
        can_edit_own=can_edit_own,
        may_read_notes=may_read_notes,
        can_manage_templates=can_manage_templates,
        url_with=url_with,
        current_path=current_path,
        entity_url=entity_url,
        history_sentence=history_sentence,
        actor_name=actor_name,
        ROLE_LABELS=ROLE_LABELS,
        ROLES=list(Role),
    )
    app.jinja_env.filters.update(
        markdown=render_markdown,
        day=day,
        markdown_parts=render_markdown_parts,
        when=when,
        local_date=local_date,
        nl2br=nl2br,
        entity_label=entity_label,
        action_label=action_label,
        field_label=field_label,
        audit_value=audit_value,
        number=format_decimal,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

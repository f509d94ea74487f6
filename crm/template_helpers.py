"""Globals and filters available in every template."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from flask_babel import format_decimal, get_locale
from markupsafe import Markup, escape

from crm.common.labels import action_label, entity_label, field_label, value_label
from crm.permissions import ROLE_LABELS, Role, can_archive, can_edit, has_permission


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (None removes one); used by sorting and paging."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def nl2br(value: str | None) -> Markup:
    if not value:
        return Markup("")
    return Markup("<br>\n").join(escape(line) for line in str(value).splitlines())


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        get_locale=get_locale,
        has_permission=has_permission,
        can_edit=can_edit,
        can_archive=can_archive,
        url_with=url_with,
        ROLE_LABELS=ROLE_LABELS,
        ROLES=list(Role),
    )
    app.jinja_env.filters.update(
        nl2br=nl2br,
        entity_label=entity_label,
        action_label=action_label,
        field_label=field_label,
        value_label=value_label,
        number=format_decimal,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

"""One line of history as a sentence: "Anna de Vries heeft functie Wethouder cultuur gewijzigd", or on the record's
own page "Gewijzigd door Anna de Vries". The actor is a name (crm/audit/actors.py), never a login."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from crm.audit.actors import actor_name
from crm.common.labels import action_label, entity_label

# "%(record)s" is the kind of record and its name ("functie Wethouder cultuur").
WITH_RECORD = {
    "create": _l("%(actor)s created %(record)s"),
    "update": _l("%(actor)s changed %(record)s"),
    "archive": _l("%(actor)s archived %(record)s"),
    "restore": _l("%(actor)s restored %(record)s"),
    "delete": _l("%(actor)s removed %(record)s"),
    "erase": _l("%(actor)s anonymised %(record)s"),
    "access_export": _l("%(actor)s exported %(record)s for an access request"),
}
# On the record's own history, where the record goes without saying.
ALONE = {
    "create": _l("Created by %(actor)s"),
    "update": _l("Changed by %(actor)s"),
    "archive": _l("Archived by %(actor)s"),
    "restore": _l("Restored by %(actor)s"),
    "delete": _l("Removed by %(actor)s"),
    "erase": _l("Anonymised by %(actor)s"),
    "access_export": _l("Exported for an access request by %(actor)s"),
}


def history_line(event: Any, *, show_record: bool, record_url: str | None = None) -> Markup:
    """The sentence for one audit event, escaped, with the actor in bold and the record linked when it has a page.
    `show_record`: name the record (the global log, recent changes, a record's parts on its history)."""
    actor = Markup("<strong>%s</strong>") % actor_name(event)
    if not show_record:
        sentence = ALONE.get(event.action)
        if sentence is None:
            return Markup("%s %s") % (actor, action_label(event.action))
        return escape(str(sentence)) % {"actor": actor}
    if record_url:
        name = Markup('<a href="%s">%s</a>') % (record_url, event.entity_label)
    else:
        name = Markup("<em>%s</em>") % event.entity_label
    record = Markup("%s %s") % (entity_label(event.entity_type).lower(), name)
    sentence = WITH_RECORD.get(event.action)
    if sentence is None:
        return Markup("%s %s %s") % (actor, action_label(event.action), record)
    return escape(str(sentence)) % {"actor": actor, "record": record}

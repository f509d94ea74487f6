"""The events a webhook may subscribe to: the name a receiver sees in `Bondgenoot-Event`, and its label."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

EVENTS = {
    "contact.logged": _l("Contact logged"),
    "letter.signed": _l("Letter signed by a partner"),
    "letter.sent": _l("Letter sent"),
    "stakeholder_position.changed": _l("Stakeholder position changed"),
    "person.created": _l("Person created"),
    "person.merged": _l("Person merged"),
}

"""Who made a change, as a reader says it: a colleague by name, work without a signed-in user by what did it.

The trail stores the actor's id and a label written at the time: the colleague's login, `system` (background work,
signing links), `seed-demo` or `cli:<command>`. The name is read from the user where there still is one.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

AUTOMATIC = _l("Bondgenoot (automatic)")
NAMED_ACTORS = {
    "system": AUTOMATIC,
    "seed-demo": _l("Bondgenoot (demo data)"),
}
COMMAND_PREFIX = "cli:"


def label_name(label: str | None) -> str:
    """A stored actor label as a reader says it (no user behind it, or the user is gone)."""
    label = (label or "").strip()
    if not label:
        return str(AUTOMATIC)
    if label in NAMED_ACTORS:
        return str(NAMED_ACTORS[label])
    if label.startswith(COMMAND_PREFIX):
        return _("Bondgenoot (command %(command)s)", command=f"flask crm {label.removeprefix(COMMAND_PREFIX)}")
    return label


def actor_name(event: Any) -> str:
    """The display name of whoever made an audited change: the user's name, else what the label says."""
    user = getattr(event, "actor", None)
    if user is not None and (user.name or "").strip():
        return user.name
    return label_name(event.actor_label)

"""Letter history lines in the reader's language, and no approved letter whose text changed since its approval.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08

1. `letter_events` gets `message` (a key) and `params` (JSON): what the application says is worded when shown, in
   the reader's language, instead of stored as words in the language of whoever made the change. Existing lines
   written by the application (in English or in Dutch) are read back into a key and its parameters; a person's own
   words (a reason to withdraw, why a partner declines) stay in `detail` as written; a line that cannot be read keeps
   its words in `detail` and is shown as it was.
2. A letter approved (or collecting signatures) whose text changed after the approval goes back to review, with a
   history line saying so, as the application now does at the moment of the change: only the approved text is sent.

The downgrade writes the lines back as Dutch words and drops the columns; the letters stay in review.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

events = sa.table(
    "letter_events",
    sa.column("id", sa.Integer),
    sa.column("letter_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("from_status", sa.String),
    sa.column("to_status", sa.String),
    sa.column("message", sa.String),
    sa.column("params", sa.JSON),
    sa.column("detail", sa.Text),
    sa.column("actor_label", sa.String),
    sa.column("created_at", sa.DateTime),
)
letters = sa.table(
    "joint_letters",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("current_version", sa.Integer),
    sa.column("approved_version", sa.Integer),
    sa.column("version_id", sa.Integer),
    sa.column("updated_at", sa.DateTime),
)

# The words the application wrote before this revision, in English (the msgids) and in Dutch (the catalogue).
SIGNATORY_STATUSES = {"Invited": "invited", "Agreed": "agreed", "Signed": "signed", "Declined": "declined",
                      "Uitgenodigd": "invited", "Akkoord": "agreed", "Ondertekend": "signed",
                      "Afgezien": "declined"}  # fmt: skip
CHANNELS = {"Email": "email", "Post": "post", "Handed over": "hand", "Online portal": "portal", "E-mail": "email",
            "Overhandigd": "hand", "Online portaal": "portal"}  # fmt: skip
NAMED = [
    ("link", "link_made",
     re.compile(r"^(?:Signing link made for|Ondertekeningslink gemaakt voor) (?P<name>.+)$", re.S)),
    ("link", "link_revoked",
     re.compile(r"^(?:Signing link revoked for|Ondertekeningslink ingetrokken voor) (?P<name>.+)$", re.S)),
    ("signatory", "signatories_added", re.compile(r"^(?:Added|Toegevoegd): (?P<names>.+)$", re.S)),
    ("signatory", "signatory_removed", re.compile(r"^(?:Removed|Verwijderd): (?P<name>.+)$", re.S)),
    ("version", "restored", re.compile(r"^(?:Restored from version|Teruggezet van versie) (?P<number>\d+)$")),
]  # fmt: skip
SIGNATORY_STATUS = re.compile(r"^(?P<name>.+?): (?P<status>" + "|".join(map(re.escape, SIGNATORY_STATUSES))
                              + r")(?: – (?P<rest>.*))?$", re.S)  # fmt: skip
RECONFIRMED = re.compile(r"^(?:re-confirmed version (?P<a>\d+)|versie (?P<b>\d+) opnieuw bevestigd)$")


def read_line(kind: str, to_status: str | None, detail: str) -> tuple[str, dict, str | None] | None:
    """(message, params, what a person wrote) for a line the application wrote; None for anything else."""
    for line_kind, message, pattern in NAMED:
        found = pattern.match(detail) if kind == line_kind else None
        if found:
            params = {k: int(v) if k == "number" else v for k, v in found.groupdict().items()}
            return message, params, None
    if kind == "signatory" and (found := SIGNATORY_STATUS.match(detail)):
        params = {"name": found["name"], "status": SIGNATORY_STATUSES[found["status"]]}
        rest = found["rest"]
        if rest and (again := RECONFIRMED.match(rest)):
            return "signatory_reconfirmed", {**params, "number": int(again["a"] or again["b"])}, None
        return "signatory_status", params, rest or None
    if kind == "status" and to_status == "sent" and detail in CHANNELS:
        return "sent_by", {"channel": CHANNELS[detail]}, None
    return None


def upgrade():
    with op.batch_alter_table("letter_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events.c.id, events.c.kind, events.c.to_status, events.c.detail).where(events.c.detail.is_not(None))
    ).all()
    for row in rows:
        read = read_line(row.kind, row.to_status, row.detail)
        if read is not None:
            message, params, detail = read
            connection.execute(
                events.update().where(events.c.id == row.id).values(message=message, params=params, detail=detail)
            )
    _back_to_review(connection)


def _back_to_review(connection) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    changed = connection.execute(
        sa.select(letters.c.id, letters.c.status, letters.c.current_version, letters.c.approved_version).where(
            letters.c.status.in_(("approved", "signing")),
            sa.or_(letters.c.approved_version.is_(None), letters.c.approved_version != letters.c.current_version),
        )
    ).all()
    for letter in changed:
        old = letter.approved_version or max(letter.current_version - 1, 1)
        connection.execute(
            events.insert().values(
                letter_id=letter.id, kind="status", from_status=letter.status, to_status="review",
                message="text_changed_after_approval", params={"old": old, "new": letter.current_version},
                actor_label="Bondgenoot", created_at=now,
            )
        )  # fmt: skip
        connection.execute(
            letters.update()
            .where(letters.c.id == letter.id)
            .values(status="review", approved_version=None, version_id=letters.c.version_id + 1, updated_at=now)
        )


# The downgrade writes the lines back in Dutch, the application's default language.
DUTCH = {
    "restored": "Teruggezet van versie {number}",
    "text_changed_after_approval": "tekst gewijzigd na goedkeuring (versie {old} → {new})",
    "signatories_added": "Toegevoegd: {names}",
    "signatory_removed": "Verwijderd: {name}",
    "signatory_status": "{name}: {status}",
    "signatory_reconfirmed": "{name}: {status} – versie {number} opnieuw bevestigd",
    "link_made": "Ondertekeningslink gemaakt voor {name}",
    "link_revoked": "Ondertekeningslink ingetrokken voor {name}",
    "sent_by": "{channel}",
}
DUTCH_VALUES = {
    "status": {"invited": "Uitgenodigd", "agreed": "Akkoord", "signed": "Ondertekend", "declined": "Afgezien"},
    "channel": {"email": "E-mail", "post": "Post", "hand": "Overhandigd", "portal": "Online portaal"},
}


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events.c.id, events.c.message, events.c.params, events.c.detail).where(events.c.message.is_not(None))
    ).all()
    for row in rows:
        params = {k: DUTCH_VALUES.get(k, {}).get(v, v) for k, v in (row.params or {}).items()}
        try:
            words = DUTCH[row.message].format(**params)
        except (KeyError, IndexError):
            words = ""
        detail = " – ".join(part for part in (words, row.detail) if part) or None
        connection.execute(events.update().where(events.c.id == row.id).values(detail=detail))
    with op.batch_alter_table("letter_events", schema=None) as batch_op:
        batch_op.drop_column("params")
        batch_op.drop_column("message")

"""Writes for the contact log. Views, the CLI and the meetings domain use these; they flush, callers commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.locking import flush_or_conflict, locked_change
from crm.common.services import created, without_autoflush
from crm.common.time import utcnow
from crm.extensions import db
from crm.interactions import queries
from crm.interactions.models import Interaction, InteractionKind
from crm.notifications import events as notification_events
from crm.permissions import check_edit_own, may_act
from crm.webhooks import services as webhooks

WHO_REQUIRED = _l("Choose at least one person or organisation you were in contact with.")
# A quick log sent again (the back button, a second tab) repeats a contact logged moments before: same author, kind,
# subject, people and organisations, at nearly the same time.
SAME_CONTACT_WINDOW = timedelta(minutes=15)


class PossibleDuplicate(ServiceError):
    """This contact was logged already; `existing` is the one. Log it anyway with `allow_duplicate=True`."""

    def __init__(self, existing: Interaction):
        super().__init__(
            _l(
                "You already logged this contact: same kind, subject, people and organisations, at nearly the same "
                "time. Confirm that it is another contact to log it anyway."
            )
        )
        self.existing = existing


@dataclass
class InteractionInput:
    kind: str
    subject: str
    occurred_at: datetime | None = None
    notes: str | None = None
    sensitive: bool = False  # the notes may reveal political opinions
    location: str | None = None
    person_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    dossier_ids: list[int] = field(default_factory=list)
    coalition_id: int | None = None
    follow_up: str | None = None
    follow_up_owner_id: int | None = None
    follow_up_due: date | None = None


def _usable(record) -> bool:
    return not getattr(record, "is_archived", False) and getattr(record, "active", True)


def _resolve(ids: list[int], loader, field_name: str, message, *, strict: bool = True) -> list:
    """The records for these ids. Strict: refuse ids that do not exist or are archived; else leave them out."""
    found = loader(ids)
    usable = [found[i] for i in ids if i in found and _usable(found[i])]
    if strict and len(usable) != len(ids):
        raise ServiceError(message, field=field_name)
    return usable


def _ensure_they_act(users: list[User], already: set[int]) -> None:
    """Who of us took part did the lobbying: not a read-only colleague (unless they were on the contact already)."""
    for user in users:
        if not may_act(user) and user.id not in already:
            message = _l("%(name)s can only read in Bondgenoot and cannot be recorded as taking part; choose again.",
                         name=user.name)  # fmt: skip
            raise ServiceError(message, field="user_ids")


@without_autoflush
def _apply(interaction: Interaction, data: InteractionInput, *, strict: bool = True) -> None:
    if not data.subject or not data.subject.strip():
        raise ServiceError(_l("Enter a subject."), field="subject")
    if (data.follow_up_owner_id or data.follow_up_due) and not data.follow_up:
        raise ServiceError(_l("Describe the follow-up, or leave its owner and due date empty."), field="follow_up")
    people = _resolve(
        data.person_ids,
        queries.people_by_ids,
        "person_ids",
        _l("One of the people no longer exists or is archived; choose again."),
        strict=strict,
    )
    organisations = _resolve(
        data.organisation_ids,
        queries.organisations_by_ids,
        "organisation_ids",
        _l("One of the organisations no longer exists or is archived; choose again."),
        strict=strict,
    )
    if not people and not organisations:
        raise ServiceError(WHO_REQUIRED, field="person_ids")
    users = _resolve(
        data.user_ids,
        queries.users_by_ids,
        "user_ids",
        _l("One of the colleagues is not an active user; choose again."),
        strict=strict,
    )
    if strict:  # a held meeting's contact (not strict) lists every colleague who attended, read-only ones too
        _ensure_they_act(users, {user.id for user in interaction.users})
    dossiers = _resolve(
        data.dossier_ids,
        queries.dossiers_by_ids,
        "dossier_ids",
        _l("One of the dossiers no longer exists or is archived; choose again."),
        strict=strict,
    )
    coalition = None
    if data.coalition_id:
        found = _resolve(
            [data.coalition_id],
            queries.coalitions_by_ids,
            "coalition_id",
            _l("This coalition no longer exists or is archived."),
            strict=strict,
        )
        coalition = found[0] if found else None
    owner = None
    if data.follow_up_owner_id:
        (owner,) = _resolve(
            [data.follow_up_owner_id],
            queries.users_by_ids,
            "follow_up_owner_id",
            _l("Choose an active user for the follow-up."),
        )
        if not may_act(owner) and owner.id != interaction.follow_up_owner_id:
            message = _l("%(name)s can only read in Bondgenoot and cannot do the follow-up; choose someone else.",
                         name=owner.name)  # fmt: skip
            raise ServiceError(message, field="follow_up_owner_id")
    # The organisations of the people involved are involved too: their timelines show the contact.
    for person in people:
        for affiliation in queries.current_positions(person.id):
            if affiliation.organisation not in organisations and not affiliation.organisation.is_archived:
                organisations.append(affiliation.organisation)
    interaction.kind = InteractionKind(data.kind).value
    interaction.subject = data.subject.strip()
    interaction.occurred_at = data.occurred_at or interaction.occurred_at or utcnow()
    interaction.notes = data.notes
    interaction.sensitive = bool(data.sensitive)
    interaction.location = (data.location or "").strip() or None
    interaction.people = people
    interaction.organisations = organisations
    interaction.users = users
    interaction.dossiers = dossiers
    interaction.coalition = coalition
    interaction.follow_up = data.follow_up
    interaction.follow_up_owner = owner if data.follow_up else None
    interaction.follow_up_due = data.follow_up_due if data.follow_up else None


def log_interaction(data: InteractionInput, *, author: User | None, allow_duplicate: bool = False) -> Interaction:
    """A new contact. One that repeats a contact the same author logged moments before (a form sent again) raises
    PossibleDuplicate, unless `allow_duplicate` (the user confirmed it is another contact, or the caller makes
    contacts of its own, such as a mail merge)."""
    interaction = Interaction(created_by=author)
    with db.session.no_autoflush:
        _apply(interaction, data)
        if not allow_duplicate and author is not None and (existing := _same_contact(interaction, author)):
            raise PossibleDuplicate(existing)
    db.session.add(interaction)
    db.session.flush()
    notification_events.contact_logged(interaction)
    webhooks.emit("contact.logged", {"contact_id": interaction.id, "kind": interaction.kind,
                                     "subject": interaction.subject, "occurred_at": interaction.occurred_at,
                                     "person_ids": [p.id for p in interaction.people],
                                     "organisation_ids": [o.id for o in interaction.organisations]})  # fmt: skip
    return interaction


def _same_contact(interaction: Interaction, author: User) -> Interaction | None:
    people, organisations = {p.id for p in interaction.people}, {o.id for o in interaction.organisations}
    candidates = queries.same_contact_logged(
        author.id, interaction.kind, interaction.subject, interaction.occurred_at, SAME_CONTACT_WINDOW
    )
    for candidate in candidates:
        if {p.id for p in candidate.people} == people and {o.id for o in candidate.organisations} == organisations:
            return candidate
    return None


def check_may_edit(actor, interaction: Interaction) -> None:
    """Managers edit any contact, editors the contacts they logged (one rule for every door; None: the system)."""
    if actor is not None:
        check_edit_own(actor, interaction.created_by_id, "contacts")


def check_may_close_follow_up(actor, interaction: Interaction) -> None:
    """The follow-up's owner, or whoever may edit the contact, marks it done (None: the system)."""
    if actor is not None and interaction.follow_up_owner_id != actor.id:
        check_edit_own(actor, interaction.created_by_id, "contacts")


def update_interaction(interaction: Interaction, data: InteractionInput, expected_version: int | None, *,
                       actor=None) -> None:  # fmt: skip
    check_may_edit(actor, interaction)
    locked_change(interaction, expected_version, lambda: _apply(interaction, data))


def set_follow_up_done(interaction: Interaction, done: bool, *, actor=None) -> None:
    check_may_close_follow_up(actor, interaction)
    if not interaction.follow_up:
        raise ServiceError(_l("This contact has no follow-up."))
    interaction.follow_up_done_at = utcnow() if done else None
    flush_or_conflict(interaction)


def delete_interaction(interaction: Interaction, *, actor=None) -> None:
    """A contact logged by mistake; the audit trail keeps what it was."""
    check_may_edit(actor, interaction)
    db.session.delete(interaction)
    db.session.flush()


def sync_meeting_contact(
    interaction: Interaction | None,
    *,
    occurred_at: datetime,
    subject: str,
    notes: str | None,
    person_ids: list[int],
    organisation_ids: list[int],
    user_ids: list[int],
    dossier_ids: list[int],
    coalition_id: int | None,
    author: User | None,
) -> Interaction | None:
    """The contact log entry that stands for a held meeting: created once, updated on every later change.

    Returns None (and removes an earlier entry) when the meeting has no external attendees any more.
    """
    if not person_ids and not organisation_ids:
        if interaction is not None:
            delete_interaction(interaction)
        return None
    data = InteractionInput(
        kind=InteractionKind.MEETING.value,
        subject=subject,
        occurred_at=occurred_at,
        notes=notes,
        person_ids=person_ids,
        organisation_ids=organisation_ids,
        user_ids=user_ids,
        dossier_ids=dossier_ids,
        coalition_id=coalition_id,
    )
    if interaction is None:
        return created(Interaction(created_by=author), partial(_apply, strict=False), data)
    data.follow_up, data.follow_up_owner_id, data.follow_up_due, data.location, data.sensitive = (
        interaction.follow_up,
        interaction.follow_up_owner_id,
        interaction.follow_up_due,
        interaction.location,
        interaction.sensitive,
    )
    _apply(interaction, data, strict=False)
    db.session.flush()
    return interaction

"""Where things happen, the domains call one of these; each decides who should know and raises the notifications.

Who is told, and why:
- a contact logged: the relationship owners of its people and organisations ("contact_logged"; an owner follows
  what they own without a row of their own), and whoever follows one of its organisations, dossiers or its
  coalition ("followed_contact"; owners already told are not told twice);
- new Kamer items matched by a dossier's watch rules: whoever follows the dossier ("parliament_items"; one
  notification per dossier per matching run, crm/watch/announcing.py);
- a debate preparation a colleague sent: each colleague chosen ("preparation_shared", with the sender's message);
- an action item's new owner; the colleague who drafted a letter (its lead) when it is approved or sent back to
  draft, when a partner signs or declines, and when signatures must be confirmed again after a text change.
The colleague who did it is never told (raise_notification leaves out the actor). Titles carry subjects and names,
never a contact's notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import or_, select

from crm.auth.models import User
from crm.extensions import db
from crm.notifications.kinds import Kind
from crm.notifications.models import Follow, FollowTarget
from crm.notifications.services import raise_notification

if TYPE_CHECKING:
    from crm.documents.models import GeneratedDocument
    from crm.interactions.models import Interaction
    from crm.letters.models import JointLetter, Signatory
    from crm.meetings.models import ActionItem


def path_for(endpoint: str, **values) -> str:
    """A path inside the app, also outside a request (a task worker has none)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _actor_name(user: User | None) -> str:
    return user.name if user is not None else "Bondgenoot"


def contact_logged(interaction: Interaction) -> None:
    actor = interaction.created_by
    url = path_for("interactions.detail", interaction_id=interaction.id)
    record = ("interaction", interaction.id)
    told: set[int] = set()
    for subject in [*interaction.people, *interaction.organisations]:
        owner = subject.owner
        if owner is None or owner.id in told:
            continue
        told.add(owner.id)
        raise_notification(
            owner,
            Kind.CONTACT_LOGGED,
            "contact_logged",
            key=f"interaction:{interaction.id}",
            params={"actor": _actor_name(actor), "name": str(subject), "subject": interaction.subject},
            url=url,
            record=record,
        )
    targets = [(FollowTarget.ORGANISATION.value, o.id, o.name) for o in interaction.organisations]
    targets += [(FollowTarget.DOSSIER.value, d.id, d.title) for d in interaction.dossiers]
    if interaction.coalition is not None:
        targets.append((FollowTarget.COALITION.value, interaction.coalition.id, interaction.coalition.name))
    if not targets:
        return
    names = {(kind, target_id): name for kind, target_id, name in targets}
    rows = db.session.execute(
        select(Follow.user_id, Follow.target_type, Follow.target_id)
        .where(or_(*[(Follow.target_type == kind) & (Follow.target_id == target_id) for kind, target_id, _ in targets]))
        .order_by(Follow.id)
    ).all()
    followers: dict[int, str] = {}
    for user_id, kind, target_id in rows:
        followers.setdefault(user_id, names[(kind, target_id)])
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(followers))))}
    for user_id, name in followers.items():
        if user_id in told:
            continue
        raise_notification(
            users.get(user_id),
            Kind.FOLLOWED_CONTACT,
            "followed_contact",
            key=f"interaction:{interaction.id}",
            params={"name": name, "subject": interaction.subject},
            url=url,
            record=record,
        )


TITLES_SHOWN = 3  # the first titles of the new items, in a notification about a dossier's new Kamer items
TITLE_LENGTH = 90


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


def parliament_items(dossier_id: int, dossier_title: str, titles: list[str], key: str) -> int:
    """New Kamer items on a dossier: one notification to each follower, with how many and the first titles, linking
    to the dossier's "In de Kamer". `key` names the set of items, so the same items are never announced twice.
    Returns how many were raised."""
    followers = db.session.scalars(
        select(User)
        .join(Follow, Follow.user_id == User.id)
        .where(Follow.target_type == FollowTarget.DOSSIER.value, Follow.target_id == dossier_id)
        .order_by(User.id)
    ).all()
    if not followers:
        return 0
    shown = "; ".join(_shortened(t) for t in titles[:TITLES_SHOWN]) + ("; …" if len(titles) > TITLES_SHOWN else "")
    message = "parliament_item_new" if len(titles) == 1 else "parliament_items_new"
    url = path_for("dossiers.detail", dossier_id=dossier_id) + "#kamer-heading"
    raised = 0
    for user in followers:
        notification = raise_notification(
            user,
            Kind.PARLIAMENT_ITEMS,
            message,
            key=f"dossier:{dossier_id}:kamer:{key}",
            params={"name": dossier_title, "count": len(titles), "titles": shown},
            url=url,
            record=("dossier", dossier_id),
        )
        raised += notification is not None
    return raised


def preparation_shared(document: GeneratedDocument, recipients: list[User], sender: User, note: str = "") -> int:
    """A debate preparation sent to colleagues: one notification each (by e-mail unless they chose otherwise), linking
    to the document, keyed by document and recipient so a replay or a retried job tells nobody twice. The sender is
    never told. Returns how many were raised."""
    url = path_for("documents.detail", document_id=document.id)
    raised = 0
    for user in recipients:
        if user.id == sender.id:
            continue
        notification = raise_notification(
            user,
            Kind.PREPARATION_SHARED,
            "preparation_shared",
            key=f"document:{document.id}",
            params={"actor": _actor_name(sender), "subject": document.title, "note": note},
            url=url,
            record=("document", document.id),
        )
        raised += notification is not None
    return raised


def action_assigned(item: ActionItem, previous_owner_id: int | None) -> None:
    owner = item.owner_user
    if owner is None or owner.id == previous_owner_id:
        return
    actor_id = _current_actor_id()
    actor = db.session.get(User, actor_id) if actor_id else None
    raise_notification(
        owner,
        Kind.ACTION_ASSIGNED,
        "action_assigned",
        key=f"action:{item.id}",
        params={"actor": _actor_name(actor), "subject": item.description},
        url=path_for("meetings.detail", meeting_id=item.meeting_id) + "#action-items",
        record=("action_item", item.id),
    )


def letter_status_changed(letter: JointLetter, target: str, event_id: int | str) -> None:
    message = {"approved": "letter_approved", "draft": "letter_to_draft"}.get(str(target))
    if message is None:
        return
    raise_notification(
        letter.created_by,
        Kind.LETTER_STATUS,
        message,
        key=f"letter:{letter.id}:event:{event_id}",
        params={"subject": letter.title},
        url=path_for("letters.detail", letter_id=letter.id),
        record=("letter", letter.id),
    )


def signatory_changed(signatory: Signatory, status: str) -> None:
    letter = signatory.letter
    message = {"signed": "signatory_signed", "declined": "signatory_declined"}.get(str(status))
    if message is None:
        return
    moment = signatory.signed_at if message == "signatory_signed" else signatory.declined_at
    raise_notification(
        letter.created_by,
        Kind.SIGNATORY_CHANGED,
        message,
        key=f"signatory:{signatory.id}:{message}:{letter.current_version}:{moment}",
        params={"organisation": signatory.organisation.name, "subject": letter.title},
        url=path_for("letters.detail", letter_id=letter.id),
        record=("letter", letter.id),
    )


def signatures_to_confirm(letter: JointLetter) -> None:
    """A new text after partners signed: their signatures must be confirmed for it."""
    from crm.letters.models import Signatory

    signatories = db.session.scalars(select(Signatory).where(Signatory.letter_id == letter.id)).all()
    stale = [s for s in signatories if s.signed_sha256 and s.signed_sha256 != letter.current_sha256]
    if not stale:
        return
    raise_notification(
        letter.created_by,
        Kind.SIGNATORY_CHANGED,
        "signatory_reconfirm",
        key=f"letter:{letter.id}:reconfirm:{letter.current_version}",
        params={"organisation": ", ".join(sorted(s.organisation.name for s in stale)), "subject": letter.title},
        url=path_for("letters.detail", letter_id=letter.id),
        record=("letter", letter.id),
    )


def _current_actor_id() -> int | None:
    from crm.audit.context import current_actor

    return current_actor()[0]

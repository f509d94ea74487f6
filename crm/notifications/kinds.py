"""The kinds of notification, what each says, and how each reaches a user unless they chose otherwise.

A kind's title is an English msgid with named parameters, translated when it is shown (in the reader's language),
so a notification row stores the parameters, never a sentence in one language.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from crm.common.choices import LabelledEnum
from crm.common.formatting import day


class Channel(LabelledEnum):
    EMAIL = "email", _l("Immediately by e-mail")  # in the app, and an e-mail at once
    DIGEST = "digest", _l("In the daily digest")  # in the app, and in the daily digest
    APP = "app", _l("In the app only")  # in the app only
    OFF = "off", _l("Off")  # not at all


CHANNEL_LABELS = Channel.labels()


class Kind(StrEnum):
    ITEM_DUE = "item_due"
    SIGNATURE_DEADLINE = "signature_deadline"
    SIGNATORY_CHANGED = "signatory_changed"
    MEETING_BRIEFING = "meeting_briefing"
    CONTACT_LOGGED = "contact_logged"
    FOLLOWED_CONTACT = "followed_contact"
    LETTER_STATUS = "letter_status"
    ACTION_ASSIGNED = "action_assigned"
    PARLIAMENT_ITEMS = "parliament_items"
    WEEKLY_DIGEST = "weekly_digest"  # directors: what moved in the week (e-mail or off)
    EMAIL_UNMATCHED = "email_unmatched"  # mail sent to my own address names nobody in the registry
    PREPARATION_SHARED = "preparation_shared"  # a colleague sent me a debate preparation ("debatvoorbereiding gedeeld")


@dataclass(frozen=True)
class KindInfo:
    label: Any  # on the settings page and the filter
    default: Channel


KINDS: dict[Kind, KindInfo] = {
    Kind.ITEM_DUE: KindInfo(_l("A follow-up or action item of mine is due today or overdue"), Channel.DIGEST),
    Kind.SIGNATURE_DEADLINE: KindInfo(_l("The signature deadline of a letter I lead is in 3 days"), Channel.EMAIL),
    Kind.SIGNATORY_CHANGED: KindInfo(
        _l("A partner signed or declined a letter I lead, or must confirm again"), Channel.APP
    ),
    Kind.MEETING_BRIEFING: KindInfo(_l("Briefing for a meeting I organise or attend tomorrow"), Channel.EMAIL),
    Kind.CONTACT_LOGGED: KindInfo(
        _l("A colleague logged a contact with someone whose relationship I own"), Channel.DIGEST
    ),
    Kind.FOLLOWED_CONTACT: KindInfo(_l("A new contact on a dossier, coalition or organisation I follow"), Channel.APP),
    Kind.LETTER_STATUS: KindInfo(_l("A letter of mine was approved or sent back to draft"), Channel.EMAIL),
    Kind.ACTION_ASSIGNED: KindInfo(_l("I was made owner of an action item"), Channel.EMAIL),
    Kind.PARLIAMENT_ITEMS: KindInfo(_l("New parliamentary items on a dossier I follow"), Channel.DIGEST),
    Kind.WEEKLY_DIGEST: KindInfo(_l("The weekly digest for directors (e-mail on Monday)"), Channel.EMAIL),
    Kind.EMAIL_UNMATCHED: KindInfo(
        _l("An e-mail I forwarded or BCC'd names nobody in the registry: choose who it was with"), Channel.APP
    ),
    Kind.PREPARATION_SHARED: KindInfo(_l("A colleague shared a debate preparation with me"), Channel.EMAIL),
}
# Kinds that are not single notifications: only "by e-mail" or "off" make sense for them.
DIGEST_ONLY = frozenset({Kind.WEEKLY_DIGEST})

# What a notification says: (kind, message) → an English msgid with the row's parameters.
MESSAGES: dict[str, Any] = {
    "follow_up_due": _l("Follow-up due today: %(subject)s"),
    "follow_up_overdue": _l("Follow-up overdue since %(due)s: %(subject)s"),
    "action_due": _l("Action item due today: %(subject)s"),
    "action_overdue": _l("Action item overdue since %(due)s: %(subject)s"),
    "signature_deadline": _l("Signature deadline in 3 days for “%(subject)s”; not yet signed: %(missing)s"),
    "signatory_signed": _l("%(organisation)s signed “%(subject)s”"),
    "signatory_declined": _l("%(organisation)s declined to sign “%(subject)s”"),
    "signatory_reconfirm": _l("%(organisation)s must confirm “%(subject)s” again after a text change"),
    "meeting_briefing": _l("Briefing for tomorrow's meeting: %(subject)s"),
    "contact_logged": _l("%(actor)s logged a contact with %(name)s: %(subject)s"),
    "followed_contact": _l("New contact on %(name)s, which you follow: %(subject)s"),
    "letter_approved": _l("Your letter “%(subject)s” was approved"),
    "letter_to_draft": _l("Your letter “%(subject)s” was sent back to draft"),
    "action_assigned": _l("%(actor)s made you owner of an action item: %(subject)s"),
    "parliament_items": _l("New parliamentary items on %(name)s"),
    "email_unmatched": _l("Choose who your e-mail “%(subject)s” was with: nobody on it is in the registry"),
    "parliament_item_new": _l("New in the Kamer on %(name)s: %(titles)s"),
    "parliament_items_new": _l("%(count)s new items in the Kamer on %(name)s: %(titles)s"),
    "preparation_shared": _l("%(actor)s shared the debate preparation “%(subject)s” with you"),
}


def kind_label(kind: str) -> str:
    info = KINDS.get(kind)  # type: ignore[call-overload]
    return str(info.label) if info else kind


def title(message: str, params: dict[str, Any] | None) -> str:
    """The notification's sentence in the current language; a parameter that is missing never breaks a page."""
    template = MESSAGES.get(message)
    if template is None:
        return message
    values = dict(params or {})
    if isinstance(values.get("due"), str):  # stored as an ISO date: shown as the reader writes dates
        with suppress(ValueError):
            values["due"] = day(date.fromisoformat(values["due"]))
    try:
        return str(template) % values
    except (KeyError, ValueError, TypeError):
        return str(template)

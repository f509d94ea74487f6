"""Writes users make on a dossier's watch: add or remove a rule, dismiss a false match or take it back. They flush;
the view commits once. Adding a rule matches it at once, so the dossier shows what it found on the next page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from crm.auth.models import User
from crm.coalitions.models import Dossier
from crm.common.errors import ServiceError
from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import KamerActivity, KamerCase, KamerCommitment
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Organisation
from crm.watch.matching import match_rules
from crm.watch.models import ItemKind, RuleKind, WatchDismissal, WatchMatch, WatchRule
from crm.watch.rules import parse_kamerstuk, parse_keyword

MAX_RULES = 30


def _committee(organisation_id: int | None) -> Organisation:
    committee = db.session.get(Organisation, organisation_id) if organisation_id else None
    if (
        committee is None
        or committee.source != SOURCE
        or not committee.source_id
        or committee.kind not in (OrganisationKind.COMMITTEE.value, OrganisationKind.PARLIAMENT.value)
    ):
        raise ServiceError(_l("Choose one of the Kamer's committees."), field="committee_id")
    return committee


def add_rule(dossier: Dossier, kind: str, *, text: str | None, committee_id: int | None, user: User) -> WatchRule:
    if dossier.is_archived:
        raise ServiceError(_l("This dossier is archived; restore it to change what it watches."))
    if kind == RuleKind.KAMERSTUK:
        kamerstuk = parse_kamerstuk(text)
        value, label = kamerstuk.key, kamerstuk.label
    elif kind == RuleKind.COMMITTEE:
        committee = _committee(committee_id)
        value, label = committee.source_id.lower(), committee.name
    elif kind == RuleKind.KEYWORD:
        value, label = parse_keyword(text)
    else:
        raise ServiceError(_l("Choose what to watch."), field="kind")
    existing = db.session.scalars(select(WatchRule).where(WatchRule.dossier_id == dossier.id)).all()
    if any(rule.kind == kind and rule.value == value for rule in existing):
        raise ServiceError(_l("This dossier watches %(label)s already.", label=label), field="value")
    if len(existing) >= MAX_RULES:
        raise ServiceError(_l("A dossier watches at most %(count)s things.", count=MAX_RULES))
    rule = WatchRule(dossier_id=dossier.id, kind=kind, value=value, label=label[:300], created_by=user)
    db.session.add(rule)
    db.session.flush()
    match_rules([rule])
    return rule


def remove_rule(rule: WatchRule) -> None:
    """The rule and what it found go; dismissals stay (they are about the item, not the rule)."""
    db.session.execute(delete(WatchMatch).where(WatchMatch.rule_id == rule.id))
    db.session.delete(rule)
    db.session.flush()


def _item_label(kind: str, item_id: str) -> str | None:
    """What the item is called, or None when it is not a Kamer item we keep."""
    model, column = {
        ItemKind.CASE.value: (KamerCase, KamerCase.subject),
        ItemKind.ACTIVITY.value: (KamerActivity, KamerActivity.subject),
        ItemKind.COMMITMENT.value: (KamerCommitment, KamerCommitment.text),
    }[kind]
    found = db.session.execute(select(column).where(model.id == item_id)).first()
    return None if found is None else (found[0] or item_id)


def dismiss(dossier: Dossier, kind: str, item_id: str, user: User) -> WatchDismissal:
    """Set a match aside for this dossier. Only an item one of its rules found can be dismissed; twice is once."""
    if kind not in {k.value for k in ItemKind}:
        raise ServiceError(_l("This item is not on the dossier."))
    item_id = (item_id or "").strip().lower()[:36]
    matched = db.session.scalar(
        select(WatchMatch.id)
        .where(WatchMatch.dossier_id == dossier.id, WatchMatch.item_kind == kind, WatchMatch.item_id == item_id)
        .limit(1)
    )
    if matched is None:
        raise ServiceError(_l("This item is not on the dossier."))
    existing = db.session.scalar(
        select(WatchDismissal).where(
            WatchDismissal.dossier_id == dossier.id, WatchDismissal.item_kind == kind, WatchDismissal.item_id == item_id
        )
    )
    if existing is not None:
        return existing
    label = (_item_label(kind, item_id) or item_id)[:300]
    dismissal = WatchDismissal(dossier_id=dossier.id, item_kind=kind, item_id=item_id, label=label,
                               dismissed_by=user)  # fmt: skip
    db.session.add(dismissal)
    db.session.flush()
    return dismissal


def undo_dismissal(dismissal: WatchDismissal) -> None:
    db.session.delete(dismissal)
    db.session.flush()

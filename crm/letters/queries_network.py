"""The letters' part of the dashboard's network: organisations that co-signed the same letter.

A letter joins the organisations that signed it (signatory status "signed") and its lead organisation; a withdrawn
letter joins nobody. In a period, a letter counts when it was made or sent in it (as on the dashboard)."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, and_, exists, or_, select, union_all

from crm.common.pairs import NetworkScope, Participants, among, link_counts, pair_counts
from crm.letters.models import JointLetter, LetterStatus, Signatory, SignatoryStatus, letter_dossiers

NAME = "letter"


def _letters(scope: NetworkScope) -> list:
    conditions = [JointLetter.status != LetterStatus.WITHDRAWN]
    if scope.coalition_id:
        conditions.append(JointLetter.coalition_id == scope.coalition_id)
    if scope.dossier_id:
        conditions.append(exists().where(letter_dossiers.c.letter_id == JointLetter.id,
                                         letter_dossiers.c.dossier_id == scope.dossier_id))  # fmt: skip
    if scope.start is not None and scope.end is not None:
        conditions.append(or_(
            and_(JointLetter.created_at >= scope.start, JointLetter.created_at < scope.end),
            and_(JointLetter.sent_on >= scope.start.date(), JointLetter.sent_on < scope.end.date()),
        ))  # fmt: skip
    return conditions


def participants(scope: NetworkScope) -> Participants:
    """(organisation_id, item_id = letter): who signed each letter in scope, and its lead organisation."""
    signed = (
        select(Signatory.organisation_id.label("organisation_id"), Signatory.letter_id.label("item_id"))
        .join(JointLetter, JointLetter.id == Signatory.letter_id)
        .where(Signatory.status == SignatoryStatus.SIGNED, *_letters(scope), *among(Signatory.organisation_id, scope))
    )
    also_signed = exists().where(
        Signatory.letter_id == JointLetter.id,
        Signatory.organisation_id == JointLetter.lead_organisation_id,
        Signatory.status == SignatoryStatus.SIGNED,
    )
    leads = select(JointLetter.lead_organisation_id, JointLetter.id).where(
        JointLetter.lead_organisation_id.is_not(None),
        ~also_signed,  # a lead that signed as well takes part once
        *_letters(scope),
        *among(JointLetter.lead_organisation_id, scope),
    )
    return union_all(signed, leads)


def links(scope: NetworkScope) -> Select:
    """(organisation_id, links): the others each organisation meets in the letters in scope, counted each time."""
    return link_counts(participants(scope), NAME)


def pairs(scope: NetworkScope) -> CompoundSelect:
    """(a, b, weight): two organisations and the number of letters in scope both signed (or led).
    (a, None, items): the ones organisation a shares with another one (crm.common.pairs.pair_counts)."""
    return pair_counts(participants(scope), NAME)

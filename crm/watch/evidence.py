"""The stakeholder map's vote evidence: how each party voted on the motions and amendments the dossier watches, beside
the stance we recorded for the party and for its Kamerleden — so "supportive" next to three votes against stands out.

A party's side on a decision is its own vote (hand-raising), or the side most of its members took (roll call).
Three statements: the votes, the parties' organisations, the Kamerleden's current fractions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select

from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import (
    KamerCase,
    KamerDecision,
    KamerFraction,
    KamerFractionMember,
    KamerFractionSeat,
    KamerVote,
    decision_cases,
)
from crm.partners.models import Organisation
from crm.watch.commitments import matched_ids
from crm.watch.groups import case_group_expression
from crm.watch.models import ItemKind
from crm.watch.votes import AGAINST, FOR, vote_side

FAVOURABLE = {"supportive"}
UNFAVOURABLE = {"critical", "opposed"}


def in_conflict(stance: str | None, votes_for: int, votes_against: int) -> bool:
    """A recorded stance the party's votes contradict."""
    return (stance in FAVOURABLE and votes_against > votes_for) or (
        stance in UNFAVOURABLE and votes_for > votes_against
    )


@dataclass
class PartyVotes:
    fraction_id: str
    name: str
    organisation_id: int | None = None
    sides: dict[str, str] = field(default_factory=dict)  # decision id → voor / tegen / niet deelgenomen
    stance: str | None = None  # what we recorded for the party
    members: list = field(default_factory=list)  # (card, conflict) of its Kamerleden on the map

    @property
    def votes_for(self) -> int:
        return sum(1 for side in self.sides.values() if side == FOR)

    @property
    def votes_against(self) -> int:
        return sum(1 for side in self.sides.values() if side == AGAINST)

    @property
    def absent(self) -> int:
        return len(self.sides) - self.votes_for - self.votes_against

    @property
    def conflict(self) -> bool:
        return in_conflict(self.stance, self.votes_for, self.votes_against)


@dataclass
class Evidence:
    parties: list[PartyVotes]
    decisions: int
    by_card: dict[tuple[str, int], PartyVotes]

    def for_card(self, card) -> PartyVotes | None:
        return self.by_card.get((card.kind, card.stakeholder.id))


def _party_sides(dossier_id: int) -> tuple[dict[str, PartyVotes], int]:
    voted = select(KamerCase.id).where(
        KamerCase.id.in_(matched_ids(ItemKind.CASE, [dossier_id])),
        KamerCase.removed.is_(False),
        case_group_expression().in_(("motion", "amendment")),
    )
    rows = db.session.execute(
        select(KamerVote.decision_id, KamerVote.fraction_id, KamerVote.soort, KamerVote.fraction_size,
               KamerVote.person_id, KamerVote.actor_fraction, KamerFraction.abbreviation)
        .join(KamerDecision, and_(KamerDecision.id == KamerVote.decision_id, KamerDecision.removed.is_(False)))
        .outerjoin(KamerFraction, KamerFraction.id == KamerVote.fraction_id)
        .where(
            KamerVote.removed.is_(False),
            KamerVote.fraction_id.is_not(None),
            KamerVote.decision_id.in_(select(decision_cases.c.decision_id).where(decision_cases.c.case_id.in_(voted))),
        )
    )  # fmt: skip
    weights: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[str, str] = {}
    decisions = set()
    for decision_id, fraction_id, soort, size, person_id, actor_fraction, abbreviation in rows:
        weights[(fraction_id, decision_id)][vote_side(soort)] += 1 if person_id else (size or 0)
        names[fraction_id] = abbreviation or actor_fraction or fraction_id
        decisions.add(decision_id)
    parties: dict[str, PartyVotes] = {}
    for (fraction_id, decision_id), sides in weights.items():
        party = parties.setdefault(fraction_id, PartyVotes(fraction_id, names[fraction_id]))
        party.sides[decision_id] = max(sides, key=lambda side: sides[side])
    return parties, len(decisions)


def vote_evidence(dossier_id: int, cards: list, day: date) -> Evidence:
    parties, decisions = _party_sides(dossier_id)
    by_card: dict[tuple[str, int], PartyVotes] = {}
    if not parties:
        return Evidence([], decisions, by_card)
    organisations = db.session.execute(
        select(Organisation.id, Organisation.source_id).where(
            Organisation.source == SOURCE, Organisation.source_id.in_(list(parties))
        )
    )
    party_of_organisation = {}
    for organisation_id, fraction_id in organisations:
        parties[fraction_id].organisation_id = organisation_id
        party_of_organisation[organisation_id] = parties[fraction_id]
    kamerleden = {card.stakeholder.source_id: card for card in cards
                  if card.kind == "person" and getattr(card.stakeholder, "source", None) == SOURCE}  # fmt: skip
    seats = (
        db.session.execute(
            select(KamerFractionMember.person_id, KamerFractionSeat.fraction_id)
            .join(KamerFractionSeat, KamerFractionSeat.id == KamerFractionMember.seat_id)
            .where(
                KamerFractionMember.person_id.in_(list(kamerleden)),
                KamerFractionMember.removed.is_(False),
                or_(KamerFractionMember.until_date.is_(None), KamerFractionMember.until_date >= day),
            )
        )
        if kamerleden
        else []
    )
    for card in cards:
        if card.kind == "organisation" and card.stakeholder.id in party_of_organisation:
            party = party_of_organisation[card.stakeholder.id]
            party.stance = card.position.stance
            by_card[("organisation", card.stakeholder.id)] = party
    for kamerlid_id, fraction_id in seats:
        card, party = kamerleden.get(kamerlid_id), parties.get(fraction_id)
        if card is not None and party is not None:
            conflict = in_conflict(card.position.stance, party.votes_for, party.votes_against)
            party.members.append((card, conflict))
            by_card[("person", card.stakeholder.id)] = party
    ordered = sorted(parties.values(), key=lambda p: (-len(p.sides), p.name))
    return Evidence(ordered, decisions, by_card)

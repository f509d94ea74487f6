"""Joint letters for the benchmark: `count` letters with ten co-signing organisations each, in every status.

Letters are addressed to organisations picked like contacts (the national layer most often) and co-signed by ten
others. Planted at every size alike: the focus letter (collecting signatures, ten signatories: the letter page),
and a sent, answered letter addressed to the focus organisation and to the busiest organisation, the newest on
their timelines, so their pages load letters at every size. Random letters leave those two organisations alone.
"""

from __future__ import annotations

from datetime import timedelta

from bench.bulk import bulk_insert, next_id
from bench.cast import Cast
from crm.letters.models import JointLetter, LetterAnswer, LetterEvent, LetterVersion, Signatory, letter_dossiers
from crm.letters.texts import text_sha256

SIGNATORIES = 10
STATUSES = ("draft", "review", "approved", "signing", "signing", "sent", "sent", "answered", "withdrawn")
SIGNATORY_STATUSES = ("invited", "agreed", "signed", "signed", "signed", "declined")
PARAGRAPH = (
    "Wij vragen u cultuureducatie een vaste plek te geven in de plannen van scholen en gemeenten, en de "
    "samenwerking met centra voor de kunsten, muziekscholen en zelfstandige docenten te versterken. "
)
BODY = "\n\n".join(PARAGRAPH * 2 for _ in range(5))
SALUTATION, CLOSING = "Geachte leden van de commissie", "Met vriendelijke groet,"
SHA = text_sha256(SALUTATION, BODY, CLOSING)


class LetterRows:
    def __init__(self, cast: Cast):
        self.cast = cast
        self.letters: list[dict] = []
        self.versions: list[dict] = []
        self.signatories: list[dict] = []
        self.dossiers: list[dict] = []
        self.events: list[dict] = []
        self.answers: list[dict] = []
        self.next = {table: next_id(table) for table in (JointLetter.__table__, LetterVersion.__table__,
                                                          Signatory.__table__, LetterEvent.__table__,
                                                          LetterAnswer.__table__)}  # fmt: skip

    def _id(self, model) -> int:
        table = model.__table__
        value = self.next[table]
        self.next[table] += 1
        return value

    def add(self, status: str, addressee: int, signers: list[int], *, days_ago: int) -> int:
        cast = self.cast
        letter_id = self._id(JointLetter)
        made = cast.anchor - timedelta(days=days_ago, hours=-9)
        sent = status in ("sent", "answered")
        self.letters.append({
            "id": letter_id, "title": f"Gezamenlijke brief {letter_id}", "status": status,
            "addressee_organisation_id": addressee, "lead_organisation_id": None,
            "coalition_id": cast.rng.choice(cast.coalition_ids) if cast.coalition_ids else None,
            "occasion": f"Commissiedebat {letter_id}", "signature_deadline": (made + timedelta(days=14)).date(),
            "current_version": 1, "current_sha256": SHA, "approved_version": None,
            "sent_on": (made + timedelta(days=10)).date() if sent else None, "sent_channel": "email" if sent else None,
            "created_by_id": cast.lobbyist_id, "created_at": made, "updated_at": made, "version_id": 1,
        })  # fmt: skip
        self.versions.append({"id": self._id(LetterVersion), "letter_id": letter_id, "number": 1,
                              "salutation": SALUTATION, "body": BODY, "closing": CLOSING, "sha256": SHA,
                              "author_id": cast.lobbyist_id, "created_at": made})  # fmt: skip
        if cast.dossier_ids:
            self.dossiers.append({"letter_id": letter_id, "dossier_id": cast.rng.choice(cast.dossier_ids)})
        for organisation in signers:
            state = cast.rng.choice(SIGNATORY_STATUSES)
            self.signatories.append({
                "id": self._id(Signatory), "letter_id": letter_id, "organisation_id": organisation, "status": state,
                "signer_name": "Anke Jansen", "signer_function": "directeur", "invited_at": made,
                "signed_at": made + timedelta(days=2) if state == "signed" else None,
                "signed_version": 1 if state == "signed" else None, "signed_sha256": SHA if state == "signed" else None,
                "created_at": made, "updated_at": made, "version_id": 1,
            })  # fmt: skip
        for to_status in ("draft", status):
            self.events.append({"id": self._id(LetterEvent), "letter_id": letter_id, "kind": "status",
                                "to_status": to_status, "actor_id": cast.lobbyist_id, "actor_label": "Bench",
                                "created_at": made})  # fmt: skip
        if status == "answered":
            self.answers.append({"id": self._id(LetterAnswer), "letter_id": letter_id,
                                 "received_on": (made + timedelta(days=min(days_ago, 20))).date(),
                                 "summary": "De commissie dankt voor de brief.", "created_by_id": cast.lobbyist_id,
                                 "created_at": made})  # fmt: skip
        return letter_id

    def insert(self) -> None:
        bulk_insert(JointLetter.__table__, self.letters)
        bulk_insert(LetterVersion.__table__, self.versions)
        bulk_insert(Signatory.__table__, self.signatories)
        bulk_insert(letter_dossiers, self.dossiers)
        bulk_insert(LetterEvent.__table__, self.events)
        bulk_insert(LetterAnswer.__table__, self.answers)


def _organisations(cast: Cast, count: int, leave_alone: set[int]) -> list[int]:
    picked: list[int] = []
    while len(picked) < count:
        organisation = cast.organisation()
        if organisation not in leave_alone and organisation not in picked:
            picked.append(organisation)
    return picked


def insert_letters(cast: Cast, count: int, leave_alone: set[int]) -> int:
    """Insert the letters; returns the id of the focus letter (the letter page's)."""
    rows = LetterRows(cast)
    focus = rows.add("signing", _organisations(cast, 1, leave_alone)[0], _organisations(cast, SIGNATORIES, leave_alone),
                     days_ago=3)  # fmt: skip
    for organisation in sorted(leave_alone):
        rows.add("answered", organisation, _organisations(cast, SIGNATORIES, leave_alone), days_ago=0)
    for _ in range(count - 1 - len(leave_alone)):
        addressee, *signers = _organisations(cast, SIGNATORIES + 1, leave_alone)
        rows.add(cast.rng.choice(STATUSES), addressee, signers, days_ago=cast.rng.randrange(30, 365 * 3))
    rows.insert()
    return focus

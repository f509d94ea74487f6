"""Migration 0016 on a database with letters in it: history lines the application stored as words (in Dutch or in
English) become a key with parameters, so they are shown in the reader's language; what a person wrote stays as
written; a letter left approved while its text changed goes back to review; the downgrade writes Dutch words back."""

from __future__ import annotations

import json

from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from crm.extensions import db
from crm.letters.models import LetterEvent
from tests.conftest import make_test_app
from tests.databases import scratch_database

MIGRATIONS = "migrations"
LETTER = ("INSERT INTO joint_letters (id, title, status, current_version, current_sha256, approved_version, created_at,"
          " updated_at, version_id) VALUES (:id, 'Brief', :status, :current, 'x', :approved, '2026-01-01 10:00:00',"
          " '2026-01-01 10:00:00', 1)")  # fmt: skip
EVENT = ("INSERT INTO letter_events (letter_id, kind, to_status, detail, actor_label, created_at)"
         " VALUES (:letter, :kind, :to_status, :detail, 'Lotte', '2026-01-01 10:00:00')")  # fmt: skip
OLD_LINES = [  # (kind, to_status, detail as stored before 0016)
    ("link", None, "Ondertekeningslink gemaakt voor LKCA"),
    ("link", None, "Signing link revoked for Kunsten '92"),
    ("signatory", None, "Toegevoegd: LKCA, AVV"),
    ("signatory", None, "Removed: AVV"),
    ("signatory", None, "LKCA: Ondertekend"),
    ("signatory", None, "Stichting X: Y: Declined – Past niet: bij ons beleid"),
    ("signatory", None, "LKCA: Signed – re-confirmed version 2"),
    ("signatory", None, "LKCA: Ondertekend – versie 3 opnieuw bevestigd"),
    ("version", "2", "Teruggezet van versie 1"),
    ("status", "sent", "Overhandigd"),
    ("status", "withdrawn", "Debat uitgesteld"),
    ("signatory", None, "Iets wat niemand herkent"),
]


def test_old_history_lines_are_read_back_and_an_approval_of_an_old_text_is_undone(tmp_path):
    app = make_test_app(scratch_database("migrations", tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0015")
        with db.engine.begin() as conn:
            conn.execute(text(LETTER), {"id": 1, "status": "signing", "current": 2, "approved": 1})
            conn.execute(text(LETTER), {"id": 2, "status": "approved", "current": 3, "approved": 3})
            for kind, to_status, detail in OLD_LINES:
                conn.execute(text(EVENT), {"letter": 1, "kind": kind, "to_status": to_status, "detail": detail})
        upgrade(directory=MIGRATIONS, revision="0016")

        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT message, params, detail FROM letter_events ORDER BY id")).all()
            read = [(m, json.loads(p) if isinstance(p, str) else p, d) for m, p, d in rows]
            assert read[: len(OLD_LINES)] == [
                ("link_made", {"name": "LKCA"}, None),
                ("link_revoked", {"name": "Kunsten '92"}, None),
                ("signatories_added", {"names": "LKCA, AVV"}, None),
                ("signatory_removed", {"name": "AVV"}, None),
                ("signatory_status", {"name": "LKCA", "status": "signed"}, None),
                ("signatory_status", {"name": "Stichting X: Y", "status": "declined"}, "Past niet: bij ons beleid"),
                ("signatory_reconfirmed", {"name": "LKCA", "status": "signed", "number": 2}, None),
                ("signatory_reconfirmed", {"name": "LKCA", "status": "signed", "number": 3}, None),
                ("restored", {"number": 1}, None),
                ("sent_by", {"channel": "hand"}, None),
                (None, None, "Debat uitgesteld"),
                (None, None, "Iets wat niemand herkent"),
            ]
            assert read[len(OLD_LINES) :] == [("text_changed_after_approval", {"old": 1, "new": 2}, None)]
            letters = conn.execute(text("SELECT id, status, approved_version FROM joint_letters ORDER BY id")).all()
            assert [tuple(r) for r in letters] == [(1, "review", None), (2, "approved", 3)]

        with app.test_request_context(), force_locale("en"):
            events = db.session.query(LetterEvent).order_by(LetterEvent.id).all()
            assert events[5].text == "Stichting X: Y: Declined – Past niet: bij ons beleid"
            assert events[-1].text == "text changed after approval (version 1 → 2)"
            db.session.remove()

        downgrade(directory=MIGRATIONS, revision="0015")
        with db.engine.connect() as conn:
            details = conn.execute(text("SELECT detail FROM letter_events ORDER BY id")).scalars().all()
        assert details == [
            "Ondertekeningslink gemaakt voor LKCA",
            "Ondertekeningslink ingetrokken voor Kunsten '92",
            "Toegevoegd: LKCA, AVV",
            "Verwijderd: AVV",
            "LKCA: Ondertekend",
            "Stichting X: Y: Afgezien – Past niet: bij ons beleid",
            "LKCA: Ondertekend – versie 2 opnieuw bevestigd",
            "LKCA: Ondertekend – versie 3 opnieuw bevestigd",
            "Teruggezet van versie 1",
            "Overhandigd",
            "Debat uitgesteld",
            "Iets wat niemand herkent",
            "tekst gewijzigd na goedkeuring (versie 1 → 2)",
        ]
        db.session.remove()
        db.engine.dispose()

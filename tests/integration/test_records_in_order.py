"""`records_in_order`: the one lookup of records by ids (crm/common/queries.py)."""

from __future__ import annotations

from crm.coalitions.models import Dossier
from crm.common.queries import records_in_order
from crm.common.time import utcnow
from tests.factories import DossierFactory


def test_records_come_in_the_order_of_the_ids_each_once_without_unknown_ids(db, count_statements):
    a, b, c = DossierFactory(title="Alfa"), DossierFactory(title="Bravo"), DossierFactory(title="Charlie")
    with count_statements() as counter:
        found = records_in_order(Dossier, [c.id, a.id, 999_999, c.id, b.id])
    assert [d.title for d in found] == ["Charlie", "Alfa", "Bravo"]
    assert counter.count == 1
    assert records_in_order(Dossier, []) == []


def test_active_only_leaves_out_archived_records_and_order_by_sorts(db):
    kept, archived = DossierFactory(title="Zuid"), DossierFactory(title="Noord", archived_at=utcnow())
    ids = [kept.id, archived.id]
    assert records_in_order(Dossier, ids, active_only=True) == [kept]
    assert [d.title for d in records_in_order(Dossier, ids, order_by=Dossier.name_key)] == ["Noord", "Zuid"]

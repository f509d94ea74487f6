"""A stale save of a form with a list of choices (a coalition's dossiers) shows the conflict page, not a 500."""

from __future__ import annotations

from crm.coalitions.models import Coalition
from crm.extensions import db
from tests.factories import CoalitionFactory, DossierFactory
from tests.helpers import text_of


def test_a_stale_save_with_chosen_dossiers_lists_them_side_by_side(client, login_as):
    login_as("lobbyist", language="en")
    npo, reopening = DossierFactory(title="Nationaal Programma Onderwijs"), DossierFactory(title="Heropening")
    coalition = CoalitionFactory(name="Federatie Cultuur", description="Oud", dossiers=[npo])
    opened = coalition.version_id
    coalition.description = "Door collega aangepast"
    db.session.commit()
    response = client.submit(f"/coalitions/{coalition.id}/edit", {"name": "Federatie Cultuur", "description": "",
                             "version_id": str(opened), "dossier_ids": [str(npo.id), str(reopening.id)]})  # fmt: skip
    assert response.status_code == 409
    page = text_of(response)
    assert "Nationaal Programma Onderwijs, Heropening" in page and "Someone else" in page
    assert [d.title for d in db.session.get(Coalition, coalition.id).dossiers] == ["Nationaal Programma Onderwijs"]

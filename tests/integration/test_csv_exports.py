"""Every CSV download opens in the user's Excel as columns: ";" for Dutch users, "," for English ones (issue 13, 24).

Dutch Excel splits a CSV on the list separator of the Windows region, ";" (the comma is the decimal separator there):
a comma-separated file showed every row in one column.
"""

from __future__ import annotations

import pytest

from crm.common.exports import DUTCH_EXCEL, ENGLISH_EXCEL, _csv_text
from crm.common.time import utcnow
from tests.conftest import sign_in
from tests.factories import InteractionFactory, OrganisationFactory, UserFactory
from tests.helpers import csv_rows

EXPORTS = [
    "/interactions/export.csv",
    "/dashboard/export/contacts-by-kind.csv?period=month",
    "/reports/transparency.csv?from=2026-07-01&until=2026-09-30",
]


def signed_in(app, language: str):
    client = app.test_client()
    assert sign_in(client, UserFactory(role="lobbyist", language=language).email).status_code == 302
    return client


@pytest.mark.parametrize("url", EXPORTS)
def test_a_dutch_user_gets_semicolons_and_an_english_user_commas(app, db, url):
    InteractionFactory(
        subject="Subsidie; podia, festivals", organisations=[OrganisationFactory()], occurred_at=utcnow()
    )
    dutch = signed_in(app, "nl").get(url)
    first_line = dutch.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert ";" in first_line and "," not in first_line
    assert len(csv_rows(dutch, delimiter=";")[0]) > 1  # columns, not one cell per row

    english = signed_in(app, "en").get(url)
    first_line = english.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert "," in first_line and ";" not in first_line
    assert len(csv_rows(english, delimiter=",")[0]) == len(csv_rows(dutch, delimiter=";")[0])


def test_a_separator_inside_a_cell_stays_in_its_cell(app, db):
    InteractionFactory(subject="Subsidie; podia, festivals", organisations=[OrganisationFactory()])
    header, row = csv_rows(signed_in(app, "nl").get("/interactions/export.csv"), delimiter=";")
    assert dict(zip(header, row, strict=True))["Onderwerp"] == "Subsidie; podia, festivals"
    header, row = csv_rows(signed_in(app, "en").get("/interactions/export.csv"), delimiter=",")
    assert dict(zip(header, row, strict=True))["Subject"] == "Subsidie; podia, festivals"


def test_decimals_are_written_as_each_excel_reads_them():
    assert _csv_text(12.5, DUTCH_EXCEL) == "12,5"
    assert _csv_text(12.5, ENGLISH_EXCEL) == "12.5"
    assert _csv_text(7, DUTCH_EXCEL) == "7"

"""The text of a mail-merged letter reads right (issue 13, item 9): {provincie} is the province's name, the
letter's own salutation is announced and never doubled, and the address block's city line starts where the others
start."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from crm.documents.models import MergeJob
from crm.extensions import db
from tests import pdf
from tests.factories import OrganisationFactory
from tests.helpers import text_of

URL = "/documents/merge/new/builtin:municipal_call"
CALL = {"title": "Oproep", "dossier_id": "0", "tagged": "y", "f_subject": "Cultuureducatie", "output": "zip"}


def letters(client, **fields) -> dict[str, bytes]:
    """Merge the call with these fields to the municipalities of Fryslân: each municipality's PDF by its name."""
    province = OrganisationFactory(name="Provincie Fryslân", kind="province")
    OrganisationFactory(name="Gemeente Leeuwarden", kind="municipality", province_id=province.id,
                        address="Oldehoofsterkerkhof 2", postal_code="8911 DH", city="Leeuwarden")  # fmt: skip
    OrganisationFactory(name="Gemeente Vlieland", kind="municipality", province_id=province.id, address="Dorpsstraat 1",
                        postal_code=None, city="Vlieland")  # fmt: skip
    response = client.submit(URL, {**CALL, "recipients": f"province:{province.id}", **fields})
    assert response.status_code == 302, text_of(response)[-400:]
    job = db.session.scalar(select(MergeJob).order_by(MergeJob.id.desc()))
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/documents/merge/{job.id}/download").data))
    return {name.rsplit(" - ", 1)[1].removesuffix(".pdf"): archive.read(name) for name in archive.namelist()}


def test_the_province_placeholder_is_the_provinces_name(client, login_as):
    login_as("lobbyist")
    made = letters(client, f_body="Alle gemeenten in de provincie {provincie} krijgen deze brief, ook {gemeente}.")
    words = pdf.text(made["Gemeente Vlieland"])
    assert "Alle gemeenten in de provincie Fryslân krijgen deze brief, ook Vlieland." in words
    assert "Provincie Fryslân" not in words


def test_the_letter_says_it_adds_the_salutation_and_a_salutation_typed_in_the_text_is_not_doubled(client, login_as):
    login_as("lobbyist")
    form = text_of(client.get(URL))
    assert "De brief begint zelf met de aanhef" in form

    made = letters(client, f_body="Geachte wethouder,\n\nWij vragen uw steun voor cultuureducatie.")
    words = pdf.text(made["Gemeente Leeuwarden"])
    assert words.count("Geachte wethouder,") == 1 and "Geacht college" not in words

    made = letters(client, f_body="Wij vragen uw steun.", f_salutation="Beste wethouder cultuur")
    words = pdf.text(made["Gemeente Leeuwarden"])
    assert "Beste wethouder cultuur, Wij vragen uw steun." in words and "Geacht college" not in words

    made = letters(client, f_body="Wij vragen uw steun.")  # nothing typed: the salutation that suits the recipient
    assert "Geacht college van burgemeester en wethouders, Wij vragen uw steun." in pdf.text(
        made["Gemeente Leeuwarden"]
    )


def line_starts(document: bytes) -> dict[str, tuple[float, str]]:
    """Each piece of text on the first page: where it starts (x) and what is drawn there, spaces included."""
    found: dict[str, tuple[float, str]] = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            found.setdefault(text.strip(), (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text))

    pdf.reader(document).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_city_line_starts_with_the_address_when_there_is_no_postcode(client, login_as):
    login_as("lobbyist")
    made = letters(client, f_body="Wij vragen uw steun.")
    for name, city_line in (("Gemeente Vlieland", "VLIELAND"), ("Gemeente Leeuwarden", "8911 DH  LEEUWARDEN")):
        starts = line_starts(made[name])
        assert city_line in starts, sorted(starts)
        (x, drawn), (name_x, _name) = starts[city_line], starts[name]
        assert abs(x - name_x) < 0.5 and not drawn[0].isspace(), (name, drawn)  # no blank space in front

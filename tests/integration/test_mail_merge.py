"""Mail merge: one letter per recipient, as a combined PDF and/or a ZIP with meaningful names; contacts logged."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from sqlalchemy import select

from crm.common.time import today
from crm.documents.models import MergeJob
from crm.extensions import db
from crm.interactions.models import Interaction
from tests import pdf
from tests.factories import AffiliationFactory, CoalitionMemberFactory, OrganisationFactory, PersonFactory
from tests.factories_documents import MergeJobFactory
from tests.helpers import count, text_of

CALL = {
    "title": "Oproep cultuureducatie",
    "dossier_id": "0",
    "tagged": "y",
    "f_subject": "Cultuureducatie in uw gemeente",
    "f_body": "Wij vragen uw college om **cultuureducatie** te steunen.",
}


def province_with(*names: str):
    province = OrganisationFactory(name="Provincie Testland", kind="province")
    towns = [OrganisationFactory(name=n, kind="municipality", province_id=province.id, address="Markt 1",
                                 postal_code="1234 AB", city=n.removeprefix("Gemeente ")) for n in names]  # fmt: skip
    OrganisationFactory(name="Gemeente Elders", kind="municipality")  # another province: not a recipient
    return province, towns


def job() -> MergeJob:
    return db.session.scalar(select(MergeJob).order_by(MergeJob.id.desc()))


def test_a_province_merge_gives_a_zip_with_one_named_pdf_per_municipality(client, login_as):
    author = login_as("lobbyist")
    province, towns = province_with("Gemeente Utrecht", "Gemeente Zeist", "Gemeente Houten")
    response = client.submit(
        "/documents/merge/new/builtin:municipal_call",
        {**CALL, "recipients": f"province:{province.id}", "output": "zip", "log_contacts": "y"},
    )
    merge = job()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/documents/merge/{merge.id}")
    assert (merge.status, merge.done, merge.total) == ("done", 3, 3)
    assert client.get(f"/documents/merge/{merge.id}/status").json["download"].endswith("/download")
    assert "Municipalities in Provincie Testland" in text_of(client.get(f"/documents/merge/{merge.id}")) or (
        "Gemeenten in Provincie Testland" in text_of(client.get(f"/documents/merge/{merge.id}"))
    )

    download = client.get(f"/documents/merge/{merge.id}/download")
    assert download.mimetype == "application/zip"
    day = today().isoformat()
    assert f'filename="{day} Oproep cultuureducatie.zip"' in download.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert sorted(archive.namelist()) == [
        f"{day} Oproep cultuureducatie - Gemeente Houten.pdf",
        f"{day} Oproep cultuureducatie - Gemeente Utrecht.pdf",
        f"{day} Oproep cultuureducatie - Gemeente Zeist.pdf",
    ]
    zeist = pdf.text(archive.read(f"{day} Oproep cultuureducatie - Gemeente Zeist.pdf"))
    assert "Gemeente Zeist" in zeist and "Geacht college van burgemeester en wethouders" in zeist
    assert "Houten" not in zeist and "Cultuureducatie in uw gemeente" in zeist

    letters = db.session.scalars(select(Interaction).where(Interaction.kind == "letter")).all()
    assert len(letters) == 3 and all(i.created_by_id == author.id for i in letters)
    assert {o.name for i in letters for o in i.organisations} == {t.name for t in towns}


def test_a_combined_pdf_has_every_letter_in_order(client, login_as):
    login_as("lobbyist")
    province, _towns = province_with("Gemeente Aa", "Gemeente Bee")
    client.submit("/documents/merge/new/builtin:municipal_call",
                  {**CALL, "recipients": f"province:{province.id}", "output": "pdf"})  # fmt: skip
    download = client.get(f"/documents/merge/{job().id}/download")
    assert download.mimetype == "application/pdf"
    words = pdf.text(download.data)
    assert words.index("Gemeente Aa") < words.index("Gemeente Bee")
    assert count(Interaction) == 0  # not asked to log contacts
    assert not pdf.is_tagged(download.data) and "pdfuaid:part" not in pdf.xmp(download.data), (
        "the joined letters lose their structure, so the whole claims no PDF/UA"
    )


def test_coalition_members_and_committee_members_are_recipient_sets(client, login_as):
    login_as("lobbyist")
    member = CoalitionMemberFactory(organisation=OrganisationFactory(name="Kunsten '92"))
    committee = OrganisationFactory(name="Vaste commissie OCW", kind="committee")
    AffiliationFactory(
        person=PersonFactory(first_name="Jet", name_prefix="van", last_name="Dijk"), organisation=committee
    )
    AffiliationFactory(organisation=committee, end_date=date(2020, 6, 1))  # left the committee: not a recipient
    form = text_of(client.get("/documents/merge/new/builtin:municipal_call"))
    assert member.coalition.name in form and "Vaste commissie OCW" in form

    response = client.submit("/documents/merge/new/builtin:municipal_call",
                             {**CALL, "recipients": f"committee:{committee.id}", "output": "zip"})  # fmt: skip
    assert response.status_code == 302, text_of(response)[-800:]
    assert job().status == "done", job().error
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/documents/merge/{job().id}/download").data))
    (name,) = archive.namelist()
    assert name.endswith("Oproep cultuureducatie - Jet van Dijk.pdf")
    assert "Geacht Kamerlid Jet van Dijk" in pdf.text(archive.read(name))

    client.submit("/documents/merge/new/builtin:municipal_call",
                  {**CALL, "recipients": f"coalition:{member.coalition_id}", "output": "pdf"})  # fmt: skip
    assert "Kunsten '92" in pdf.text(client.get(f"/documents/merge/{job().id}/download").data)


def test_a_filtered_organisation_list_is_handed_over_to_the_merge(client, login_as):
    login_as("lobbyist")
    OrganisationFactory(name="Fonds voor Cultuurparticipatie", kind="fund")
    OrganisationFactory(name="Gemeente Niet", kind="municipality")
    listing = client.get("/organisations/?kind=fund").get_data(as_text=True)
    link = re.search(r'href="([^"]*/documents/new\?recipients=[^"]+)"', listing).group(1).replace("&amp;", "&")
    chooser = client.get(link).get_data(as_text=True)
    merge_link = re.search(r'href="([^"]*/documents/merge/new/builtin:municipal_call\?recipients=[^"]+)"', chooser)
    form_page = client.get(merge_link.group(1).replace("&amp;", "&"))
    assert "organisations:kind=fund" in form_page.get_data(as_text=True)
    data = {**CALL, "recipients": "organisations:kind=fund", "output": "pdf"}
    client.submit("/documents/merge/new/builtin:municipal_call", data, token_from="/documents/")
    words = pdf.text(client.get(f"/documents/merge/{job().id}/download").data)
    assert "Fonds voor Cultuurparticipatie" in words and "Gemeente Niet" not in words


def test_an_empty_recipient_set_is_a_form_error(client, login_as):
    login_as("lobbyist", language="en")
    empty = OrganisationFactory(name="Provincie Leeg", kind="province")
    response = client.submit("/documents/merge/new/builtin:municipal_call",
                             {**CALL, "recipients": f"province:{empty.id}", "output": "zip"})  # fmt: skip
    assert response.status_code == 422
    assert "Nobody to send to" in text_of(response)
    assert count(MergeJob) == 0


def test_a_failed_render_marks_the_job_failed_with_a_message(client, login_as, app, monkeypatch):
    from crm.documents import merge as merge_module
    from crm.rendering.render import RenderError

    login_as("lobbyist")
    province, _ = province_with("Gemeente Een")

    def broken(*args, **kwargs):
        raise RenderError("The document has more than 400 pages.")

    monkeypatch.setattr(merge_module, "render_merge", broken)
    client.submit("/documents/merge/new/builtin:municipal_call",
                  {**CALL, "recipients": f"province:{province.id}", "output": "zip"})  # fmt: skip
    merge = job()
    assert merge.status == "failed" and "400 pages" in merge.error
    assert client.get(f"/documents/merge/{merge.id}/download").status_code == 404
    assert "400 pages" in text_of(client.get(f"/documents/merge/{merge.id}"))


def test_a_merge_left_running_by_a_stopped_server_says_so(client, login_as):
    from datetime import timedelta

    from crm.common.time import utcnow
    from tests.factories_documents import MergeJobFactory

    login_as("lobbyist", language="en")
    stalled = MergeJobFactory(
        status="running", done=10, total=342, result=None, created_at=utcnow() - timedelta(hours=3)
    )
    page = text_of(client.get(f"/documents/merge/{stalled.id}"))
    assert "stopped without finishing" in page and "Try again" in page
    assert client.get(f"/documents/merge/{stalled.id}/status").json["finished"] is True
    assert client.get(f"/documents/merge/{stalled.id}/download").status_code == 404


def test_a_viewer_sees_a_failed_merge_without_an_offer_to_try_again(client, login_as):
    login_as("viewer")
    failed = MergeJobFactory(status="failed", done=0, result=None, result_filename=None, error="Te veel pagina's.")
    page = client.get(f"/documents/merge/{failed.id}").get_data(as_text=True)
    assert "Te veel pagina" in page and "data-merge-failed" in page  # the page script still finds its box
    assert "/documents/new" not in page, "viewers may not make documents: no link that answers 'no access'"


def test_the_files_carry_the_letters_own_date_when_it_has_one(client, login_as):
    login_as("lobbyist")
    province, _towns = province_with("Gemeente Utrecht")
    form = {**CALL, "f_letter_date": "2026-03-12", "recipients": f"province:{province.id}", "output": "zip"}
    client.submit("/documents/merge/new/builtin:municipal_call", form)
    download = client.get(f"/documents/merge/{job().id}/download")
    assert 'filename="2026-03-12 Oproep cultuureducatie.zip"' in download.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    assert names == ["2026-03-12 Oproep cultuureducatie - Gemeente Utrecht.pdf"]

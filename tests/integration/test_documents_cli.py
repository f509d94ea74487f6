"""`flask crm render` and `flask crm mail-merge`: the same code as the web pages, files on disk."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from crm.common.errors import ServiceError
from crm.documents.models import GeneratedDocument, MergeJob
from tests import pdf
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.helpers import count


def test_render_writes_the_pdf_and_keeps_the_document(app, db, tmp_path):
    OrganisationFactory(name="Kunsten '92")
    data = tmp_path / "brief.json"
    data.write_text(json.dumps({"subject": "Steun voor de culturele sector", "organisations": ["Kunsten '92"],
                                "body": "Wij vragen **steun**."}), encoding="utf-8")  # fmt: skip
    out = tmp_path / "brief.pdf"
    result = app.test_cli_runner().invoke(
        args=["crm", "render", "joint_letter", "--data", str(data), "-o", str(out), "--title", "Brief steun", "--pdfa"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "pages" in result.output
    words = pdf.text(out.read_bytes())
    assert "Steun voor de culturele sector" in words and "Kunsten '92" in words
    assert pdf.is_pdfa_3b(out.read_bytes())
    assert count(GeneratedDocument) == 1


def test_render_reports_bad_input_plainly(app, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["crm", "render", "joint_letter", "--data", str(bad), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "not valid JSON" in result.output
    result = runner.invoke(args=["crm", "render", "no_such_template", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no_such_template" in result.output
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    result = runner.invoke(args=["crm", "render", "joint_letter", "--data", str(empty), "-o", str(tmp_path / "x.pdf")])
    # The required field, by its label, in English as the rest of the command's output (it was "Onderwerp").
    assert result.exit_code != 0 and "Subject is required." in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_mail_merge_to_a_province_writes_a_zip(app, db, tmp_path):
    province = OrganisationFactory(name="Provincie Zeeland", kind="province")
    for name in ("Gemeente Middelburg", "Gemeente Vlissingen"):
        OrganisationFactory(name=name, kind="municipality", province_id=province.id)
    data = tmp_path / "oproep.json"
    data.write_text(json.dumps({"subject": "Cultuureducatie", "body": "Tekst."}), encoding="utf-8")
    out = tmp_path / "oproep.zip"
    result = app.test_cli_runner().invoke(
        args=["crm", "mail-merge", "municipal_call", "--recipients", "province:Provincie Zeeland", "--data", str(data),
              "-o", str(out), "--title", "Oproep"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "province:Provincie Zeeland: 2 recipients" in result.output
    assert "Gemeenten" not in result.output  # the recipients' label is the job's (Dutch) content, not a CLI line
    names = sorted(zipfile.ZipFile(io.BytesIO(out.read_bytes())).namelist())
    assert [n.split(" ", 1)[1] for n in names] == [
        "Oproep - Gemeente Middelburg.pdf",
        "Oproep - Gemeente Vlissingen.pdf",
    ]
    assert count(MergeJob) == 1


def test_mail_merge_refuses_an_unknown_set_and_a_wrong_extension(app, db, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["crm", "mail-merge", "municipal_call", "--recipients", "province:Atlantis", "-o", str(tmp_path / "a.zip")]
    )
    assert result.exit_code != 0 and "There is no province “Atlantis”." in result.output
    result = runner.invoke(
        args=["crm", "mail-merge", "municipal_call", "--recipients", "municipalities", "-o", str(tmp_path / "a.doc")]
    )
    assert result.exit_code != 0 and ".pdf" in result.output


def test_recipient_sets_are_found_by_the_names_people_use(app, db):
    from crm.documents.recipients import resolve

    zeeland = OrganisationFactory(name="Provincie Zeeland", kind="province")
    OrganisationFactory(name="Gemeente Goes", kind="municipality", province_id=zeeland.id)
    committee = OrganisationFactory(name="Vaste commissie voor Onderwijs, Cultuur en Wetenschap", acronym="cie. OCW",
                                    kind="committee")  # fmt: skip
    AffiliationFactory(person=PersonFactory(last_name="Dijk"), organisation=committee)
    with app.test_request_context():
        for name in ("Provincie Zeeland", "Zeeland", "zeeland", str(zeeland.id)):
            assert resolve(f"province:{name}").label == "Gemeenten in Provincie Zeeland", name
        for name in ("cie. OCW", "OCW", "vaste commissie voor onderwijs, cultuur en wetenschap"):
            assert len(resolve(f"committee:{name}").refs) == 1, name
        for name in ("Noord", "99999999999999999999", "0"):
            with pytest.raises(ServiceError):
                resolve(f"province:{name}")


def test_a_footnote_defined_at_the_end_of_the_chapters_is_a_footnote_in_the_pdf(app, db, tmp_path):
    OrganisationFactory(name="Cultuurconnectie")
    sections = "## Aanleiding\n\nDe crisis raakte hard.[^1]\n\n## Wat wij vragen\n\nGeld.\n\n[^1]: Monitor Cultuur."
    data = tmp_path / "notitie.json"
    data.write_text(json.dumps({"title": "Notitie", "summary": "Kort.", "sections": sections,
                                "organisations": ["Cultuurconnectie"]}), encoding="utf-8")  # fmt: skip
    out = tmp_path / "notitie.pdf"
    result = app.test_cli_runner().invoke(args=["crm", "render", "position_paper", "--data", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    words = pdf.text(out.read_bytes())
    assert "Monitor Cultuur" in words and "[^1]" not in words

"""Spreadsheet import through the pages, as an administrator does it: upload, map, preview, import, undo."""

from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import func, select

from crm.extensions import db as _db
from crm.imports.models import Import, ImportMapping
from crm.partners.models import Affiliation, Person
from crm.partners.services import PersonInput, update_person
from tests.factories import OrganisationFactory, PersonFactory
from tests.import_files import PEOPLE_HEADERS_NL, as_text_dates, csv_bytes, people_rows, xlsx_bytes


def upload(client, data: bytes, filename: str, kind: str = "people", mapping_name: str = ""):
    return client.submit("/import/", {"file": (io.BytesIO(data), filename), "kind": kind,
                                      "mapping_name": mapping_name}, content_type="multipart/form-data")  # fmt: skip


def import_id_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/import/(\d+)/mapping", response.headers["Location"]).group(1))


def accept_mapping(client, import_id: int, save_as: str = "", changes: dict | None = None):
    imp = _db.session.get(Import, import_id)
    data = {f"column-{i}": imp.mapping.get(str(i), "") for i in range(len(imp.headers))}
    data.update(changes or {})
    data["save_as"] = save_as
    return client.submit(f"/import/{import_id}/mapping", data)


def run_import(client, import_id: int, choices: dict | None = None, default: str = "skip"):
    data = {"default_choice": default, **{f"choice-{row}": c for row, c in (choices or {}).items()}}
    response = client.submit(f"/import/{import_id}/preview", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"].startswith("/jobs/")
    return _db.session.get(Import, import_id)


def people_named(last_name_prefix: str) -> list[Person]:
    return list(_db.session.scalars(select(Person).where(Person.last_name.like(f"{last_name_prefix}%"))))


def test_excel_csv_with_bom_and_semicolons_is_mapped_previewed_and_imported(client, login_as):
    login_as("admin")
    OrganisationFactory(name="Stichting Proef")
    rows = [PEOPLE_HEADERS_NL, *as_text_dates(people_rows(3))]
    import_id = import_id_of(upload(client, csv_bytes(rows), "leden.csv"))
    page = client.get(f"/import/{import_id}/mapping").get_data(as_text=True)
    assert 'value="last_name" selected' in page and 'value="organisation" selected' in page
    assert 'value="start_date" selected' in page  # "In functie sinds", suggested from the Dutch header
    assert accept_mapping(client, import_id, save_as="Ledenlijst").status_code == 302
    preview = client.get(f"/import/{import_id}/preview").get_data(as_text=True)
    assert "Berg00001" in preview and "3 rijen" in preview
    imp = run_import(client, import_id)
    assert (imp.status, imp.rows_created, imp.rows_skipped) == ("done", 3, 0)
    people = people_named("Berg0")
    assert sorted(p.email for p in people) == [f"anna{n}@voorbeeld.example" for n in range(3)]
    positions = {a.person.last_name: a for a in _db.session.scalars(select(Affiliation))}
    assert positions["Berg00001"].role == "Beleidsmedewerker"
    assert positions["Berg00001"].start_date == date(2023, 2, 2)
    detail = client.get(f"/import/{import_id}").get_data(as_text=True)
    assert "leden.csv" in detail and imp.sha256 in detail and "3 aangemaakt" in detail
    saved = _db.session.scalar(select(ImportMapping).where(ImportMapping.name == "Ledenlijst"))
    assert saved.columns["Achternaam"] == "last_name"


def test_saved_mapping_is_used_for_the_next_file(client, login_as):
    login_as("admin")
    OrganisationFactory(name="Stichting Proef")
    _db.session.add(ImportMapping(name="Pers", kind="people", columns={"Naam": "last_name", "Werk": "organisation"}))
    _db.session.flush()
    import_id = import_id_of(upload(client, csv_bytes([["Naam", "Werk"], ["Jansen", "Stichting Proef"]]), "p.csv",
                                    mapping_name="Pers"))  # fmt: skip
    assert _db.session.get(Import, import_id).mapping == {"0": "last_name", "1": "organisation"}


def test_windows_1252_csv_with_commas_as_excel_saves_it(client, login_as):
    login_as("admin")
    rows = [["First name", "Last name", "Email"], ["Hélène", "Müller-Çelik", "helene@voorbeeld.example"]]
    import_id = import_id_of(upload(client, csv_bytes(rows, delimiter=",", encoding="cp1252"), "press.csv"))
    accept_mapping(client, import_id)
    run_import(client, import_id)
    person = _db.session.scalar(select(Person).where(Person.email == "helene@voorbeeld.example"))
    assert (person.first_name, person.last_name) == ("Hélène", "Müller-Çelik")


def test_xlsx_with_dates_as_numbers_and_as_text_and_a_formula_kept_as_text(client, login_as):
    login_as("admin")
    OrganisationFactory(name="Stichting Proef")
    headers = [*PEOPLE_HEADERS_NL, "Opmerkingen"]
    as_dates = [[*row, '=HYPERLINK("http://x.example")'] for row in people_rows(2)]
    first = import_id_of(upload(client, xlsx_bytes([headers, *as_dates], number_formats={7: "dd-mm-yyyy"}), "a.xlsx"))
    accept_mapping(client, first)
    run_import(client, first)
    as_text = [["Joris", "", "Visser", "", "Stichting Proef", "Adviseur", "3 maart 2024", ""],
               ["Fleur", "", "Hendriks", "", "Stichting Proef", "Adviseur", "2024-03-04", ""]]  # fmt: skip
    second = import_id_of(upload(client, xlsx_bytes([headers, *as_text]), "b.xlsx"))
    accept_mapping(client, second)
    run_import(client, second)
    starts = {a.person.last_name: a.start_date for a in _db.session.scalars(select(Affiliation))}
    assert starts["Berg00000"] == date(2023, 1, 1) and starts["Berg00001"] == date(2023, 2, 2)
    assert starts["Visser"] == date(2024, 3, 3) and starts["Hendriks"] == date(2024, 3, 4)
    assert people_named("Berg00000")[0].notes == '=HYPERLINK("http://x.example")'


def test_preview_names_each_rows_problems_and_duplicates_and_the_choices_are_kept(client, login_as):
    login_as("admin")
    OrganisationFactory(name="Stichting Proef")
    existing = PersonFactory(
        first_name="Anna0", name_prefix="van", last_name="Berg00000", email="oud@voorbeeld.example", phone="030-1234567"
    )
    other = PersonFactory(first_name="Anna1", last_name="Berg00001", email="anna1@voorbeeld.example")
    rows = [PEOPLE_HEADERS_NL, *as_text_dates(people_rows(3))]
    rows += [["Piet", "", "", "piet@voorbeeld.example", "", "", ""],  # row 5: no last name
             ["Kees", "", "Dekker", "kees(at)voorbeeld", "", "", ""],  # row 6: bad e-mail
             ["Els", "", "Vos", "", "Onbekende Club", "", ""],  # row 7: unknown organisation
             ["Bo", "", "Kok", "", "", "", "31-02-2024"]]  # fmt: skip  # row 8: no such date
    import_id = import_id_of(upload(client, csv_bytes(rows), "lijst.csv"))
    accept_mapping(client, import_id)
    page = client.get(f"/import/{import_id}/preview").get_data(as_text=True)
    assert "Achternaam ontbreekt" in page
    assert "geen geldig e-mailadres (kees(at)voorbeeld)" in page
    assert "Organisatie niet gevonden in het register: Onbekende Club" in page
    assert "datum niet begrepen (31-02-2024)" in page
    assert "Lijkt op" in page and "Anna0 van Berg00000" in page
    imp = run_import(client, import_id, choices={2: "update", 3: "create"}, default="skip")
    assert (imp.rows_created, imp.rows_updated, imp.rows_skipped) == (2, 1, 4)
    assert {e["row"] for e in imp.row_errors} == {5, 6, 7, 8}
    _db.session.refresh(existing)
    assert existing.email == "anna0@voorbeeld.example" and existing.phone == "030-1234567"  # updated, kept the rest
    assert len(people_named("Berg00001")) == 2 and other.id in {p.id for p in people_named("Berg00001")}
    assert len(people_named("Berg00002")) == 1


def test_undo_archives_what_it_made_and_puts_back_what_it_changed(client, login_as):
    login_as("admin")
    OrganisationFactory(name="Stichting Proef")
    existing = PersonFactory(first_name="Anna0", name_prefix="van", last_name="Berg00000", phone="030-1", email=None)
    import_id = import_id_of(upload(client, csv_bytes([PEOPLE_HEADERS_NL, *as_text_dates(people_rows(3))]), "u.csv"))
    accept_mapping(client, import_id)
    run_import(client, import_id, default="update")
    _db.session.refresh(existing)
    assert existing.email == "anna0@voorbeeld.example" and len(existing.affiliations) == 1
    response = client.submit(f"/import/{import_id}/undo", {}, token_from=f"/import/{import_id}")
    assert response.status_code == 302
    _db.session.refresh(existing)
    assert existing.email is None and existing.phone == "030-1" and existing.affiliations == []
    assert all(p.is_archived for p in people_named("Berg0000") if p.id != existing.id)
    assert not existing.is_archived
    assert "Ongedaan gemaakt" in client.get(f"/import/{import_id}").get_data(as_text=True)


def test_undo_is_refused_naming_the_records_changed_since(client, login_as):
    login_as("admin")
    import_id = import_id_of(upload(client, csv_bytes([["Achternaam"], ["Zwart"], ["Wit"]]), "z.csv"))
    accept_mapping(client, import_id)
    run_import(client, import_id)
    zwart = people_named("Zwart")[0]
    update_person(zwart, PersonInput(last_name="Zwart", first_name="Zoë"), zwart.version_id)
    _db.session.commit()
    response = client.submit(f"/import/{import_id}/undo", {}, token_from=f"/import/{import_id}")
    assert response.status_code == 422
    assert "kan niet ongedaan worden gemaakt" in response.get_data(as_text=True)
    assert "Zoë Zwart" in response.get_data(as_text=True)
    assert not any(p.is_archived for p in people_named("Zwart") + people_named("Wit"))
    assert _db.session.get(Import, import_id).status == "done"


def test_organisations_and_contacts_import(client, login_as):
    login_as("admin")
    orgs = [["Naam", "Afkorting", "Soort", "Plaats"], ["Theater De Proef", "TDP", "Culturele instelling", "Zwolle"]]
    first = import_id_of(upload(client, csv_bytes(orgs), "orgs.csv", kind="organisations"))
    accept_mapping(client, first)
    run_import(client, first)
    PersonFactory(first_name="Mila", last_name="Smit", email="mila@voorbeeld.example")
    contacts = [["Datum", "Soort", "Onderwerp", "Persoon", "Organisatie"],
                ["12-3-2024", "Telefoon", "Subsidie", "mila@voorbeeld.example", "TDP"]]  # fmt: skip
    second = import_id_of(upload(client, csv_bytes(contacts), "contacten.csv", kind="contacts"))
    accept_mapping(client, second)
    imp = run_import(client, second)
    assert imp.rows_created == 1, imp.row_errors
    page = client.get("/interactions/").get_data(as_text=True)
    assert "Subsidie" in page


def count_imports() -> int:
    return _db.session.scalar(select(func.count()).select_from(Import))


def test_bad_files_get_a_clear_dutch_message_and_nothing_is_saved(client, login_as, app):
    login_as("admin")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response = upload(client, png, "leden.csv")
    assert response.status_code == 422 and "Dit is geen CSV- of Excelbestand" in response.get_data(as_text=True)
    broken = "Achternaam;Plaats\nJosé;Zwolle\n".encode() + b"Jan\xff\xfe;Breda\n"
    response = upload(client, broken, "kapot.csv")
    assert response.status_code == 422 and "geen geldige UTF-8" in response.get_data(as_text=True)
    wide = ";".join(["x"] * 10_000).encode()
    response = upload(client, b"Achternaam\n" + wide, "breed.csv")
    assert response.status_code == 422 and "10000 kolommen" in response.get_data(as_text=True)
    big = b"Achternaam\n" + b"Jansen\n" * (50 * 1024 * 1024 // 7)
    response = upload(client, big, "groot.csv")
    assert response.status_code == 413
    assert "groter dan de limiet van 20 MB" in response.get_data(as_text=True)
    assert count_imports() == 0


def test_the_cli_imports_with_a_saved_mapping_and_a_dry_run_saves_nothing(app, db, tmp_path):
    OrganisationFactory(name="Stichting Proef")
    db.session.add(ImportMapping(name="Leden", kind="people", columns=dict(zip(
        PEOPLE_HEADERS_NL, ["first_name", "name_prefix", "last_name", "email", "organisation", "role", "start_date"],
        strict=True))))  # fmt: skip
    db.session.commit()
    path = tmp_path / "leden.csv"
    path.write_bytes(csv_bytes([PEOPLE_HEADERS_NL, *as_text_dates(people_rows(4))]))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["crm", "import", str(path), "--kind", "people", "--mapping", "Leden", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "4 rows: 4 created" in result.output and "nothing was saved" in result.output
    assert people_named("Berg0") == []
    result = runner.invoke(args=["crm", "import", str(path), "--kind", "people", "--mapping", "Leden"])
    assert result.exit_code == 0, result.output
    assert len(people_named("Berg0")) == 4


def test_an_import_stopped_after_a_chunk_resumes_where_it_stopped_and_does_no_row_twice(db):
    from crm.imports import services
    from crm.imports.running import CHUNK, execute

    rows = [["Achternaam", "E-mail"]] + [[f"Persoon{n:04d}", f"p{n}@voorbeeld.example"] for n in range(CHUNK + 30)]
    imp = services.upload("groot.csv", csv_bytes(rows), "people", author=None)
    imp.status = "queued"
    db.session.commit()

    class WorkerDied(Exception):
        pass

    def die_after_the_first_chunk(_done):
        db.session.commit()
        raise WorkerDied

    try:
        execute(imp, progress=die_after_the_first_chunk)
    except WorkerDied:
        db.session.rollback()
    assert (imp.rows_done, imp.rows_created) == (CHUNK, CHUNK)
    execute(imp, progress=lambda _done: db.session.commit())
    db.session.commit()
    assert (imp.status, imp.rows_done, imp.rows_created, imp.rows_skipped) == ("done", CHUNK + 30, CHUNK + 30, 0)
    emails = db.session.scalars(select(Person.email).where(Person.email.like("p%@voorbeeld.example"))).all()
    assert len(emails) == len(set(emails)) == CHUNK + 30


def test_a_too_large_upload_shows_the_import_page_only_to_those_who_may_import(client, login_as):
    login_as("lobbyist")
    token = client.csrf_token("/account")
    big = b"Achternaam\n" + b"Jansen\n" * (21 * 1024 * 1024 // 7)
    data = {"csrf_token": token, "kind": "people", "file": (io.BytesIO(big), "groot.csv")}
    response = client.post("/import/", data=data, content_type="multipart/form-data")
    assert response.status_code in (403, 413)
    assert "Eerdere imports" not in response.get_data(as_text=True)

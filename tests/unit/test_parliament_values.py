"""How the Tweede Kamer's values are read: dates in Amsterdam, instants in UTC, GUIDs, marks to the 100 ns."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm.parliament import values as v
from crm.parliament.files import shift_value
from crm.parliament.records import activity_kind


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2022-10-04T00:00:00+02:00", date(2022, 10, 4)),  # summer: UTC would say the 3rd
        ("2023-01-10T00:00:00+01:00", date(2023, 1, 10)),  # winter
        ("1976-09-16T00:00:00+02:00", date(1976, 9, 16)),  # no summer time in 1976, yet the API writes +02:00
        ("2002-05-23", date(2002, 5, 23)),  # SyncFeed and the newer $metadata: a plain date
        (None, None),
    ],
)
def test_a_calendar_day_is_the_day_as_written(raw, day):
    assert v.calendar_day(raw) == day


def test_instants_become_utc_with_microseconds():
    assert v.instant("2022-10-04T15:00:00+02:00") == datetime(2022, 10, 4, 13, 0)
    assert v.instant("2022-11-01T13:11:13.987+01:00") == datetime(2022, 11, 1, 12, 11, 13, 987000)
    assert v.instant("2022-10-04T14:15:05.9556542Z") == datetime(2022, 10, 4, 14, 15, 5, 955654)
    assert v.instant("2019-06-28T23:59:41.5570000") == datetime(2019, 6, 28, 21, 59, 41, 557000)  # no offset: Amsterdam


def test_marks_order_by_all_seven_fractional_digits():
    assert v.sortable_mark("2022-10-04T14:15:05.9556542Z") < v.sortable_mark("2022-10-04T14:15:05.9556543Z")
    assert v.sortable_mark("2022-10-04T14:15:05Z") < v.sortable_mark("2022-10-04T14:15:05.0000001Z")


@pytest.mark.parametrize(
    "bad", ["p1", 12, "", "6b15c18f-fdc5-4ea4-bee2-a556e94d768", "6b15c18f_fdc5_4ea4_bee2_a556e94d7682"]
)
def test_an_id_that_is_not_a_guid_is_refused(bad):
    with pytest.raises(v.BadValue):
        v.guid(bad)
    assert v.guid("6B15C18F-FDC5-4EA4-BEE2-A556E94D7682") == "6b15c18f-fdc5-4ea4-bee2-a556e94d7682"


@pytest.mark.parametrize("bad", ["gisteren", "2022-13-01", "2022-02-30T00:00:00+01:00", 20221004, True])
def test_a_date_that_is_no_date_is_refused(bad):
    with pytest.raises(v.BadValue):
        v.calendar_day(bad)


def test_text_is_cut_to_its_column_and_loses_nul():
    assert v.text("  Motie\x00 Leijten  ", 5) == "Motie"
    assert v.text("   ") is None
    with pytest.raises(v.BadValue):
        v.text(12)
    with pytest.raises(v.BadValue):
        v.integer(True)
    with pytest.raises(v.BadValue):
        v.choice("Verzet", frozenset({"Gepland"}))


@pytest.mark.parametrize(
    ("soort", "kind"),
    [
        ("Plenair debat (tweeminutendebat)", "plenary"),
        ("Stemmingen", "plenary"),
        ("Notaoverleg", "notaoverleg"),
        ("Hoorzitting / rondetafelgesprek", "hearing"),
        ("Rondetafelgesprek", "hearing"),
        ("Procedurevergadering", "procedure"),
        ("Commissiedebat", "committee_debate"),
        ("Wetgevingsoverleg", "committee_debate"),
        ("Werkbezoek", "other"),
        (None, "other"),
    ],
)
def test_activity_kinds(soort, kind):
    assert activity_kind(soort) == kind


def test_the_demo_moves_by_whole_days_on_the_amsterdam_calendar():
    assert shift_value("2026-01-07T10:00:00+01:00", 182) == "2026-07-08T10:00:00+02:00"  # 10:00 stays 10:00
    assert shift_value("2026-01-07", 7) == "2026-01-14"


def test_the_file_api_answers_after_the_mark_a_page_at_a_time(tmp_path):
    import json

    from crm.parliament.files import FileApi
    from crm.parliament.records import api_row

    stamps = ["2026-01-01T10:00:00.0000001Z", "2026-01-01T10:00:00.0000002Z", "2026-01-01T10:00:00.0000002Z",
              "2026-01-01T10:00:01Z", "2026-01-01T10:00:02.5Z"]  # fmt: skip
    rows = [api_row("Persoon", f"00000000-0000-4000-8000-00000000000{n}", stamp) for n, stamp in enumerate(stamps)]
    (tmp_path / "Persoon_synthetic.json").write_text(json.dumps({"value": rows[::-1]}))
    (tmp_path / "CommissieZetel_synthetic.json").write_text(json.dumps({"value": []}))  # not a Commissie file
    api = FileApi(tmp_path, page_size=2)
    base = "http://127.0.0.1/OData/v4/2.0/Persoon"
    status, first = api.answer(f"{base}?$orderby=ApiGewijzigdOp")
    assert status == 200 and [r["ApiGewijzigdOp"] for r in first["value"]] == stamps[:2]
    status, second = api.answer(first["@odata.nextLink"])
    assert [r["ApiGewijzigdOp"] for r in second["value"]] == stamps[2:4]
    _, after = api.answer(f"{base}?$filter=ApiGewijzigdOp gt 2026-01-01T10:00:00.0000002Z")
    assert [r["ApiGewijzigdOp"] for r in after["value"]] == stamps[3:5]  # both rows at the mark left out
    _, at = api.answer(f"{base}?$filter=ApiGewijzigdOp ge 2026-01-01T10:00:00.0000002Z&$top=10")
    assert [r["ApiGewijzigdOp"] for r in at["value"]] == stamps[1:3]  # at the mark too; $top capped at the page size
    assert "@odata.nextLink" in at
    assert api.answer("http://127.0.0.1/OData/v4/2.0/Commissie")[1]["value"] == []
    assert api.answer("http://127.0.0.1/OData/v4/2.0/..%2Fsecrets")[0] == 404

"""The Tweede Kamer sync against a local HTTP server: paging, resuming, removed and changed rows, faults, dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from crm.audit.models import AuditEvent
from crm.parliament.client import ClientSettings, KamerClient
from crm.parliament.models import (
    KamerActivity,
    KamerAgendaItem,
    KamerCase,
    KamerDocument,
    KamerFractionMember,
    KamerPerson,
    KamerVote,
    agenda_item_cases,
    agenda_item_documents,
)
from crm.parliament.models_sync import SyncMark
from crm.parliament.records import api_row
from crm.parliament.sync import SyncBusy, sync
from tests.parliament_server import guid, recorded_rows, serve_kamer, stamp

PERSON = 1


@pytest.fixture
def kamer_server(tmp_path):
    yield from serve_kamer(tmp_path)


def client_for(server, **settings) -> KamerClient:
    options = {"tries": 3, "backoff": 0.0, "delay": 0.0, "timeout": 5.0, **settings}
    return KamerClient(ClientSettings(base_url=server.base_url, **options))


def person(n: int, published: str | None = None, **values) -> dict:
    fields = {"Achternaam": f"Achter{n}", "Roepnaam": f"Voor{n}", "Functie": "Tweede Kamerlid", **values}
    return api_row("Persoon", guid(PERSON, n), published or stamp(n), **fields)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def run_sync(server, sets=("Persoon",), **settings):
    with client_for(server, **settings) as client:
        return sync(sets, client=client)


def test_recorded_besluit_is_stored_with_its_links_votes_and_dates_in_amsterdam(db, kamer_server):
    for entity_set, rows in recorded_rows().items():
        kamer_server.put(entity_set, *rows)
    run = run_sync(kamer_server, ("Activiteit", "Agendapunt", "Zaak", "Document", "Besluit", "Stemming"))
    assert run.status == "succeeded", run.error
    activity = db.session.get(KamerActivity, "67a7af98-09b5-4f87-8975-a4f28e722cfe")
    assert activity.soort == "Stemmingen" and activity.kind == "plenary" and activity.status == "Uitgevoerd"
    assert activity.starts_at == datetime(2022, 10, 4, 13, 0)  # 15:00 in Amsterdam (+02:00)
    document = db.session.get(KamerDocument, "e5a7184c-f464-481f-b2ce-792191eeb012")
    assert document.number == "2022D37914"
    assert document.day == date(2022, 10, 4)  # "2022-10-04T00:00:00+02:00": that day, not the 3rd
    assert document.registered_on == date(2022, 9, 27)
    assert document.changed_at == datetime(2022, 11, 1, 12, 11, 13, 987000)  # "+01:00" in winter
    case = db.session.get(KamerCase, "28e3a47e-4602-4f9d-b051-4c5c3e05b0d8")
    assert case.number == "2022Z17826" and case.started_on == date(2022, 10, 4)
    assert count(db, KamerVote) == 20
    item_id = "b5a2b2ce-800c-4f0d-846c-2f2a192543b5"
    assert db.session.get(KamerAgendaItem, item_id).activity_id == activity.id
    assert db.session.execute(select(agenda_item_cases.c.case_id)).scalars().all() == [case.id]
    assert db.session.execute(select(agenda_item_documents.c.document_id)).scalars().all() == [document.id]
    assert db.session.get(SyncMark, "Stemming").mark == "2022-10-05T07:11:47.1661779Z"  # the latest, all 7 digits


def test_pages_are_followed_and_the_mark_is_the_last_rows_exact_time(db, kamer_server):
    kamer_server.page_size = kamer_server.api.page_size = 10
    kamer_server.put("Persoon", *(person(n) for n in range(1, 31)))
    run = run_sync(kamer_server)
    assert run.status == "succeeded"
    assert run.counts["Persoon"]["new"] == 30 and run.counts["Persoon"]["pages"] == 3
    assert len(kamer_server.requests_for("Persoon")) == 3
    assert "%24skip=20" in kamer_server.requests[-1] or "$skip=20" in kamer_server.requests[-1]
    assert count(db, KamerPerson) == 30
    assert db.session.get(SyncMark, "Persoon").mark == stamp(30)


def test_a_failure_on_page_3_keeps_pages_1_and_2_and_the_next_run_resumes_there(db, kamer_server):
    kamer_server.page_size = kamer_server.api.page_size = 10
    kamer_server.put("Persoon", *(person(n) for n in range(1, 31)))
    kamer_server.fail("500", entity_set="Persoon", page=3, times=3)  # every try of page 3
    failed = run_sync(kamer_server, tries=3)
    assert failed.status == "failed"
    assert "HTTP 500 after 3 tries" in failed.error and failed.error.startswith("Persoon")
    assert count(db, KamerPerson) == 20
    assert db.session.get(SyncMark, "Persoon").mark == stamp(20)
    kamer_server.requests.clear()
    resumed = run_sync(kamer_server)
    assert resumed.status == "succeeded"
    assert f"ApiGewijzigdOp%20gt%20{stamp(20)}" in kamer_server.requests[0]
    assert resumed.counts["Persoon"]["new"] == 10 and resumed.counts["Persoon"]["unchanged"] == 0  # none twice
    assert count(db, KamerPerson) == 30  # none skipped
    numbers = sorted(int(p.last_name.removeprefix("Achter")) for p in db.session.scalars(select(KamerPerson)))
    assert numbers == list(range(1, 31))


def test_a_removed_row_becomes_a_tombstone_and_a_changed_row_is_updated(db, kamer_server):
    kamer_server.put("Persoon", person(1), person(2))
    run_sync(kamer_server)
    kamer_server.put(
        "Persoon",
        person(1, Achternaam="Nieuwenhuis", published=stamp(10)),
        person(2, Verwijderd=True, published=stamp(11)),
    )
    run = run_sync(kamer_server)
    assert run.counts["Persoon"] == {
        "new": 0,
        "changed": 1,
        "removed": 1,
        "unchanged": 0,
        "skipped": 0,
        "pages": 1,
        "requests": 1,
    }
    assert db.session.get(KamerPerson, guid(PERSON, 1)).last_name == "Nieuwenhuis"
    removed = db.session.get(KamerPerson, guid(PERSON, 2))
    assert removed.removed is True and removed.last_name == "Achter2"  # kept, as a tombstone
    assert count(db, KamerPerson) == 2


def test_the_same_sync_twice_changes_nothing_and_writes_no_audit_entries(db, kamer_server):
    kamer_server.put("Persoon", person(1), person(2))
    first = run_sync(kamer_server)
    assert first.counts["Persoon"]["new"] == 2
    audit_before = count(db, AuditEvent)
    rows_before = count(db, KamerPerson)
    again = run_sync(kamer_server)
    assert again.counts["Persoon"] == {
        "new": 0,
        "changed": 0,
        "removed": 0,
        "unchanged": 0,
        "skipped": 0,
        "pages": 1,
        "requests": 1,
    }
    full = sync(("Persoon",), full=True, client=client_for(kamer_server))
    assert full.counts["Persoon"]["unchanged"] == 2 and full.counts["Persoon"]["changed"] == 0
    assert count(db, KamerPerson) == rows_before
    assert count(db, AuditEvent) == audit_before


@pytest.mark.parametrize("kind", ["500", "error200", "badjson", "drop"])
def test_a_fault_is_retried_and_the_run_goes_on(db, kamer_server, kind):
    kamer_server.put("Persoon", person(1))
    kamer_server.fail(kind, entity_set="Persoon", times=2)
    run = run_sync(kamer_server, tries=3)
    assert run.status == "succeeded", run.error
    assert run.counts["Persoon"]["new"] == 1 and run.counts["Persoon"]["requests"] == 3
    assert count(db, KamerPerson) == 1


def test_a_timeout_is_retried_and_after_the_last_try_the_run_fails_with_what_it_did(db, kamer_server):
    kamer_server.put("Persoon", person(1))
    kamer_server.put(
        "FractieZetelPersoon",
        api_row("FractieZetelPersoon", guid(9, 1), stamp(1), FractieZetel_Id=guid(8, 1), Persoon_Id=guid(PERSON, 1)),
    )
    kamer_server.fail("hang", entity_set="FractieZetelPersoon", times=2)
    run = run_sync(kamer_server, ("Persoon", "FractieZetelPersoon"), tries=2, timeout=0.2)
    kamer_server.release.set()
    assert run.status == "failed"
    assert (
        run.error
        == f"FractieZetelPersoon: timed out after 2 tries: {kamer_server.requests_for('FractieZetelPersoon')[0]}"
    )
    assert count(db, KamerPerson) == 1  # what it did before is kept
    assert count(db, KamerFractionMember) == 0


def test_bad_rows_are_skipped_listed_with_entity_and_id_and_the_run_goes_on(db, kamer_server):
    good = person(1)
    missing = person(2)
    del missing["Achternaam"]
    not_a_guid = {**person(3), "Id": "p3"}
    kamer_server.put("Persoon", good, missing, not_a_guid)
    kamer_server.data["Persoon"].append("not an object")
    kamer_server._write("Persoon")
    activity = api_row("Activiteit", guid(5, 1), stamp(1), Soort="Commissiedebat", Status="Verzet")
    kamer_server.put("Activiteit", activity)
    run = run_sync(kamer_server, ("Persoon", "Activiteit"))
    assert run.status == "succeeded"
    assert {(e["entity"], e["id"], e["message"]) for e in run.errors} == {
        ("Persoon", guid(PERSON, 2), "Achternaam: missing"),
        ("Persoon", "p3", "Id: not a GUID: 'p3'"),
        ("Persoon", None, "not a JSON object"),
        ("Activiteit", guid(5, 1), "Status: unknown value 'Verzet'"),
    }
    assert run.counts["Persoon"]["skipped"] == 3 and run.counts["Persoon"]["new"] == 1
    assert [p.id for p in db.session.scalars(select(KamerPerson))] == [guid(PERSON, 1)]


def test_dates_sent_as_local_midnight_are_that_day_in_summer_winter_and_before_1977(db, kamer_server):
    kamer_server.put(
        "Persoon", person(1, Geboortedatum="1976-09-16T00:00:00+02:00"), person(2, Geboortedatum="1980-02-01")
    )
    kamer_server.put(
        "FractieZetelPersoon",
        api_row(
            "FractieZetelPersoon",
            guid(9, 1),
            stamp(1),
            FractieZetel_Id=guid(8, 1),
            Persoon_Id=guid(PERSON, 1),
            Van="2022-10-04T00:00:00+02:00",
            TotEnMet="2023-01-10T00:00:00+01:00",
        ),
    )
    assert run_sync(kamer_server, ("Persoon", "FractieZetelPersoon")).status == "succeeded"
    assert db.session.get(KamerPerson, guid(PERSON, 1)).born_on == date(1976, 9, 16)
    assert db.session.get(KamerPerson, guid(PERSON, 2)).born_on == date(1980, 2, 1)
    seat = db.session.get(KamerFractionMember, guid(9, 1))
    assert (seat.from_date, seat.until_date) == (date(2022, 10, 4), date(2023, 1, 10))


def test_a_next_link_to_another_host_is_not_followed(db, kamer_server):
    kamer_server.page_size = kamer_server.api.page_size = 1
    kamer_server.put("Persoon", person(1), person(2))
    original = kamer_server.api.answer

    def answer(url):
        status, body = original(url)
        if "@odata.nextLink" in body:
            body["@odata.nextLink"] = "http://198.51.100.7/OData/v4/2.0/Persoon?$skip=1"
        return status, body

    kamer_server.api.answer = answer
    run = run_sync(kamer_server)
    assert run.status == "failed" and "leaves the configured API" in run.error
    assert len(kamer_server.requests) == 1


def test_a_second_run_while_one_holds_the_lock_is_refused(db, kamer_server):
    from crm.common.time import utcnow
    from crm.parliament.models_sync import SyncLock

    lock = db.session.get(SyncLock, 1)
    lock.run_id, lock.heartbeat_at = 999, utcnow()
    db.session.commit()
    with pytest.raises(SyncBusy):
        run_sync(kamer_server)
    assert kamer_server.requests == []


def test_the_sync_job_runs_a_sync_unless_one_is_running(db, app, kamer_server, monkeypatch):
    from crm.common.time import utcnow
    from crm.parliament.models_sync import SyncLock, SyncRun
    from crm.tasks.models import Job
    from crm.tasks.registry import KINDS
    from crm.tasks.schedule import make_scheduled_job

    assert KINDS["parliament_sync"].schedule_setting == "PARLIAMENT_SYNC_CRON" and KINDS["parliament_sync"].exclusive
    monkeypatch.setitem(app.config, "PARLIAMENT_API_URL", kamer_server.base_url)
    kamer_server.put("Persoon", person(1))

    def scheduled_run(minute: int) -> Job:
        job_id = make_scheduled_job(app, "parliament_sync", utcnow().replace(second=0) + timedelta(minutes=minute))
        app.extensions["tasks"].enqueue(job_id)  # immediate mode: the job runs here
        db.session.expire_all()
        return db.session.get(Job, job_id)

    job = scheduled_run(0)
    run = db.session.get(SyncRun, int(job.result_ref.rpartition(":")[2]))
    assert (job.status, run.trigger, run.status, run.counts["Persoon"]["new"]) == ("done", "job", "succeeded", 1)
    lock = db.session.get(SyncLock, 1)
    assert lock.run_id is None  # released
    lock.run_id, lock.heartbeat_at = run.id, utcnow()
    db.session.commit()
    busy = scheduled_run(1)
    assert (busy.status, busy.result_ref) == ("done", "parliament_sync:busy")  # never twice at once
    lock.heartbeat_at = utcnow().replace(year=2020)  # that run died long ago: the next one takes over
    db.session.commit()
    assert scheduled_run(2).result_ref.startswith("parliament_sync_run:")

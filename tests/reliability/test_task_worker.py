"""Real task workers (`flask crm worker` processes, not immediate mode) on a database that really commits:

- each task storage (a SQLite file, Redis, PostgreSQL) delivers a mail merge asked for through the web page to a
  worker, which makes it;
- a worker killed (SIGKILL, with its render processes) in the middle of a 342-letter merge: once its lease has run
  out a second worker finishes the job; the combined PDF has 342 letters, each municipality once, and exactly 342
  "letter" contacts were logged.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from crm.common.time import utcnow
from crm.extensions import READ_ONLY, db
from crm.interactions.models import Interaction
from crm.partners.models import Organisation
from crm.tasks.models import Job, JobPart
from tests.conftest import make_test_app
from tests.databases import on_postgres
from tests.reliability.conftest import CommittingClient, count_rows, make_user, signed_in
from tests.reliability.workers import (
    Storage,
    app_settings,
    redis_answers,
    redis_storage,
    sqlite_storage,
    wait_for,
    worker,
)

CALL = {
    "dossier_id": "0",
    "tagged": "y",
    "f_subject": "Cultuureducatie in uw gemeente",
    "f_body": "Wij vragen uw college om **cultuureducatie** te steunen in {gemeente}.",
}
NAME = re.compile(r"Gemeente Proef(\d{3})")


def queued_app(database_url: str, storage: Storage, **extra):
    app = make_test_app(database_url, **app_settings(storage, **extra))
    app.test_client_class = CommittingClient
    return app


def province_of(app, municipalities: int) -> tuple[int, str]:
    """A committed province with this many municipalities named "Gemeente Proef000 <tag>" …; (its id, the tag)."""
    tag = uuid.uuid4().hex[:6]
    with app.app_context():
        province = Organisation(name=f"Provincie Proef {tag}", kind="province")
        db.session.add(province)
        db.session.flush()
        db.session.add_all(
            Organisation(name=f"Gemeente Proef{i:03d} {tag}", kind="municipality", province_id=province.id,
                         address=f"Markt {i + 1}", postal_code="1234 AB", city=f"Proef{i:03d}")
            for i in range(municipalities)
        )  # fmt: skip
        db.session.commit()
        return province.id, tag


def start_merge(app, province_id: int, title: str) -> int:
    client = signed_in(app, make_user(app))
    response = client.submit("/documents/merge/new/builtin:municipal_call",
                             {**CALL, "title": title, "recipients": f"province:{province_id}", "output": "pdf",
                              "log_contacts": "y"})  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[-600:]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def broken_job(app) -> int:
    """A queued job whose handler raises (its arguments lack what it needs): a bug, not a worker's death."""
    from crm.tasks.services import new_job, start

    with app.app_context():
        job_id = new_job("transparency_pdf", owner=None, arguments={}).id
        db.session.commit()
        start(job_id)
        return job_id


def job_row(app, job_id: int):
    with app.app_context(), db.engine.connect() as connection:
        reader = connection.execution_options(**READ_ONLY)
        return reader.execute(select(Job.__table__).where(Job.id == job_id)).one()


def letters_in(pdf: bytes) -> list[set[str]]:
    """The municipalities named in each letter of a combined PDF (a letter starts at its "Pagina 1 van")."""
    letters: list[set[str]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        text = page.extract_text() or ""
        if "Pagina 1 van" in text or not letters:
            letters.append(set())
        letters[-1] |= set(NAME.findall(text))
    return letters


@pytest.fixture(params=["sqlite", "redis", "postgresql"])
def storage(request, tmp_path, committed_url) -> Storage:
    if request.param == "sqlite":
        return sqlite_storage(tmp_path)
    if request.param == "redis":
        return redis_storage()
    if not on_postgres():
        pytest.skip("the PostgreSQL task storage is tried in the PostgreSQL run of the suite")
    return Storage("postgresql", committed_url, f"test-{uuid.uuid4().hex[:8]}")


def test_a_real_worker_makes_a_mail_merge_delivered_by_each_storage(committed_url, storage, tmp_path):
    app = queued_app(committed_url, storage)
    province_id, tag = province_of(app, 3)
    title = f"Oproep {storage.name} {tag}"
    job_id = start_merge(app, province_id, title)
    assert job_row(app, job_id).status == "queued", "queued by the page, not run in the request"

    broken = broken_job(app)  # queued first: a task that raises is recorded, and the worker goes on
    with worker(committed_url, storage, tmp_path) as running:
        job = wait_for(lambda: (row := job_row(app, job_id)).status in ("done", "failed") and row, "the merge",
                       workers=(running,))  # fmt: skip
        assert running.process.poll() is None, "the worker is still running"
    assert job_row(app, broken).status == "failed" and "onverwachte fout" in job_row(app, broken).error
    assert job.status == "done", job.error
    assert job.worker_id and job.worker_id.split(":")[-1] == str(running.process.pid)
    names = letters_in(job.result)
    assert [sorted(n) for n in names] == [["000"], ["001"], ["002"]]
    assert count_rows(app, Interaction, Interaction.subject == f"Brief: {title}") == 3


def test_a_worker_killed_mid_merge_is_replaced_and_the_result_is_whole(committed_url, tmp_path):
    """The expensive one (342 letters, twice a worker): one run per database, with short leases."""
    storage = redis_storage() if on_postgres() and redis_answers() else sqlite_storage(tmp_path)
    app = queued_app(committed_url, storage)
    province_id, tag = province_of(app, 342)
    title = f"Oproep 342 {tag}"
    job_id = start_merge(app, province_id, title)

    with worker(committed_url, storage, tmp_path) as first:
        wait_for(lambda: 86 <= job_row(app, job_id).done < 342, "the first worker to be a quarter through",
                 workers=(first,))  # fmt: skip
        first.kill()
    killed = job_row(app, job_id)
    assert killed.status == "running" and killed.attempts == 1 and killed.done < 342
    assert count_rows(app, JobPart, JobPart.job_id == job_id) >= 86, "the letters made so far were kept"
    wait_for(lambda: job_row(app, job_id).lease_until < utcnow(), "the dead worker's lease to run out", timeout=30)

    with worker(committed_url, storage, tmp_path) as second:
        job = wait_for(lambda: (row := job_row(app, job_id)).status in ("done", "failed") and row,
                       "the second worker to finish the merge", workers=(second,))  # fmt: skip
    assert job.status == "done", job.error
    assert job.attempts == 2 and job.done == job.total == 342
    assert job.worker_id.split(":")[-1] == str(second.process.pid)
    letters = letters_in(job.result)
    assert len(letters) == 342
    assert all(len(names) == 1 for names in letters), "every letter names one municipality"
    assert sorted(n for names in letters for n in names) == [f"{i:03d}" for i in range(342)], "each one once"
    assert count_rows(app, Interaction, Interaction.subject == f"Brief: {title}") == 342
    assert count_rows(app, JobPart, JobPart.job_id == job_id) == 0, "the parts are dropped with the result kept"
    with app.app_context():
        logged = db.session.scalar(
            select(func.count(func.distinct(Interaction.id))).where(Interaction.subject == f"Brief: {title}")
        )
    assert logged == 342

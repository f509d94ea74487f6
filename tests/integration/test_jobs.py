"""Background jobs as users and administrators meet them: the jobs page with its filters, progress, errors and the
retry button; a job's own page for whoever started it; health endpoints; a queue that cannot be reached; the
sweeper, the lock per kind and scheduled runs; large reports made by a worker. Tasks run in immediate mode here
(the suite's transaction is invisible to another process); tests/reliability/ runs real workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.common.time import utcnow
from crm.documents.merge import create_job
from crm.documents.models import GeneratedDocument, MergeJob
from crm.documents.recipients import Selection
from crm.documents.services import choose
from crm.extensions import db
from crm.letters.models import Signatory
from crm.rendering.render import RenderOptions
from crm.tasks import services_locks
from crm.tasks.models import Job, TaskLock
from crm.tasks.queue import TaskQueue, build_huey
from crm.tasks.schedule import cron, in_zone, make_scheduled_job
from crm.tasks.sweeper import sweep
from tests.factories import OrganisationFactory
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_tasks import JobFactory, WorkerHeartbeatFactory
from tests.helpers import count, text_of
from tests.integration import test_transparency_report as transparency
from tests.integration.test_mail_merge import CALL, province_with

officials, dataset, Q3 = transparency.officials, transparency.dataset, transparency.Q3  # its fixtures
QUEUE_DOWN = "De achtergrondtaken zijn nu niet bereikbaar; probeer het zo opnieuw"


@pytest.fixture
def unreachable_queue(app, request):
    """The app's queue pointed at a storage that does not answer (a parameter: a SQLite file in a folder that
    does not exist, or a Redis port nobody listens on)."""
    url = request.param
    original = app.extensions["tasks"]
    settings = {**app.config, "TASKS_IMMEDIATE": False, "TASKS_URL": url}
    app.extensions["tasks"] = TaskQueue(app, build_huey(settings, app.instance_path))
    yield url
    app.extensions["tasks"] = original


DOWN = ["sqlite:////nonexistent-bondgenoot/folder/tasks.db", "redis://127.0.0.1:1/0"]


@pytest.mark.parametrize("unreachable_queue", DOWN, indirect=True)
def test_a_queue_that_is_down_gets_a_clear_message_and_nothing_is_saved(client, login_as, unreachable_queue):
    login_as("lobbyist")
    province, _ = province_with("Gemeente Een")
    response = client.submit("/documents/merge/new/builtin:municipal_call",
                             {**CALL, "recipients": f"province:{province.id}", "output": "pdf"})  # fmt: skip
    assert response.status_code == 503 and QUEUE_DOWN in text_of(response)
    assert "Cultuureducatie in uw gemeente" in response.get_data(as_text=True), "the form keeps what was typed"
    assert count(MergeJob) == 0 and count(Job) == 0

    letter = LetterFactory(status="approved")
    signatory = SignatoryFactory(letter=letter, signer_email="iemand@partner.test")
    from flask import current_app

    current_app.config["MAIL_SERVER"] = "127.0.0.1"
    try:
        page = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/link", {},
                             token_from=f"/letters/{letter.id}", follow_redirects=True)  # fmt: skip
    finally:
        current_app.config["MAIL_SERVER"] = ""
    assert QUEUE_DOWN in text_of(page)
    assert db.session.get(Signatory, signatory.id).token_hash is None, "no link made when it cannot be mailed"
    assert count(Job) == 0


def test_the_jobs_page_lists_filters_and_retries(client, login_as):
    admin = login_as("admin", language="en")
    JobFactory(kind="backup", status="done", total=1, done=1)
    failed = JobFactory(kind="form_token_cleanup", status="failed", error="Schijf vol.", attempts=3, owner=admin)
    JobFactory(kind="mail_merge", status="running", total=342, done=100, arguments={"title": "Oproep"},
               lease_until=utcnow() + timedelta(seconds=30))  # fmt: skip
    page = text_of(client.get("/admin/jobs/"))
    assert "No worker is running" in page
    assert "Schijf vol." in page and "100 of 342 (29%)" in page and "Backup" in page
    assert "Failed: 1" in page and "Running: 1" in page and "Done: 1" in page

    only_failed = text_of(client.get("/admin/jobs/?status=failed"))
    assert "Schijf vol." in only_failed and "100 of 342" not in only_failed
    only_backups = text_of(client.get("/admin/jobs/?kind=backup"))
    assert "Backup" in only_backups and "Schijf vol." not in only_backups

    WorkerHeartbeatFactory()
    assert "1 worker is running." in text_of(client.get("/admin/jobs/"))

    response = client.submit(f"/admin/jobs/{failed.id}/retry", {}, token_from="/admin/jobs/")
    assert response.status_code == 302
    retried = db.session.get(Job, failed.id)
    assert (retried.status, retried.error, retried.attempts) == ("done", None, 1), "run again (immediate mode)"
    again = client.submit(f"/admin/jobs/{failed.id}/retry", {}, token_from="/admin/jobs/", follow_redirects=True)
    assert "Only a failed job can be tried again." in text_of(again)


def test_a_job_page_is_for_its_owner_and_administrators(client, login_as):
    owner = login_as("lobbyist", language="en")
    job = JobFactory(kind="backup", status="failed", error="Geen ruimte.", owner=owner)
    assert "The job failed: Geen ruimte." in text_of(client.get(f"/jobs/{job.id}"))
    assert client.get(f"/jobs/{job.id}/status").json["status"] == "failed"
    someone_else = JobFactory(kind="backup", status="done", owner=None)
    assert client.get(f"/jobs/{someone_else.id}").status_code == 404
    assert client.get(f"/jobs/{someone_else.id}/status").status_code == 404
    assert client.post(f"/admin/jobs/{job.id}/retry").status_code in (400, 403)


def test_health_answers_json_for_a_load_balancer(client, db):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json == {"status": "ok"}
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert not_ready.json["checks"] == {"database": True, "tasks": True, "worker": False}
    WorkerHeartbeatFactory(seen_at=utcnow() - timedelta(minutes=5))  # a worker that stopped long ago
    assert client.get("/readyz").status_code == 503
    WorkerHeartbeatFactory()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "ready" and ready.json["workers"] == 1


def test_the_sweeper_requeues_a_dead_workers_job_and_fails_it_after_its_attempts(client, login_as):
    login_as("lobbyist")
    _province, towns = province_with("Gemeente Een", "Gemeente Twee")
    gone = utcnow() - timedelta(seconds=5)
    chosen = choose("builtin:municipal_call")
    orphan = create_job(chosen, {"subject": "Oproep", "body": "Tekst"}, title="Oproep", output="pdf",
                        selection=Selection("Testland", [f"organisation:{town.id}" for town in towns]),
                        log_contacts=False, options=RenderOptions(), author=None)  # fmt: skip
    orphan.status, orphan.attempts, orphan.max_attempts, orphan.lease_until = "running", 1, 3, gone
    orphan.total, orphan.worker_id = 2, "elders:123"
    exhausted = JobFactory(kind="backup", status="running", attempts=3, max_attempts=3, lease_until=gone)
    alive = JobFactory(kind="backup", status="running", attempts=1, lease_until=utcnow() + timedelta(seconds=60))
    db.session.flush()

    outcome = sweep()
    db.session.expire_all()  # the requeued job ran in a session of its own
    assert outcome["requeued"] == 1 and outcome["failed"] == 1
    assert db.session.get(Job, orphan.id).status == "done", db.session.get(Job, orphan.id).error
    assert db.session.get(Job, orphan.id).attempts == 2
    failed = db.session.get(Job, exhausted.id)
    assert failed.status == "failed" and "3 keer gestopt" in failed.error
    assert db.session.get(Job, alive.id).status == "running", "a live lease is left alone"


def test_a_lock_per_kind_is_held_by_one_holder_until_its_lease_ends(db):
    assert services_locks.acquire("backup", "job:1", 60)
    assert not services_locks.acquire("backup", "job:2", 60), "held by another"
    assert services_locks.acquire("backup", "job:1", 60), "the holder renews it"
    db.session.get(TaskLock, "backup").lease_until = utcnow() - timedelta(seconds=1)
    assert services_locks.acquire("backup", "job:2", 60), "an expired lease is free"
    services_locks.release("backup", "job:2")
    assert db.session.get(TaskLock, "backup") is None


def test_an_exclusive_job_waits_while_another_of_its_kind_runs(app, db):
    assert services_locks.acquire("form_token_cleanup", "job:elsewhere", 60)
    job = JobFactory(kind="form_token_cleanup", status="queued")
    app.extensions["tasks"].enqueue(job.id)
    db.session.expire_all()  # the task ran in a session of its own
    waiting = db.session.get(Job, job.id)
    assert (
        waiting.status == "queued" and waiting.attempts == 0 and "wacht daarop" in waiting.error
    )  # in Dutch: no request, so the default language
    assert waiting.not_before is not None


def test_a_scheduled_run_makes_one_job_per_minute_whichever_worker_asks(app, db):
    moment = utcnow().replace(second=0, microsecond=0)
    first = make_scheduled_job(app, "form_token_cleanup", moment)
    assert first is not None
    assert make_scheduled_job(app, "form_token_cleanup", moment + timedelta(seconds=30)) is None
    assert make_scheduled_job(app, "form_token_cleanup", moment + timedelta(minutes=1)) is not None


def test_cron_expressions_are_checked_and_read_in_the_organisations_time_zone():
    nightly = in_zone(cron("30 2 * * *", "SCHEDULE_BACKUP"), "Europe/Amsterdam")
    from datetime import datetime

    assert nightly(datetime(2026, 12, 7, 1, 30))  # 02:30 in Amsterdam is 01:30 UTC in winter
    assert not nightly(datetime(2026, 12, 7, 2, 30))
    assert nightly(datetime(2026, 7, 7, 0, 30))  # and 00:30 UTC in summer
    for wrong in ("30 2 * *", "61 * * * *", "every night"):
        with pytest.raises(ValueError, match="SCHEDULE_BACKUP"):
            cron(wrong, "SCHEDULE_BACKUP")


def test_the_nightly_backup_keeps_the_newest_and_is_listed(app, db, tmp_path, monkeypatch, client, login_as):
    if db.engine.url.get_backend_name() == "sqlite" and not db.engine.url.database:
        pytest.skip("an in-memory database has no backup")
    monkeypatch.setitem(app.config, "BACKUP_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "BACKUP_KEEP", 2)
    for old in ("bondgenoot-20240101-000000.dump", "bondgenoot-20240102-000000.dump",
                "bondgenoot-20240101-000000.sqlite", "notes.txt"):  # fmt: skip
        (tmp_path / old).write_bytes(b"x")
    job_id = make_scheduled_job(app, "backup", utcnow())
    app.extensions["tasks"].enqueue(job_id)
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job.status == "done", job.error
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert job.result_filename in kept and "notes.txt" in kept, "only our own backups are pruned"
    assert len([name for name in kept if name.startswith("bondgenoot-")]) == 2
    login_as("admin", language="en")
    assert "Backup" in text_of(client.get("/admin/jobs/?kind=backup"))


def test_a_large_transparency_report_is_made_by_a_worker_and_found_on_its_job_page(
    client, login_as, dataset, monkeypatch, app
):
    monkeypatch.setitem(app.config, "REPORT_QUEUE_ROWS", 3)  # the dataset has 7 rows in the third quarter
    user = login_as("lobbyist", language="en")
    response = client.submit(f"/reports/transparency/pdf?{Q3}", token_from=f"/reports/transparency?{Q3}")
    job = db.session.scalars(select(Job).where(Job.kind == "transparency_pdf")).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    document = db.session.scalars(select(GeneratedDocument)).one()
    assert job.status == "done" and job.owner_id == user.id and job.result_ref == f"generateddocument:{document.id}"
    assert document.title == "Lobby transparency 2026-07-01 to 2026-09-30" and document.created_by_id == user.id
    page = client.get(f"/jobs/{job.id}")
    assert "Open the result" in text_of(page) and f'href="/documents/{document.id}"' in page.get_data(as_text=True)


def test_a_large_access_export_is_made_by_a_worker_and_waits_a_day(client, login_as, monkeypatch, app):
    from tests import pdf
    from tests.factories_privacy import world

    monkeypatch.setitem(app.config, "REPORT_QUEUE_ROWS", 1)
    login_as("admin")
    w = world()
    documents = count(GeneratedDocument)
    response = client.submit(f"/privacy/people/{w.person.id}/access", {"format": "pdf"},
                             token_from=f"/privacy/people/{w.person.id}")  # fmt: skip
    job = db.session.scalars(select(Job).where(Job.kind == "access_pdf")).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}") and job.status == "done"
    download = client.get(f"/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf"
    assert "Persoonsgegevens van Sanne Verhoeven" in pdf.text(download.data)
    assert count(GeneratedDocument) == documents, "not kept as a document"

    from crm.privacy.tasks import erase_waiting_exports

    assert erase_waiting_exports(w.person.id + 1000) == 0, "someone else's export is left alone"
    from crm.maintenance.tasks import erase_old_exports

    assert erase_old_exports(utcnow() + timedelta(hours=25)) == 1
    assert client.get(f"/jobs/{job.id}/download").status_code == 404


def test_a_failed_invitation_e_mail_shows_its_reason_and_is_sent_again(client, login_as, app, monkeypatch):
    from aiosmtpd.controller import Controller

    from tests.integration.test_letters_record import Inbox
    from tests.reliability.test_invitation_mail import free_port

    port = free_port()
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_ATTEMPTS": 1}.items():
        monkeypatch.setitem(app.config, key, value)
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="approved")
    signatory = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"),
                                 signer_email="anke@lkca.test")  # fmt: skip
    page = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/link", {},
                         token_from=f"/letters/{letter.id}")  # fmt: skip
    assert "The email could not be sent (ConnectionRefusedError" in text_of(page)
    letter_page = text_of(client.get(f"/letters/{letter.id}"))
    assert "e-mail failed: ConnectionRefusedError" in letter_page and "Send again" in letter_page

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        again = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/resend", {},
                              token_from=f"/letters/{letter.id}", follow_redirects=True)  # fmt: skip
    finally:
        server.stop()
    assert "The invitation to anke@lkca.test is being sent again." in text_of(again)
    assert len(inbox.messages) == 1 and "e-mail sent" in text_of(client.get(f"/letters/{letter.id}"))
    link = page.get_data(as_text=True).split('value="', 1)[1].split('"', 1)[0]
    assert link in inbox.messages[0].content.decode()


def test_used_form_tokens_are_cleaned_up_by_the_scheduled_job_not_by_requests(app, db, client):
    from crm.common.form_tokens import UsedFormToken, claim

    old = UsedFormToken(token="o" * 32, used_at=utcnow() - timedelta(days=3))
    db.session.add_all([old, UsedFormToken(token="n" * 32, used_at=utcnow() - timedelta(hours=1))])
    db.session.flush()
    for number in range(300):  # a request's claim never deletes anything (it used to, one in a hundred)
        assert claim(f"{number:032d}", None) is None
    assert db.session.get(UsedFormToken, old.id) is not None

    job_id = make_scheduled_job(app, "form_token_cleanup", utcnow())
    app.extensions["tasks"].enqueue(job_id)
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job.status == "done" and job.arguments["deleted"] == 1
    tokens = set(db.session.scalars(select(UsedFormToken.token)))
    assert "o" * 32 not in tokens and "n" * 32 in tokens


def test_erasing_a_person_erases_their_access_export_waiting_on_its_job(client, login_as, monkeypatch, app):
    from tests.factories_privacy import world
    from tests.integration.test_privacy_erasure import erase

    monkeypatch.setitem(app.config, "REPORT_QUEUE_ROWS", 1)
    login_as("admin")
    w = world()
    client.submit(f"/privacy/people/{w.person.id}/access", {"format": "pdf"},
                  token_from=f"/privacy/people/{w.person.id}")  # fmt: skip
    job = db.session.scalars(select(Job).where(Job.kind == "access_pdf")).one()
    assert client.get(f"/jobs/{job.id}/download").status_code == 200
    assert erase(client, w.person.id).status_code == 302
    assert client.get(f"/jobs/{job.id}/download").status_code == 404
    assert db.session.get(Job, job.id).result is None


def test_a_waiting_merge_says_when_no_worker_is_running(client, login_as):
    from tests.factories_documents import MergeJobFactory

    user = login_as("lobbyist", language="en")
    waiting = MergeJobFactory(status="queued", done=0, total=3, result=None, owner=user)
    assert "No worker is running" in text_of(client.get(f"/documents/merge/{waiting.id}"))
    WorkerHeartbeatFactory()
    page = text_of(client.get(f"/documents/merge/{waiting.id}"))
    assert "No worker is running" not in page and "Waiting to start" in page

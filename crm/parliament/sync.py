"""A sync run: fetch what changed per entity set, upsert it page by page, project it into the registry.

`sync(entity_sets=None, full=False)` is the one entry: `flask crm parliament sync [--full]` calls it, and so does
the job that the "Sync now" button and `PARLIAMENT_SYNC_CRON` queue (`crm/parliament/tasks.py`). It takes the
sync lock, so two runs never overlap (a run that died is taken over once its heartbeat is older than
`PARLIAMENT_LOCK_MINUTES`). Each page is committed together with its entity set's mark; a run that stops (an
error after the last try, a killed process) keeps what it committed and the next run resumes at the mark. The
sync's own writes to the registry are attributed to the system ("Tweede Kamer (sync)"), never to a user.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import httpx
from flask import current_app
from sqlalchemy import or_, update

from crm.audit.context import acting_as
from crm.common.services import get_or_add
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.parliament.client import ClientSettings, FetchError, KamerClient
from crm.parliament.files import DEMO_BASE_URL, DemoTransport
from crm.parliament.models_sync import RunStatus, SyncLock, SyncMark, SyncRun
from crm.parliament.records import BY_NAME, ENTITY_SETS, EntitySet
from crm.parliament.store import store_page

ACTOR = "Tweede Kamer (sync)"
MAX_ERRORS = 500  # skipped rows listed per run; the counts say how many there were in all


class SyncBusy(Exception):
    """Another run holds the sync."""


def make_client(transport: httpx.BaseTransport | None = None) -> KamerClient:
    """The client as configured: `PARLIAMENT_API_URL` (`demo:` = the bundled demo parliament, no network)."""
    config = current_app.config
    base_url = config["PARLIAMENT_API_URL"]
    if base_url.startswith("demo:"):
        base_url, transport = DEMO_BASE_URL, transport or DemoTransport(today())
    settings = ClientSettings(
        base_url=base_url,
        timeout=config["PARLIAMENT_TIMEOUT_SECONDS"],
        tries=config["PARLIAMENT_TRIES"],
        backoff=config["PARLIAMENT_BACKOFF_SECONDS"],
        delay=config["PARLIAMENT_DELAY_SECONDS"],
        page_size=config["PARLIAMENT_PAGE_SIZE"] or None,
    )
    return KamerClient(settings, transport=transport)


def selected_sets(names: Iterable[str] | None) -> list[EntitySet]:
    if not names:
        return list(ENTITY_SETS)
    unknown = sorted(set(names) - set(BY_NAME))
    if unknown:
        raise ValueError(f"Unknown entity sets: {', '.join(unknown)}")
    wanted = set(names)
    return [entity for entity in ENTITY_SETS if entity.name in wanted]


def activity_window(day: date) -> str:
    config = current_app.config
    start = day - timedelta(days=config["PARLIAMENT_ACTIVITY_DAYS_BACK"])
    end = day + timedelta(days=config["PARLIAMENT_ACTIVITY_DAYS_AHEAD"])
    return f"Datum ge {start.isoformat()}T00:00:00Z and Datum le {end.isoformat()}T23:59:59Z"


# --- the lock ---------------------------------------------------------------------------------------------------


def _take_lock(run_id: int) -> bool:
    now = utcnow()
    stale = now - timedelta(minutes=current_app.config["PARLIAMENT_LOCK_MINUTES"])
    if db.session.get(SyncLock, 1) is None:
        db.session.add(SyncLock(id=1))
        db.session.flush()
    taken = db.session.execute(
        update(SyncLock)
        .where(SyncLock.id == 1, or_(SyncLock.run_id.is_(None), SyncLock.heartbeat_at < stale))
        .values(run_id=run_id, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def _heartbeat(run_id: int) -> None:
    db.session.execute(
        update(SyncLock)
        .where(SyncLock.id == 1, SyncLock.run_id == run_id)
        .values(heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _release_lock(run_id: int) -> None:
    db.session.execute(
        update(SyncLock)
        .where(SyncLock.id == 1, SyncLock.run_id == run_id)
        .values(run_id=None, heartbeat_at=None)
        .execution_options(synchronize_session=False)
    )


def sync_is_running() -> bool:
    lock = db.session.get(SyncLock, 1)
    if lock is None or lock.run_id is None or lock.heartbeat_at is None:
        return False
    return lock.heartbeat_at >= utcnow() - timedelta(minutes=current_app.config["PARLIAMENT_LOCK_MINUTES"])


# --- one entity set ---------------------------------------------------------------------------------------------


def _sync_set(run: SyncRun, entity: EntitySet, client: KamerClient, *, full: bool) -> None:
    mark = get_or_add(SyncMark, entity_set=entity.name)
    start = None if full else mark.mark
    window = activity_window(today()) if entity.windowed else None
    counts: Counter = Counter()
    requests_before = client.requests
    url = client.first_url(entity.name, mark=start, expand=entity.expand, extra_filter=window)
    try:
        for page in client.pages(url):
            result = store_page(entity, page.rows)
            counts.update(result.counts)
            counts["pages"] += 1
            if result.last_mark is not None:
                mark.mark = result.last_mark
            room = MAX_ERRORS - len(run.errors or [])
            if result.errors and room > 0:
                run.errors = [*(run.errors or []), *result.errors[:room]]
            _record(run, entity.name, counts, client.requests - requests_before)
            _heartbeat(run.id)
            db.session.commit()  # the page and its mark together: a resume starts after this page
    finally:
        _record(run, entity.name, counts, client.requests - requests_before)


def _record(run: SyncRun, name: str, counts: Counter, requests: int) -> None:
    entry = {key: int(counts.get(key, 0)) for key in ("new", "changed", "removed", "unchanged", "skipped", "pages")}
    run.counts = {**(run.counts or {}), name: {**entry, "requests": requests}}


# --- the run ----------------------------------------------------------------------------------------------------


def sync(
    entity_sets: Iterable[str] | None = None,
    full: bool = False,
    *,
    trigger: str = "cli",
    client: KamerClient | None = None,
) -> SyncRun:
    """Sync the given entity sets (all by default) from their marks (`full`: from the start). Returns the run,
    committed, whether it succeeded or failed; raises `SyncBusy` when another run holds the lock."""
    from crm.parliament.registry import project_registry

    chosen = selected_sets(entity_sets)
    run = SyncRun(full=full, trigger=trigger, counts={}, errors=[], requests=0)
    db.session.add(run)
    db.session.commit()
    if not _take_lock(run.id):
        db.session.delete(run)
        db.session.commit()
        raise SyncBusy("Another sync of the Tweede Kamer is running.")
    db.session.commit()
    own_client = client is None
    client = client or make_client()
    projected = False
    current = chosen[0].name
    try:
        with acting_as(ACTOR):
            for entity in chosen:
                if not entity.projected and not projected:
                    project_registry(run)  # the registry first: the agenda's pages link to its people
                    projected = True
                current = entity.name
                _sync_set(run, entity, client, full=full)
            if not projected:
                project_registry(run)
        run.status = RunStatus.SUCCEEDED.value
    except FetchError as error:
        db.session.rollback()
        run.status = RunStatus.FAILED.value
        run.error = f"{current}: {error}"
        with acting_as(ACTOR):
            project_registry(run)  # what the run did commit still reaches the registry
    except Exception as error:
        db.session.rollback()
        run.status = RunStatus.FAILED.value
        run.error = f"{type(error).__name__}: {str(error)[:500]}"
        current_app.logger.exception("Tweede Kamer sync run %s failed", run.id)
    finally:
        run.requests = client.requests
        run.finished_at = utcnow()
        _release_lock(run.id)
        db.session.commit()
        if own_client:
            client.close()
    return run

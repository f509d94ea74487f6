"""The inbound SMTP listener (`flask crm mail-listener`): mail forwarded or BCC'd to a user's own address is kept and
handed to the task queue, which logs the contact as that user.

Refused at the SMTP level, before any data is kept: a recipient that is not a current address under
MAIL_INBOUND_DOMAIN (550), and a message larger than MAIL_INBOUND_MAX_BYTES (552; the limit is announced as SIZE in
the EHLO answer, so a sender that knows the size does not even send it). While the database or the task storage
cannot be reached the answer is 451: the sending server keeps the message and tries again later.

Its own process, never a thread of the web server. The database work of each command runs in a worker thread of
the event loop, inside an application context of its own.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

from crm.extensions import READ_ONLY, db
from crm.permissions import has_permission

log = logging.getLogger(__name__)
MAX_RECIPIENTS = 20


class InboundHandler:
    def __init__(self, app: Flask):
        self.app = app
        self.domain = (app.config.get("MAIL_INBOUND_DOMAIN") or "").lower()

    def _in_app(self, work, *args) -> Any:
        with self.app.app_context():
            try:
                return work(*args)
            finally:
                db.session.remove()

    async def _run(self, work, *args) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, self._in_app, work, *args)

    def _user_id(self, address: str) -> int | None:
        from crm.inbox.queries import user_for_local_part

        local, _at, domain = address.rpartition("@")
        if not local or domain.lower() != self.domain:
            return None
        db.session.connection(execution_options=READ_ONLY)  # a reader: on SQLite it never waits for the write lock
        user = user_for_local_part(local)
        # A colleague who may no longer log contacts (made read-only, deactivated) has no address that works.
        return user.id if user is not None and has_permission(user, "contacts.write") else None

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:  # fmt: skip
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            user_id = await self._run(self._user_id, address)
        except Exception:
            log.exception("inbound mail: could not look up %r", address)
            return "451 4.3.0 Temporary failure, try again later"
        if user_id is None:
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        envelope.__dict__.setdefault("user_ids", []).append(user_id)
        return "250 OK"

    def _queue(self, user_ids: list[int], data: bytes) -> list[int]:
        from crm.auth.models import User
        from crm.inbox.tasks import queue_received
        from crm.tasks.services import ensure_reachable, start

        ensure_reachable()
        job_ids = []
        for user_id in dict.fromkeys(user_ids):  # the same colleague twice in one delivery: once
            user = db.session.get(User, user_id)
            if user is not None:
                job_ids.append(queue_received(user, data))
        db.session.commit()
        for job_id in job_ids:
            start(job_id)  # the job is committed: a storage that goes away now fails it visibly, mail is not lost
        return job_ids

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or envelope.content or b""
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogateescape")
        try:
            await self._run(self._queue, envelope.__dict__.get("user_ids", []), data)
        except Exception:
            log.exception("inbound mail: could not queue a message")
            return "451 4.3.0 Temporary failure, try again later"
        return "250 2.0.0 Message accepted for logging"


def make_controller(app: Flask, *, host: str | None = None, port: int | None = None) -> Controller:
    """The listener, not started: `controller.start()` serves on a thread of its own, `stop()` ends it."""
    return Controller(
        InboundHandler(app),
        hostname=host or app.config["MAIL_INBOUND_HOST"],
        port=app.config["MAIL_INBOUND_PORT"] if port is None else port,
        data_size_limit=app.config["MAIL_INBOUND_MAX_BYTES"],
        ident="Bondgenoot",
        server_hostname=app.config.get("MAIL_INBOUND_DOMAIN") or None,
    )

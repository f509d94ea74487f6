"""`flask crm mail-listener`: the inbound SMTP listener, a process of its own (see the README's deployment)."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("mail-listener")
@click.option("--host", default=None, help="Address to listen on (default: MAIL_INBOUND_HOST).")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port (default: MAIL_INBOUND_PORT).")
@with_appcontext
def mail_listener_command(host: str | None, port: int | None) -> None:
    """Accept mail forwarded or BCC'd to the users' own addresses and log it as contacts (through the task queue)."""
    from crm.inbox.listener import make_controller

    app = current_app._get_current_object()
    controller = make_controller(app, host=host, port=port)
    stop = threading.Event()
    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, lambda *_: stop.set())
    controller.start()
    click.echo(
        f"Listening for mail to *@{app.config['MAIL_INBOUND_DOMAIN']} on {controller.hostname}:{controller.port} "
        f"(at most {app.config['MAIL_INBOUND_MAX_BYTES']} bytes a message). Ctrl+C stops."
    )
    try:
        stop.wait()
    finally:
        controller.stop()

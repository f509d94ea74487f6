"""`flask crm …` commands. They use the same services as the web pages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from crm.audit.context import acting_as
from crm.common.errors import ServiceError
from crm.extensions import db
from crm.permissions import Role

crm_cli = AppGroup("crm", help="Bondgenoot commands: demo data, users, documents, backups.")


def _english(message: Any) -> str:
    """A message of the app (a lazy translation) in English, as everything the commands print is; what they make
    (a document's default title, a mail merge's recipients) stays in the organisation's language, as on the web."""
    with force_locale("en"):
        return str(message)


def _add_domain_commands() -> None:
    from crm.imports.cli import import_command
    from crm.inbox.cli import mail_listener_command
    from crm.parliament.cli import parliament_cli

    crm_cli.add_command(parliament_cli)
    crm_cli.add_command(import_command)
    crm_cli.add_command(mail_listener_command)


_add_domain_commands()


def _print_logins(logins: list[tuple[str, str]]) -> None:
    from crm.demo.data import PASSWORD

    if not logins:
        return
    click.echo(f"Demo logins (password for all: {PASSWORD}):")
    for email, role in logins:
        click.echo(f"  {email:<28} {role}")


@crm_cli.command("seed-demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only load the demo data when the database has no users and no organisations (what `make run` uses).",
)
def seed_demo_command(if_empty: bool) -> None:
    """Load the demo organisations, people, coalitions, dossiers and the four demo users."""
    from crm.demo.seed import database_is_empty, demo_is_loaded, demo_logins, seed_demo

    if if_empty and not database_is_empty():
        click.echo("The database already holds data; demo data not loaded.")
    elif demo_is_loaded():
        click.echo("The demo data is loaded already; nothing added (loading it twice would double the registry).")
    else:
        counts = seed_demo()
        db.session.commit()
        click.echo("Demo data loaded: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")
    _print_logins(demo_logins())


@crm_cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default=None, help="Display name (default: the part of the email before @).")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl")
def create_user_command(email: str, role: str, name: str | None, language: str) -> None:
    """Create a user. Asks for the password, or reads it from standard input when that is not a terminal."""
    import email_validator

    import crm.common.forms  # noqa: F401 - accepts the .test domain of the demo, as the web forms do
    from crm.auth.password_policy import password_problem
    from crm.auth.services import create_user

    try:  # the same check as the user form on the web
        email_validator.validate_email(email, check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise click.ClickException(f"{email} is not a valid email address: {error}") from error
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(password, [email, name])
    if problem is not None:  # the same rule as the forms on the web: long enough, not common
        raise click.ClickException(_english(problem))
    try:
        with acting_as("cli:create-user"):
            user = create_user(
                email=email, name=name or email.split("@")[0], role=role, password=password, language=language
            )
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(_english(error.message)) from error
    click.echo(f"Created {user.email} ({user.role}).")


def _template_ref(template: str) -> str:
    """ "joint_letter", "builtin:joint_letter", "template:3" or a shared template's name → a template reference."""
    from crm.documents.queries import shared_template_named

    if template.partition(":")[0] in ("builtin", "template"):
        return template
    shared = shared_template_named(template)
    return f"template:{shared.id}" if shared else f"builtin:{template}"


def _document_input(data_file, chosen) -> dict:
    """The JSON file's field values, with organisations and dossiers given by name or by id."""
    import json

    from crm.documents.context import input_from_data

    try:
        data = json.load(data_file) if data_file else {}
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{data_file.name} is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise click.ClickException("The data file must hold one JSON object: field name → value.")
    return input_from_data(chosen.meta, data)


def _choose(template: str):
    from crm.documents.services import choose

    try:
        return choose(_template_ref(template))
    except ServiceError as error:
        raise click.ClickException(f"{template}: {_english(error.message)}") from error


@crm_cli.command("render")
@click.argument("template")
@click.option("--data", "data_file", type=click.File("r", encoding="utf-8"), help="JSON: field name → value.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--title", default=None, help="The document's title (default: the template's title).")
@click.option("--pdfa", is_flag=True, help="Write PDF/A-3b, for the archive.")
def render_command(template: str, data_file, output: str, title: str | None, pdfa: bool) -> None:
    """Make a document from TEMPLATE (a built-in name, builtin:NAME, template:ID or a shared template's name).

    The PDF is written to OUTPUT and kept as a generated document, as when made in the browser.
    """

    from crm.documents.services import generate
    from crm.rendering.render import RenderOptions

    chosen = _choose(template)
    raw = _document_input(data_file, chosen)
    try:
        with acting_as("cli:render"):
            document = generate(chosen, raw, title=title or chosen.label, author=None,
                                options=RenderOptions(pdfa=pdfa))  # fmt: skip
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(_english(error.message)) from error
    Path(output).write_bytes(document.pdf)
    click.echo(f"Wrote {output}: {document.page_count} pages, {document.size:,} bytes (document #{document.id}).")


@crm_cli.command("mail-merge")
@click.argument("template")
@click.option("--recipients", required=True,
              help='municipalities | province:NAME | coalition:NAME | committee:NAME | "organisations:kind=fund&tag=x"'
                   ' | "people:…" (names or ids).')  # fmt: skip
@click.option("--data", "data_file", type=click.File("r", encoding="utf-8"), help="JSON: field name → value.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="OUT.pdf (one combined PDF) or OUT.zip (one PDF per recipient).")  # fmt: skip
@click.option("--title", default=None, help="The letter's title (default: the template's title).")
@click.option("--log-contacts", is_flag=True, help='Log a "letter" contact with every recipient.')
@click.option("--here", is_flag=True, help="Run the merge in this process instead of handing it to a task worker.")
def mail_merge_command(template: str, recipients: str, data_file, output: str, title: str | None,
                       log_contacts: bool, here: bool) -> None:  # fmt: skip
    """One letter from TEMPLATE per recipient: the same job the mail merge page queues, run by a task worker
    (`flask crm worker`) while this command shows its progress; --here runs it in this process."""

    from crm.documents import merge
    from crm.documents import recipients as recipient_sets
    from crm.documents.models import MergeOutput
    from crm.rendering.render import RenderOptions
    from crm.tasks.cli import follow_job, run_here
    from crm.tasks.queue import QueueUnavailable
    from crm.tasks.services import QUEUE_DOWN, ensure_reachable, start

    kind = {".pdf": MergeOutput.PDF, ".zip": MergeOutput.ZIP}.get(Path(output).suffix.lower())
    if kind is None:
        raise click.ClickException("The output must end in .pdf (one combined PDF) or .zip (one PDF per recipient).")
    chosen = _choose(template)
    raw = _document_input(data_file, chosen)
    try:
        with acting_as("cli:mail-merge"):
            selection = recipient_sets.resolve(recipients)
            job = merge.create_job(chosen, raw, title=title or chosen.label, selection=selection,
                                   output=kind.value, log_contacts=log_contacts, options=RenderOptions(),
                                   author=None)  # fmt: skip
            if not here:
                ensure_reachable()
            job_id = job.id
            db.session.commit()
            click.echo(f"{recipients}: {len(selection.refs)} recipients (mail merge #{job_id})…")
            if here:
                run_here(job_id)
            else:
                start(job_id)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(_english(error.message)) from error
    except QueueUnavailable as error:
        db.session.rollback()
        raise click.ClickException(f"{QUEUE_DOWN} ({error}); --here runs the merge in this process.") from error
    job = follow_job(job_id)
    Path(output).write_bytes(job.result)
    click.echo(f"Wrote {output}: {job.total} letters, {len(job.result):,} bytes (mail merge #{job.id}).")


@crm_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent backup of the whole database to PATH while the app keeps running.

    SQLite: the online backup API (one file); PostgreSQL: pg_dump in its custom format.
    """
    from crm.maintenance.backup import BackupError, backup

    try:
        info = backup(db.engine.url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {info.describe()}.")


@crm_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with the backup in PATH (made by `flask crm backup`).

    Refuses a file that is not a backup of this kind of database; restores in one transaction.
    """
    from crm.maintenance.backup import BackupError, head_revision, inspect_backup, restore

    url = db.engine.url
    try:
        info = inspect_backup(url, path)
        if not yes:
            click.confirm(f"Replace everything in {url.render_as_string(hide_password=True)} with the backup "
                          f"{info.describe()}?", abort=True)  # fmt: skip
        db.engine.dispose()  # this process's own connections hold nothing while the database is replaced
        restore(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {info.describe()}.")
    if info.revision != head_revision():
        click.echo(f"The backup is at schema revision {info.revision}; run `flask db upgrade` before starting the app.")


def _register_task_commands() -> None:
    from crm.tasks.cli import worker_command

    crm_cli.add_command(worker_command)


_register_task_commands()

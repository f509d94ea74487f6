"""`flask crm …` commands. They use the same services as the web pages."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from crm.audit.context import acting_as
from crm.common.errors import ServiceError
from crm.extensions import db
from crm.permissions import Role

crm_cli = AppGroup("crm", help="Bondgenoot commands: demo data, users.")


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
    from crm.demo.seed import database_is_empty, demo_logins, seed_demo

    if if_empty and not database_is_empty():
        click.echo("The database already holds data; demo data not loaded.")
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
    from flask import current_app

    from crm.auth.services import create_user

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise click.ClickException(f"The password must have at least {minimum} characters.")
    try:
        with acting_as("cli:create-user"):
            user = create_user(
                email=email, name=name or email.split("@")[0], role=role, password=password, language=language
            )
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Created {user.email} ({user.role}).")

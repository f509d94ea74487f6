"""`flask crm import FILE --kind people --mapping NAME [--dry-run]`: the same services as the import pages."""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import force_locale

from crm.audit.context import acting_as
from crm.common.errors import ServiceError
from crm.extensions import db
from crm.imports.models import ImportKind, RowChoice


def _english(message) -> str:
    with force_locale("en"):
        return str(message)


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice([k.value for k in ImportKind]), required=True, help="What the rows are.")
@click.option(
    "--mapping", "mapping_name", help="A mapping saved on the import page; default: suggested from the headers."
)
@click.option(
    "--duplicates",
    type=click.Choice([c.value for c in RowChoice]),
    default=RowChoice.SKIP.value,
    show_default=True,
    help="What to do with rows that look like a record already in the registry.",
)
@click.option("--as", "as_email", help="The user the import is recorded for (default: none, the command itself).")
@click.option("--dry-run", is_flag=True, help="Check every row and report what would happen; save nothing.")
def import_command(path: Path, kind: str, mapping_name: str | None, duplicates: str, as_email: str | None,
                   dry_run: bool) -> None:  # fmt: skip
    """Import organisations, people or contacts from a CSV or XLSX file."""
    from crm.auth.queries import user_by_email
    from crm.imports import services
    from crm.imports.rows import RowChecker
    from crm.imports.running import execute

    author = user_by_email(as_email) if as_email else None
    if as_email and author is None:
        raise click.ClickException(f"No user with the e-mail address {as_email}.")
    with acting_as("cli:import", author.id if author else None):
        try:
            imp = services.upload(path.name, path.read_bytes(), kind, author=author, mapping_name=mapping_name)
            missing = RowChecker(kind, imp.mapping).missing_required()
            if missing:
                names = ", ".join(_english(f.label) for f in missing)
                raise click.ClickException(f"No column is mapped to: {names}. Save a mapping on the import page.")
            imp.default_choice = duplicates
            imp.status = "queued"
            execute(imp)
        except ServiceError as error:
            db.session.rollback()
            raise click.ClickException(_english(error.message)) from error
        click.echo(f"{imp.rows_total} rows: {imp.rows_created} created, {imp.rows_updated} updated, "
                   f"{imp.rows_skipped} skipped.")  # fmt: skip
        for error in imp.row_errors[:50]:
            click.echo(f"row {error['row']}: {' '.join(error['problems'])}", err=True)
        if dry_run:
            db.session.rollback()
            click.echo("Dry run: nothing was saved.")
            return
        import_id = imp.id
        db.session.commit()
        click.echo(f"Import #{import_id} saved; it can be undone on its page (/import/{import_id}).")

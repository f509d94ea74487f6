"""`flask crm parliament …`: the Tweede Kamer sync from the command line (the same function the task queue calls)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from crm.parliament.records import ENTITY_SETS

parliament_cli = AppGroup("parliament", help="The Tweede Kamer's open data: sync the agenda, Kamerleden and more.")


@parliament_cli.command("sync")
@click.option("--full", is_flag=True, help="Fetch everything again from the start, not only what changed.")
@click.option(
    "--set",
    "entity_sets",
    multiple=True,
    type=click.Choice([e.name for e in ENTITY_SETS]),
    help="Only this entity set (repeatable). Default: all, in order.",
)
def sync_command(full: bool, entity_sets: tuple[str, ...]) -> None:
    """Fetch what changed at the Tweede Kamer since the last sync (PARLIAMENT_API_URL) and bring it in."""
    from crm.parliament.sync import SyncBusy, sync

    try:
        run = sync(entity_sets or None, full=full, trigger="cli")
    except SyncBusy as error:
        raise click.ClickException(str(error)) from error
    for name, counts in (run.counts or {}).items():
        click.echo(
            f"{name:<32} new {counts['new']:>7}  changed {counts['changed']:>7}  removed {counts['removed']:>5}"
            f"  skipped {counts['skipped']:>5}  requests {counts['requests']:>5}"
        )
    for error in (run.errors or [])[:20]:
        click.echo(f"skipped {error['entity']} {error.get('id') or '?'}: {error['message']}", err=True)
    if run.status != "succeeded":
        raise click.ClickException(f"The sync failed: {run.error} (what it fetched before is kept; run it again).")
    click.echo(f"Sync #{run.id} done: {run.requests} requests in {run.duration_seconds:.1f} s.")

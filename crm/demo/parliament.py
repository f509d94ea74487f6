"""The demo parliament: the bundled files (crm/demo/parliament/) imported by the Tweede Kamer sync itself, through
its client and importer, over a local transport instead of the network."""

from __future__ import annotations

from crm.common.time import today
from crm.parliament.client import ClientSettings, KamerClient
from crm.parliament.files import DEMO_BASE_URL, DemoTransport
from crm.parliament.sync import sync


def seed_parliament() -> dict[str, int]:
    client = KamerClient(ClientSettings(base_url=DEMO_BASE_URL, tries=1, delay=0.0), transport=DemoTransport(today()))
    with client:
        run = sync(trigger="demo", client=client)
    if run.status != "succeeded":
        raise RuntimeError(f"The demo parliament could not be imported: {run.error}")
    return {"parliament_rows": run.total("new")}

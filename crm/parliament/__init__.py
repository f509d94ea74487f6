"""The Tweede Kamer's open data in Bondgenoot: a mirror of the Gegevensmagazijn's entity sets kept in sync, the
registry projection (fractions, committees and Kamerleden as organisations and people), and the parliamentary agenda.

Layout:
- `models.py` / `models_sync.py`: the mirror tables (one per entity set, keyed by the Kamer's GUID) and the sync's
  own bookkeeping (marks, runs, the lock);
- `records.py`: the entity sets and how a JSON row becomes a table row (validation, dates in Amsterdam);
- `client.py`: the OData client on httpx (timeouts, retries with backoff, paging by `@odata.nextLink`);
- `store.py`: upsert of a page of rows; `sync.py`: a sync run; `registry.py`: the projection into the registry;
- `queries.py` / `views.py`: the agenda, activity, sync status and review pages.
"""

SOURCE = "tweedekamer"  # the `source` of registry rows the Kamer owns

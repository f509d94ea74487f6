"""Webhooks, a domain like the others: an administrator's subscriptions (`models.py`), the events the domains
announce from their writes (`events.py` names them, `services.emit` records a delivery per subscription in the
writer's transaction), the delivery task (`tasks.py`) and where it may deliver (`targets.py`, the SSRF guard).
The API's administrators' pages (crm/api/views_tokens.py) manage subscriptions through `services` and `queries`."""

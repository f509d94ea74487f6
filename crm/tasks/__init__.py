"""Background work: a task queue (Huey) that delivers jobs whose rows are the truth (see models.py).

- queue.py            the Huey instance of an app, built from its configuration (SQLite file, Redis or PostgreSQL)
- current.py          `task_queue()`, the app's queue, and QueueUnavailable: what code that queues a job imports
- registry.py         the kinds of job the domains define next to their services (`@job_kind`)
- services.py         queue a job (row first, then the message), retry a failed one
- services_runner.py  a worker runs a job: claim it, keep its lease, record its end; one side effect once
- sweeper.py          jobs whose worker died (lease expired) are queued again, or failed after too many attempts
- services_locks.py   a lease per kind, so exclusive work never runs twice at once, on any number of machines
- schedule.py         scheduled work from cron expressions in the configuration
- services_worker.py  `flask crm worker`: the consumer, its scheduler and the worker's heartbeat
"""

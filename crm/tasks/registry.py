"""The kinds of background job. A domain defines its kinds next to its services:

    @job_kind("mail_merge", label=_l("Mail merge"))
    def run_mail_merge(job: Job, run: Run) -> None: ...

The handler gets the job row (claimed by this worker) and the run (for progress, side effects done once, and
checking that the job is still ours). It raises RetryLater for a passing failure (a mail server that is down), a
ServiceError or RenderError for a failure the owner should read; anything else is recorded as an unexpected error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str
    handler: Callable[..., None]
    label: Any
    exclusive: bool = False  # never two at once, on any machine (a lock per kind)
    schedule_setting: str | None = None  # the configuration key with its cron expression, for scheduled work
    max_attempts_setting: str = "JOB_MAX_ATTEMPTS"


KINDS: dict[str, Kind] = {}


class RetryLater(Exception):
    """A passing failure: try the job again after `seconds` (while attempts remain)."""

    def __init__(self, reason: str, seconds: float):
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds


def job_kind(name: str, *, label: Any, exclusive: bool = False, schedule: str | None = None,
             max_attempts: str = "JOB_MAX_ATTEMPTS"):  # fmt: skip
    def register(handler: Callable[..., None]) -> Callable[..., None]:
        KINDS[name] = Kind(name, handler, label, exclusive, schedule, max_attempts)
        return handler

    return register


def kind_label(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label) if kind else name

"""The README's deployment fits the render limits: a render a request waits for ends well before gunicorn's worker
timeout, so the request answers "te groot / duurde te lang" instead of being killed with a 500 (issue 13, item 2)."""

from __future__ import annotations

import re
import shlex

import pytest

from config import REQUEST_TIMEOUT_MARGIN_SECONDS, configuration, request_limits_fit
from tests.processes import README, readme_gunicorn_command

PRODUCTION = configuration({"BONDGENOOT_ENV": "production"})  # the defaults of a production install


def option(command: list[str], name: str) -> str:
    assert name in command, f"the README's gunicorn command states no {name}: {shlex.join(command)}"
    return command[command.index(name) + 1]


def test_the_readme_states_the_gunicorn_timeout_and_the_request_render_limits_fit_it():
    command = readme_gunicorn_command()
    timeout = int(option(command, "--timeout"))
    assert "--no-control-socket" in command
    for limit in (PRODUCTION["DOCUMENT_REQUEST_SECONDS"], PRODUCTION["DOCUMENT_PREVIEW_SECONDS"]):
        assert limit + REQUEST_TIMEOUT_MARGIN_SECONDS <= timeout
    assert PRODUCTION["DOCUMENT_PREVIEW_SECONDS"] <= PRODUCTION["DOCUMENT_REQUEST_SECONDS"]
    assert request_limits_fit(PRODUCTION, timeout) == []


def test_the_readme_documents_the_request_limits():
    readme = README.read_text(encoding="utf-8")
    for name in ("DOCUMENT_REQUEST_SECONDS", "DOCUMENT_PREVIEW_SECONDS", "DOCUMENT_RENDER_SECONDS"):
        assert re.search(rf"\| `{name}` \| `{configuration({})[name]}` \|", readme), name


LIMITS = configuration({"DOCUMENT_REQUEST_SECONDS": "20", "DOCUMENT_PREVIEW_SECONDS": "10"})


@pytest.mark.parametrize(
    ("timeout", "refused"),
    [(60, []), (30, []), (29, ["DOCUMENT_REQUEST_SECONDS"]), (20, ["DOCUMENT_REQUEST_SECONDS"]),
     (19, ["DOCUMENT_REQUEST_SECONDS", "DOCUMENT_PREVIEW_SECONDS"]), (0, [])],
)  # fmt: skip
def test_the_start_up_check_refuses_limits_that_do_not_fit_the_worker_timeout(timeout, refused):
    problems = request_limits_fit(LIMITS, timeout)
    assert [problem.split("=")[0] for problem in problems] == refused  # 0: gunicorn without a timeout

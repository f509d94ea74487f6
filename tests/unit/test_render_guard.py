"""Each layer that keeps a render worker from outliving its parent works on its own (crm.rendering.render_guard):
the parent-death signal, the watchdog, and the CPU-time limit. Real processes, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.processes import ROOT, read_process

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process handling")

# The worker: ties its life to its parent with one layer only, says so, then idles like a worker between renders.
WORKER = """
import os, sys, time
from crm.rendering import render_guard
if sys.argv[1] == "watchdog":
    render_guard._ask_for_death_signal = lambda: None
else:
    render_guard._watch = lambda parent: None
render_guard.die_with_parent(os.getppid())
print("ready", flush=True)
while True:
    time.sleep(1)
"""
# Its parent: starts it, passes on its pid once it is ready, and waits to be killed.
PARENT = """
import subprocess, sys, time
worker = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]], stdout=subprocess.PIPE)
assert worker.stdout.readline().strip() == b"ready"
print(worker.pid, flush=True)
time.sleep(600)
"""


@pytest.fixture
def parent_and_worker(request) -> Iterator[tuple[subprocess.Popen, int]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT, WORKER, request.param], stdout=subprocess.PIPE,  # noqa: S603
                              cwd=ROOT, env=env)  # fmt: skip
    worker = int(parent.stdout.readline())
    yield parent, worker
    parent.kill()
    parent.wait()
    if (process := read_process(worker)) is not None and process.state != "Z":
        os.kill(worker, signal.SIGKILL)


def gone_within(pid: int, seconds: float) -> bool:
    started = read_process(pid).started
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:  # bounded poll
        now = read_process(pid)
        if now is None or now.started != started or now.state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("parent_and_worker", ["death-signal", "watchdog"], indirect=True)
def test_a_worker_dies_with_its_parent_by_each_layer_alone(parent_and_worker):
    parent, worker = parent_and_worker
    assert read_process(worker).parent == parent.pid
    os.kill(parent.pid, signal.SIGKILL)
    assert gone_within(worker, 3)


def test_a_runaway_render_is_stopped_by_the_cpu_limit_when_nobody_else_stops_it():
    spin = (
        "from crm.rendering import render_guard\n"
        "render_guard.CPU_GRACE_SECONDS = 0\n"
        "render_guard.limit_cpu(1)\n"
        "while True:\n    pass\n"
    )
    finished = subprocess.run([sys.executable, "-c", spin], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},  # noqa: S603
                              timeout=60, check=False)  # fmt: skip
    assert finished.returncode == -signal.SIGXCPU

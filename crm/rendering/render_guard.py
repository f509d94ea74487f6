"""What keeps a render worker process from running on after the web process that started it is gone.

Runs in the worker (crm.rendering.render starts it with `init_worker`), except the Spawner, which the web process
uses to start workers. Three layers, any one of which suffices:

1. The kernel's parent-death signal (Linux `prctl(PR_SET_PDEATHSIG, SIGKILL)`): the worker is killed the moment
   its parent goes, even while it holds the GIL in a long C call. The signal is tied to the *thread* that started
   the worker, not the process — so the web process starts workers only from threads that live as long as it does
   (the Spawner below, and the pool's own manager thread for the replacements it starts).
2. A watchdog thread that kills the worker when its parent process changes (it was re-parented to init or a
   subreaper): for systems without prctl, and for the moment between the start and the prctl call.
3. A CPU-time limit (RLIMIT_CPU) per render, a little above the time the parent waits: a last resort, should the
   other two fail, so a runaway render stops by itself.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import math
import os
import queue
import resource
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_SECONDS = 0.25  # how often the watchdog looks at the parent
CPU_GRACE_SECONDS = 5  # CPU time a render may use beyond its wall-clock limit before the kernel stops it


def init_worker(memory_mb: int, parent_pid: int) -> None:
    """The pool's initializer: the memory limit, then tie the worker's life to its parent's."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    die_with_parent(parent_pid)


def die_with_parent(parent_pid: int) -> None:
    _ask_for_death_signal()
    if os.getppid() != parent_pid:  # the parent went before the prctl took effect
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def _ask_for_death_signal() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the watchdog and the CPU limit remain
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGKILL)


def limit_cpu(seconds: float) -> None:
    """Before each render: the process may use `seconds` (plus a grace) more CPU time, then the kernel ends it with
    SIGXCPU. Only the soft limit moves, so it can be raised again for the next render."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds + CPU_GRACE_SECONDS)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


class Spawner:
    """In the web process: one long-lived thread that hands every render to the pool, so every worker the pool
    starts on demand is started from it. A worker's parent-death signal fires when the *thread* that started it ends:
    started from a request's thread (the development server runs one per request) or a mail merge's thread, a
    worker would be killed as soon as that thread ended, breaking the pool for everyone. This thread ends with the
    process; the pool's own manager thread, which starts the replacements, with the pool."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def call(self, function, *args):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():  # not yet, or this is a forked child
                self._jobs = queue.SimpleQueue()
                self._thread = threading.Thread(target=self._serve, args=(self._jobs,), name="render-spawner",
                                                daemon=True)  # fmt: skip
                self._thread.start()
            jobs = self._jobs
        done: concurrent.futures.Future = concurrent.futures.Future()
        jobs.put((done, function, args))
        return done.result()

    @staticmethod
    def _serve(jobs: queue.SimpleQueue) -> None:
        while True:
            done, function, args = jobs.get()
            try:
                done.set_result(function(*args))
            except BaseException as error:  # handed to the caller, raised there
                done.set_exception(error)

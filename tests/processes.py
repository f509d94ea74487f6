"""gunicorn as the README's deployment starts it, for tests that need the real server: its command, and the
processes under it (read from /proc, Linux)."""

from __future__ import annotations

import shlex
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def readme_gunicorn_command() -> list[str]:
    """The gunicorn command of the README's deployment section, as its arguments."""
    lines = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith(".venv/bin/gunicorn ")]
    assert len(lines) == 1, lines
    return shlex.split(lines[0].split("#")[0])


def serving_command(port: int, workers: int = 1, **options: str) -> list[str]:
    """The README's command with this venv's gunicorn, on a loopback port, with `workers` workers and the options
    given replaced (timeout="15" → --timeout 15); everything else as written."""
    command = [sys.executable, "-m", "gunicorn", *readme_gunicorn_command()[1:]]
    replaced = {"--workers": str(workers), "--bind": f"127.0.0.1:{port}",
                **{f"--{name}": value for name, value in options.items()}}  # fmt: skip
    for name, value in replaced.items():
        if name in command:
            command[command.index(name) + 1] = value
        else:
            command[-1:-1] = [name, value]
    return command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Process:
    pid: int
    parent: int
    started: int  # clock ticks after boot: with the pid, it tells this process from a later one with the same pid
    state: str
    cpu_seconds: float
    command: str

    @property
    def running(self) -> bool:
        """Alive and not a zombie waiting to be reaped (its parent is gone; init reaps it in its own time)."""
        now = read_process(self.pid)
        return now is not None and now.started == self.started and now.state not in ("Z", "X")


def read_process(pid: int) -> Process | None:
    import os

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
    ticks = os.sysconf("SC_CLK_TCK")
    return Process(pid, int(fields[1]), int(fields[19]), fields[0], (int(fields[11]) + int(fields[12])) / ticks,
                   command)  # fmt: skip


def children(pid: int) -> list[Process]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            process = read_process(int(entry.name))
            if process is not None and process.parent == pid:
                found.append(process)
    return found


def descendants(pid: int) -> list[Process]:
    found = []
    for child in children(pid):
        found += [child, *descendants(child.pid)]
    return found

"""The benchmarks and the demo data import the app's modules before any app exists: importing them must not need
every model imported first (a loader option built at import time configures the mappers too early)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["bench.run", "crm.demo.seed", "crm.meetings.queries", "crm.meetings.queries_stats"])
def test_a_module_imports_on_its_own(module):
    result = subprocess.run(  # noqa: S603 - our own interpreter and module names
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]

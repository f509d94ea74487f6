"""The import contracts in pyproject.toml (run by `make lint`) are the architecture written down: they pass on the
code as it is, and an import that breaks one fails `lint-imports`, naming the contract. And no two files of crm/
import each other, however long the way round."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from config import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Circles left to the work that owns those files (crm/api): the merge removes them from this list.
KNOWN_CIRCLES: list[set[str]] = []


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """crm/ and pyproject.toml in a folder of their own, where a test may break an import without harm."""
    folder = tmp_path_factory.mktemp("contracts")
    shutil.copytree(ROOT / "crm", folder / "crm", ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copy(ROOT / "config.py", folder / "config.py")
    return folder


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(  # noqa: S603 - our own venv's executable on our own copy
        [str(LINT_IMPORTS), "--no-cache"], cwd=folder, env=environment, capture_output=True, text=True, timeout=300
    )


def test_the_untouched_code_keeps_every_contract(copy):
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_a_domain_imported_by_the_renderer_breaks_its_contract(copy, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(copy, broken)
    sandbox = broken / "crm" / "rendering" / "sandbox.py"
    sandbox.write_text(sandbox.read_text(encoding="utf-8") + "\nimport crm.partners.models  # noqa\n", "utf-8")

    result = lint_imports(broken)

    assert result.returncode != 0
    assert "crm.rendering knows no domain: it turns a template and plain data into a PDF BROKEN" in result.stdout
    assert "crm.rendering.sandbox -> crm.partners.models" in result.stdout
    assert "Contracts: 2 kept, 2 broken." in result.stdout  # and the storeys: rendering is the bottom one


def test_a_domain_that_imports_a_page_above_it_breaks_the_storeys(copy, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(copy, broken)
    queries = broken / "crm" / "meetings" / "queries.py"
    queries.write_text(queries.read_text(encoding="utf-8") + "\nimport crm.dashboard.queries  # noqa\n", "utf-8")

    result = lint_imports(broken)

    assert result.returncode != 0
    assert "Two storeys" in result.stdout and "crm.meetings is not allowed to import crm.dashboard" in result.stdout


def test_no_two_files_of_crm_import_each_other():
    """A circle: a chain of imports from a file back to itself (imports for type checking only do not count)."""
    graph = grimp.build_graph("crm", exclude_type_checking_imports=True)
    circles = [circle for circle in _strongly_connected(graph) if circle not in KNOWN_CIRCLES]
    assert circles == []


def _strongly_connected(graph) -> list[set[str]]:
    """Tarjan's algorithm over the module graph: every group of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups

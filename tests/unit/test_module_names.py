"""One naming scheme over all of crm/: a module's name says what it holds.

Routes live in `views.py` / `views_<thing>.py`; writes through the session in `services.py` /
`services_<thing>.py` (or a job's `tasks.py`, a command's `cli.py`). Any other name is a helper without routes and
without writes. Read from the source, so a new module that drifts fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

CRM = Path(__file__).resolve().parents[2] / "crm"

ROUTE_METHODS = {"route", "get", "post", "put", "patch", "delete"}
SESSION_WRITES = {"add", "add_all", "delete", "flush", "merge"}
STATEMENT_WRITES = {"insert", "update", "delete"}

# Modules in other helpers' areas that drift today (issue 14): the merge shrinks this list as they are renamed.
ALLOWED_ROUTES: set[str] = set()
ALLOWED_WRITES = {
    "api/tokens.py",
    "api/writes.py",
    "common/form_tokens.py",
    "common/locking.py",
    "demo/letters.py",
    "demo/meetings.py",
    "demo/seed.py",
    "imports/erasure.py",
    "imports/running.py",
    "imports/undo.py",
    "interactions/models.py",  # a mapper event keeps a counter row up to date
    "merging/links.py",
    "notifications/digests.py",
    "notifications/reminders.py",
    "parliament/matching.py",
    "parliament/registry.py",
    "parliament/store.py",
    "parliament/sync.py",
    "watch/announcing.py",
    "watch/matching.py",
}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(CRM).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(CRM.rglob("*.py"))
    ]


def _defines_routes(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                func = decorator.func if isinstance(decorator, ast.Call) else None
                if isinstance(func, ast.Attribute) and func.attr in ROUTE_METHODS and isinstance(func.value, ast.Name):
                    return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_url_rule":
            return True
    return False


def _sqlalchemy_names(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy")
        for alias in node.names
    }


def _is_session(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "session") or (
        isinstance(node, ast.Attribute) and node.attr == "session"
    )


def _writes(tree: ast.Module) -> bool:
    statements = _sqlalchemy_names(tree) & STATEMENT_WRITES
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in SESSION_WRITES and _is_session(func.value):
            return True
        if isinstance(func, ast.Name) and func.id in statements:
            return True
    return False


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".py")


def test_only_views_modules_define_routes():
    drifting = [
        path
        for path, tree in _modules()
        if _defines_routes(tree) and not _name(path).startswith("views") and path not in ALLOWED_ROUTES
    ]
    assert drifting == [], "routes belong in views.py or views_<thing>.py"


def test_only_services_tasks_and_commands_write_through_the_session():
    drifting = [
        path
        for path, tree in _modules()
        if _writes(tree)
        and not _name(path).startswith("services")
        and _name(path) not in ("tasks", "cli")
        and path not in ALLOWED_WRITES
    ]
    assert drifting == [], "writes belong in services.py or services_<thing>.py (a job's tasks.py, a command's cli.py)"


def test_the_allow_list_holds_only_modules_that_still_drift():
    modules = dict(_modules())
    stale = sorted(path for path in ALLOWED_ROUTES if path not in modules or not _defines_routes(modules[path]))
    stale += sorted(path for path in ALLOWED_WRITES if path not in modules or not _writes(modules[path]))
    assert stale == []


def test_the_checks_see_a_route_and_a_write():
    views = ast.parse('@bp.get("/x")\ndef page():\n    return ""\n')
    service = ast.parse("from crm.extensions import db\n\ndef save(row):\n    db.session.add(row)\n")
    statement = ast.parse("from sqlalchemy import update\n\ndef close(Job):\n    return update(Job)\n")
    helper = ast.parse("def fold(text):\n    return text.casefold()\n")
    assert _defines_routes(views) and not _defines_routes(helper)
    assert _writes(service) and _writes(statement) and not _writes(helper)

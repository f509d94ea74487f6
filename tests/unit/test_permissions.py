from types import SimpleNamespace

import pytest

from crm.permissions import PERMISSIONS, Role, can_archive, can_edit, has_permission


def user(role: str, user_id: int = 1):
    return SimpleNamespace(role=role, id=user_id, is_authenticated=True)


def test_the_role_table():
    assert has_permission(user("viewer"), "registry.read")
    assert not has_permission(user("viewer"), "registry.write")
    assert has_permission(user("lobbyist"), "registry.write")
    assert not has_permission(user("lobbyist"), "registry.archive")
    assert has_permission(user("director"), "registry.archive")
    assert not has_permission(user("director"), "users.manage")
    assert all(has_permission(user("admin"), name) for name in PERMISSIONS)


def test_anonymous_has_no_permission_and_unknown_permissions_are_errors():
    assert not has_permission(SimpleNamespace(is_authenticated=False), "registry.read")
    with pytest.raises(KeyError):
        has_permission(user("admin"), "registry.delete")


def test_object_rules():
    owned = SimpleNamespace(owner_id=7, is_archived=False)
    archived = SimpleNamespace(owner_id=7, is_archived=True)
    assert can_archive(user("lobbyist", 7), owned)
    assert not can_archive(user("lobbyist", 8), owned)
    assert not can_archive(user("viewer", 7), owned)
    assert can_archive(user("director", 8), owned)
    assert can_edit(user("lobbyist"), owned) and not can_edit(user("lobbyist"), archived)
    assert {role.value for role in Role} == {"admin", "director", "lobbyist", "viewer"}

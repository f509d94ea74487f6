import pytest

from crm.common.urls import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil",
        "javascript:alert(1)",
        "http:/evil",
        "/ok\r\nSet-Cookie: x",
        "",
        None,
        "relative/path",
    ],
)
def test_unsafe_targets_fall_back(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/", "/people/?q=jansen&page=2", "/organisations/12#members"])
def test_paths_inside_the_app_are_kept(target):
    assert safe_next(target, "/home") == target

"""The account menu in the header of every signed-in page is named by what it shows (WCAG 2.5.3, label in name)."""

from __future__ import annotations

import lxml.html
import pytest


@pytest.mark.parametrize("language, suffix", [("en", "account menu"), ("nl", "accountmenu")])
def test_the_account_menu_is_named_by_the_visible_name_of_the_user(client, login_as, language, suffix):
    login_as("lobbyist", name="Robin Example", language=language)
    for url in ("/", "/organisations/", "/account"):
        summary = lxml.html.fromstring(client.get(url).get_data(as_text=True)).xpath(
            "//details[@class='user-menu']/summary"
        )[0]
        # No aria-label: it would replace the name a sighted user sees and says to a speech-input program.
        assert summary.get("aria-label") is None, url
        visible = summary.xpath("span[@class='user-name']")[0].text_content()
        accessible = " ".join(
            part.text_content() for part in summary.iterchildren() if part.get("aria-hidden") != "true"
        )
        assert visible == "Robin Example"
        assert accessible.startswith(visible) and accessible.endswith(f", {suffix}"), url

"""Markdown written by users, rendered to HTML that is safe to show: sanitised with nh3 after rendering."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from flask_babel import gettext as _
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ul", "ol", "li", "a", "h2", "h3", "h4", "h5",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "div": {"class"}, "sup": {"id"},
                      "li": {"id"}}  # fmt: skip
EXTENSIONS = ["extra", "sane_lists"]


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    # The footnote's way back carries a tooltip: in the reader's language ("{}" is where Markdown puts the number).
    backlink = _("Back to footnote %(number)s in the text", number="{}")
    html = markdown_lib.markdown(
        text,
        extensions=EXTENSIONS,
        extension_configs={"extra": {"footnotes": {"BACKLINK_TITLE": backlink}}},
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above

"""Markdown written by users, rendered to HTML that is safe to show: sanitised with nh3 after rendering."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as etree

import markdown as markdown_lib
import nh3
from flask_babel import gettext as _
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ul", "ol", "li", "a", "h2", "h3", "h4", "h5",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "div": {"class"}, "sup": {"id"},
                      "li": {"id"}}  # fmt: skip
EXTENSIONS = ["extra", "sane_lists"]


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _converter(*extensions: Extension) -> markdown_lib.Markdown:
    # The footnote's way back carries a tooltip: in the reader's language ("{}" is where Markdown puts the number).
    backlink = _("Back to footnote %(number)s in the text", number="{}")
    return markdown_lib.Markdown(
        extensions=[*EXTENSIONS, *extensions],
        extension_configs={"extra": {"footnotes": {"BACKLINK_TITLE": backlink}}},
        output_format="html",
    )


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_clean(_converter().convert(text)))  # noqa: S704 - sanitised by nh3


class _MarkNotes(Treeprocessor):
    """Puts a paragraph holding `marker` just before the footnotes' block (the last one: Markdown adds it at the end
    of the text, and it runs before this), so the HTML can be cut there once it is sanitised."""

    def __init__(self, md: markdown_lib.Markdown, marker: str):
        super().__init__(md)
        self.marker = marker

    def run(self, root: etree.Element) -> None:
        notes = [i for i, child in enumerate(root) if child.tag == "div" and child.get("class") == "footnote"]
        if notes:
            mark = etree.Element("p")
            mark.text = self.marker
            root.insert(notes[-1], mark)


class _NotesApart(Extension):
    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker

    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:
        md.treeprocessors.register(_MarkNotes(md, self.marker), "bondgenoot-notes-apart", 5)


def render_markdown_parts(text: str | None) -> tuple[Markup, Markup]:
    """The text and its footnotes apart, so a page can put something between them where a PDF sends the notes to
    the foot of the page (a letter's closing and signature come before its notes)."""
    if not text:
        return Markup(""), Markup("")
    marker = f"notes-{secrets.token_hex(16)}"  # unguessable: the text itself cannot hold it
    html = _clean(_converter(_NotesApart(marker)).convert(text))
    before, found, after = html.partition(f"<p>{marker}</p>")
    if not found:
        return Markup(html), Markup("")  # noqa: S704 - sanitised by nh3
    return Markup(before), Markup(after)  # noqa: S704 - sanitised by nh3, cut between two whole top-level elements

"""Markdown written by users, rendered to HTML that is safe to show: sanitised with nh3 after rendering.

One renderer for the screen and the PDFs: CommonMark (markdown-it-py), so text is read the way people type it — a
list may follow a line of text directly, without a blank line — with tables and footnotes (mdit-py-plugins).
Footnotes come out in the shape the document templates' stylesheets expect (a `div.footnote` with `li#fn:N-…`, calls
`sup#fnref:N-…`), numbered in the order they are called. A document renders each chapter on its own, every one
numbering its notes from 1: the anchors carry a short digest of the text after the number, so the first note of
chapter 2 is not a second "fn:1" that its call would never reach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import nh3
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ul", "ol", "li", "a", "h2", "h3", "h4", "h5",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "div": {"class"}, "sup": {"id"},
                      "li": {"id"}, "ol": {"start"}}  # fmt: skip


def _names(tokens: Sequence[Token], idx: int, env) -> tuple[int, str, str]:
    """The note's number, its anchor ("fn:1-3fa2c9") and the anchor of this call of it ("fnref:1-…", "fnref2:1-…")."""
    number, again, key = tokens[idx].meta["id"] + 1, tokens[idx].meta.get("subId", 0), env.get("notes", "")
    return number, f"fn:{number}-{key}", f"fnref{again + 1 if again else ''}:{number}-{key}"


def _footnote_ref(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    number, note, call = _names(tokens, idx, env)
    return f'<sup id="{call}"><a class="footnote-ref" href="#{note}">{number}</a></sup>'


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return '<div class="footnote">\n<hr>\n<ol>\n'


def _footnote_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</div>\n"


def _footnote_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    return f'<li id="{_names(tokens, idx, env)[1]}">'


def _footnote_anchor(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    number, _note, call = _names(tokens, idx, env)
    title = escape(env.get("backlink", "{}").replace("{}", str(number)))
    return f'&#160;<a class="footnote-backref" href="#{call}" title="{title}">&#8617;</a>'


def _align_attribute(state: StateCore) -> None:
    """Table cells say their alignment as `align` (kept by the sanitiser), not as a style attribute (removed)."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs.get("style", "").startswith("text-align:"):
            token.attrSet("align", str(token.attrs.pop("style")).removeprefix("text-align:"))


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    # Every link is a link, whatever its address; the sanitiser then drops an address it does not allow
    # (javascript:, data:, …), so such a link is its text alone rather than Markdown left as typed.
    md.validateLink = lambda url: True
    md.use(footnote_plugin, inline=False)
    md.core.ruler.push("align_attribute", _align_attribute)
    for name, rule in {
        "footnote_ref": _footnote_ref,
        "footnote_block_open": _footnote_block_open,
        "footnote_block_close": _footnote_block_close,
        "footnote_open": _footnote_open,
        "footnote_anchor": _footnote_anchor,
    }.items():
        md.add_render_rule(name, rule)
    return md


_MARKDOWN = _parser()


def _env(text: str) -> dict[str, Any]:
    # The footnote's way back carries a tooltip: in the reader's language ("{}" is where the number goes).
    return {
        "backlink": _("Back to footnote %(number)s in the text", number="{}"),
        "notes": hashlib.sha256(text.encode()).hexdigest()[:6],  # the same text, the same anchors
    }


def _clean(html: str) -> Markup:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return _clean(_MARKDOWN.render(text, _env(text)))


def render_markdown_parts(text: str | None) -> tuple[Markup, Markup]:
    """The text and its footnotes apart, so a page can put something between them where a PDF sends the notes to
    the foot of the page (a letter's closing and signature come before its notes)."""
    if not text:
        return Markup(""), Markup("")
    env = _env(text)
    tokens = _MARKDOWN.parse(text, env)
    cut = next((i for i, token in enumerate(tokens) if token.type == "footnote_block_open"), len(tokens))
    render = _MARKDOWN.renderer.render
    return _clean(render(tokens[:cut], _MARKDOWN.options, env)), _clean(render(tokens[cut:], _MARKDOWN.options, env))

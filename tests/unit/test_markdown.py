"""Markdown as users type it (CommonMark): one renderer for the screen and the PDFs, sanitised afterwards."""

from __future__ import annotations

import re

import pytest

from crm.common.markdown import render_markdown


@pytest.fixture
def dutch(app):
    with app.test_request_context():  # Dutch by default
        yield


def html_of(text: str) -> str:
    return str(render_markdown(text))


def test_a_list_directly_under_a_line_of_text_is_a_list(dutch):
    html = html_of("Afspraken:\n- Anke stuurt de brief\n- Ruud belt de wethouder\n\nEn verder:\n1. eerst\n2. dan")
    assert "<p>Afspraken:</p>" in html
    assert "<li>Anke stuurt de brief</li>" in html and "<li>Ruud belt de wethouder</li>" in html
    assert "<p>En verder:</p>" in html and "<ol>" in html and "<li>dan</li>" in html
    assert "- Anke" not in html


def test_headings_emphasis_links_and_tables_with_alignment(dutch):
    html = html_of(
        "## Wat wij vragen\n\n**Vet**, *cursief* en [de monitor](https://lkca.nl/monitor).\n\n"
        "| Gemeente | Bedrag |\n|:--|--:|\n| Utrecht | 12 |\n\n> Een citaat\n\n---\n\n```\ncode\n```"
    )
    assert "<h2>Wat wij vragen</h2>" in html
    assert "<strong>Vet</strong>" in html and "<em>cursief</em>" in html
    assert re.search(r'<a href="https://lkca.nl/monitor" rel="[^"]*noopener[^"]*">de monitor</a>', html), html
    assert '<th align="left">Gemeente</th>' in html and '<td align="right">12</td>' in html
    assert "<blockquote>" in html and "<hr>" in html and "<pre><code>code" in html


def test_footnotes_are_numbered_with_a_way_back_in_the_readers_language(dutch):
    html = html_of(
        "Zie de monitor.[^bron] En de begroting.[^2]\n\n[^bron]: Monitor Cultuuronderwijs.\n[^2]: Begroting."
    )
    # Numbered in the order they are called, whatever their label: the number is what the reader sees.
    assert re.search(r'<sup id="fnref:1-(\w+)"><a href="#fn:1-\1"[^>]*>1</a></sup> En de begroting', html), html
    assert re.search(r'<sup id="fnref:2-(\w+)"><a href="#fn:2-\1"[^>]*>2</a></sup>', html), html
    assert '<div class="footnote">' in html and re.search(r'<li id="fn:1-\w+">', html)
    assert "Monitor Cultuuronderwijs." in html
    assert re.search(r'href="#fnref:1-\w+" title="Terug naar voetnoot 1 in de tekst"', html), html


def test_chapters_rendered_one_by_one_never_share_a_footnote_anchor(dutch):
    """A document renders each chapter on its own and each numbers its notes from 1: their anchors differ."""
    chapters = [html_of("Eerste.[^1]\n\n[^1]: Een."), html_of("Tweede.[^1]\n\n[^1]: Twee.")]
    anchors = [re.findall(r'id="(fn[^"]*)"', chapter) for chapter in chapters]
    assert len(anchors[0]) == len(anchors[1]) == 2 and not set(anchors[0]) & set(anchors[1]), anchors
    assert chapters[0] == html_of("Eerste.[^1]\n\n[^1]: Een."), "the same text, the same anchors"


def test_what_is_typed_as_html_or_script_is_sanitised(dutch):
    html = html_of("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1)) <u>ok</u>")
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "href" not in html and "<u>ok</u>" in html  # the javascript: link keeps its text, not its address


def test_nothing_typed_is_nothing_rendered():
    assert str(render_markdown("")) == "" and str(render_markdown(None)) == ""

"""The small parts of document generation: template metadata, sections, file names, chunks, CSS checks."""

from __future__ import annotations

import pytest

from crm.documents import catalogue
from crm.documents.context import split_sections
from crm.documents.merge import chunks, zip_entries
from crm.documents.services import css_problems, document_filename
from crm.rendering.sandbox import ensure_plain, environment


def test_every_built_in_template_has_valid_metadata_and_the_four_kinds_exist():
    found = {b.name: b for b in catalogue.builtins()}
    assert {"joint_letter", "position_paper", "municipal_call", "minutes"} <= set(found)
    for builtin in found.values():
        assert builtin.meta.title and builtin.meta.fields
        assert not css_problems(builtin.css), builtin.name
        environment().parse(builtin.html)  # no syntax errors


def test_meta_errors_name_the_line_or_the_field():
    with pytest.raises(catalogue.MetaError) as error:
        catalogue.parse_meta('title = "X"\nkind = \n')
    assert error.value.line == 2
    with pytest.raises(catalogue.MetaError, match="kind"):
        catalogue.parse_meta('title = "X"\nkind = "poster"\n')
    with pytest.raises(catalogue.MetaError, match="declared twice"):
        catalogue.parse_meta('title = "X"\n[[fields]]\nname = "a"\n[[fields]]\nname = "a"\n')
    with pytest.raises(catalogue.MetaError, match="type"):
        catalogue.parse_meta('title = "X"\n[[fields]]\nname = "a"\ntype = "html"\n')


def test_css_problems_carry_their_line():
    problems = css_problems("h1 { color: red }\n\n}\np { color: }")
    assert problems and problems[0].line == 3


def test_sections_split_on_level_two_headings():
    text = "Inleiding.\n\n## Wat er speelt\n\nVeel.\n\n## Wat wij vragen ##\n\n- Meer"
    assert split_sections(text) == [
        {"heading": "", "body": "Inleiding."},
        {"heading": "Wat er speelt", "body": "Veel."},
        {"heading": "Wat wij vragen", "body": "- Meer"},
    ]
    assert split_sections("") == []


def test_file_names_start_with_the_date_and_lose_unsafe_characters():
    assert document_filename("Oproep cultuureducatie - Gemeente Utrecht", "2026-03-12") == (
        "2026-03-12 Oproep cultuureducatie - Gemeente Utrecht.pdf"
    )
    assert document_filename('a/b\\c:d*e?"f<g>h|i\x00', "2026-03-12") == "2026-03-12 a b c d e f g h i.pdf"
    assert document_filename("   ", "2026-03-12") == "2026-03-12 Document.pdf"


def test_chunks_cover_every_recipient_once_and_keep_both_workers_busy():
    parts = chunks(342, 2)
    assert [i for part in parts for i in part] == list(range(342))
    assert len(parts) >= 8
    assert chunks(0, 2) == [] and chunks(3, 2) == [range(0, 3)]


def test_two_recipients_with_one_name_do_not_overwrite_each_other():
    names = zip_entries(["a.pdf", "a.pdf", "b.pdf"], [b"1", b"2", b"3"])
    assert [n for n, _ in names] == ["a.pdf", "a (2).pdf", "b.pdf"]


def test_templates_get_plain_data_only():
    ensure_plain({"a": [1, "x", {"b": None}]})
    with pytest.raises(TypeError):
        ensure_plain({"user": object()})
    with pytest.raises(TypeError):
        ensure_plain({"f": print})


def test_long_dates_are_written_in_dutch():
    assert environment().from_string("{{ '2026-03-12'|long_date }}").render() == "12 maart 2026"


def test_markdown_is_the_only_raw_html_and_it_is_sanitised():
    rendered = environment().from_string("{{ text|markdown }}").render(text="**vet** <script>x()</script>")
    assert "<strong>vet</strong>" in rendered and "<script>" not in rendered
    assert environment().from_string("{{ text }}").render(text="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_footnotes_defined_at_the_end_go_to_the_chapters_that_call_them():
    text = (
        "## Aanleiding\n\nDe crisis raakte hard.[^1]\n\n## Wat wij vragen\n\n- Geld[^2]\n\n## Tot slot\n\nDank.\n\n"
        "[^1]: Monitor Cultuuronderwijs 2024.\n[^2]: Zie de begroting\n\n    en de tweede alinea.\n[^los]: Nergens."
    )
    assert split_sections(text) == [
        {"heading": "Aanleiding", "body": "De crisis raakte hard.[^1]\n\n[^1]: Monitor Cultuuronderwijs 2024."},
        {"heading": "Wat wij vragen", "body": "- Geld[^2]\n\n[^2]: Zie de begroting\n\n    en de tweede alinea."},
        {"heading": "Tot slot", "body": "Dank.\n\n[^los]: Nergens."},
    ]


def test_a_built_in_templates_own_title_reaches_the_render_as_plain_text(db):
    """The benchmark rendered a built-in paper titled with its (lazy, translated) default title and was refused."""
    from crm.documents.context import document_context, sample_values

    paper = catalogue.builtin("position_paper")
    data = document_context(paper.meta, sample_values(paper.meta), title=paper.meta.title, author="Bench")
    ensure_plain(data)
    assert data["doc"]["title"] == str(paper.meta.title) and data["doc"]["title"]

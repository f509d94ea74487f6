from crm.common.text import escape_like, fold, fold_for_match, split_tags


def test_fold_ignores_case_accents_and_quote_style():
    assert fold("Kunsten ’92") == fold("kunsten '92") == "kunsten '92"
    assert fold("Ministerie van Financiën") == "ministerie van financien"
    assert fold("  Fryslân\t\n") == "fryslan"
    assert fold("nul\x00byte") == "nulbyte"


def test_fold_for_match_drops_punctuation():
    assert fold_for_match("Kunsten '92") == fold_for_match("Kunsten 92") == "kunsten 92"
    assert fold_for_match("VNO-NCW") == "vno-ncw"


def test_split_tags_trims_and_deduplicates_case_insensitively():
    assert split_tags(" cultuur, Lobby;cultuur ,, lobby , Onderwijs ") == ["cultuur", "Lobby", "Onderwijs"]
    assert split_tags(None) == []


def test_escape_like_makes_wildcards_literal():
    assert escape_like("100%_zeker\\") == "100\\%\\_zeker\\\\"


def test_a_footnotes_way_back_is_titled_in_the_readers_language(app):
    from crm.common.markdown import render_markdown

    text = "Zie de monitor.[^1]\n\n[^1]: Monitor Cultuuronderwijs."
    with app.test_request_context():  # Dutch by default
        html = str(render_markdown(text))
    assert 'title="Terug naar voetnoot 1 in de tekst"' in html
    assert "Jump back" not in html

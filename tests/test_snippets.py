"""Snippets show the words a search found, the way the index matched them."""

from curator.search_query import highlight_terms
from curator.snippets import make_snippet


def marked(snippet) -> list[str]:  # type: ignore[no-untyped-def]
    return [text for text, hit in snippet if hit]


def test_hits_are_marked_with_case_and_accents_folded() -> None:
    text = "La Città di Bologna ospita la fiera. In città arrivano 3.200 espositori."
    snippet = make_snippet(text, highlight_terms("citta"))
    assert marked(snippet) == ["Città", "città"]
    assert "".join(part for part, _ in snippet) == text


def test_a_prefix_marks_whole_words_and_plain_terms_only_exact_words() -> None:
    text = "Logistics and logistical fairs; the fairground of Verona."
    snippet = make_snippet(text, highlight_terms("logist* fair"))
    assert marked(snippet) == ["Logistics", "logistical"]


def test_the_snippet_is_the_stretch_with_the_hits_not_the_start() -> None:
    filler = "The opening ceremony was held in the morning. " * 20
    text = filler + "Robots from Turin and robots from Osaka met the buyers." + filler
    snippet = make_snippet(text, highlight_terms("robots"), width=120)
    assert marked(snippet) == ["Robots", "robots"]
    assert snippet[0] == ("…", False) and snippet[-1] == ("…", False)
    assert sum(len(part) for part, _ in snippet) <= 120 + 2


def test_phrase_words_are_marked_and_excluded_words_are_not() -> None:
    text = "The supply chain expo, not the virtual one."
    snippet = make_snippet(text, highlight_terms('"supply chain" -virtual'))
    assert marked(snippet) == ["supply", "chain"]


def test_text_without_hits_gives_its_beginning() -> None:
    snippet = make_snippet("A quiet day at the fair.", highlight_terms("robots"))
    assert snippet == (("A quiet day at the fair.", False),)

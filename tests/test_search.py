"""Full-text search as the services offer it, over a small invented corpus."""

from __future__ import annotations

import pytest

from curator.articles import ArticleChanges, ArticleFilter, update_article
from curator.formats.base import ParsedArticle
from curator.importer import import_parsed
from curator.search import search_article_ids, search_articles
from curator.search_query import QuerySyntaxError

CORPUS = {
    "harbour": ParsedArticle(
        title="Harbour Robotics Fair opens in Porto Lindo",
        body="The fair opened on Friday with two hundred exhibitors. Visitors watched "
        "welding cells and hydrogen forklifts on the quay.",
        origin="harbour.txt",
        language="en",
        tags=["robotics", "fairs"],
    ),
    "shipping": ParsedArticle(
        title="Green Shipping Forum ends in Valmora",
        body="Delegates discussed hydrogen ferries and the electrification of the port. "
        "A robotics start-up showed a mooring arm.",
        origin="shipping.txt",
        language="en",
        tags=["energy"],
    ),
    "salone": ParsedArticle(
        title="Aperto il Salone della Robotica di Valmora",
        body="Il salone si è aperto nella città di Valmora con trecento espositori e "
        "una mostra di bracci robotici.",
        origin="salone.txt",
        language="it",
        tags=["robotics"],
    ),
    "textile": ParsedArticle(
        title="Textile Week closes in Norrbridge",
        body="Buyers from forty countries came to the textile fair. Wool from the "
        "northern valleys sold out on the second day.",
        origin="textile.txt",
        language="en",
        tags=["fairs"],
    ),
    "citta": ParsedArticle(
        title="Festa del pane a Pianoro",
        body="La festa del pane ha riempito le piazze della citta di Pianoro, scritta "
        "senza accento nel comunicato.",
        origin="citta.txt",
        language="it",
    ),
}


@pytest.fixture
def corpus(library) -> dict[str, int]:  # type: ignore[no-untyped-def]
    report = import_parsed(library, list(CORPUS.values()))
    ids = {item.origin: item.id for item in report.imported}
    by_key = {key: ids[article.origin] for key, article in CORPUS.items()}
    update_article(library, by_key["harbour"], ArticleChanges(status="approved"))
    update_article(library, by_key["salone"], ArticleChanges(status="approved"))
    return by_key


def _found(library, query: str, article_filter: ArticleFilter | None = None) -> set[int]:  # type: ignore[no-untyped-def]
    return {hit.id for hit in search_articles(library, query, article_filter).hits}


# --- the query language ----------------------------------------------------------------


def test_words_are_anded(library, corpus):
    assert _found(library, "hydrogen") == {corpus["harbour"], corpus["shipping"]}
    assert _found(library, "hydrogen ferries") == {corpus["shipping"]}
    assert _found(library, "zeppelin") == set()


def test_phrase_must_appear_in_order(library, corpus):
    assert _found(library, '"hydrogen ferries"') == {corpus["shipping"]}
    assert _found(library, '"ferries hydrogen"') == set()


def test_prefix_matches_word_starts(library, corpus):
    assert _found(library, "robot*") == {corpus["harbour"], corpus["shipping"], corpus["salone"]}
    assert _found(library, "robot") == set()


def test_and_or_not_and_minus(library, corpus):
    assert _found(library, "hydrogen AND quay") == {corpus["harbour"]}
    assert _found(library, "wool OR ferries") == {corpus["textile"], corpus["shipping"]}
    assert _found(library, "hydrogen NOT ferries") == {corpus["harbour"]}
    assert _found(library, "hydrogen -ferries") == {corpus["harbour"]}
    assert _found(library, "(wool OR quay) fair") == {corpus["textile"], corpus["harbour"]}


def test_title_filter_looks_only_at_titles(library, corpus):
    # "Valmora" is in the shipping title and in the salone title and body.
    assert _found(library, "title:Valmora") == {corpus["shipping"], corpus["salone"]}
    # "robotics" is in the shipping body but not its title.
    assert _found(library, "title:robotics") == {corpus["harbour"]}


def test_accents_are_folded_both_ways(library, corpus):
    assert _found(library, "citta") == {corpus["salone"], corpus["citta"]}
    assert _found(library, "città") == {corpus["salone"], corpus["citta"]}


# --- ranking and snippets --------------------------------------------------------------


def test_title_hit_ranks_above_body_only_hit(library, corpus):
    # "Textile" is in the textile title and body, but "Norrbridge" only in its title;
    # add an article naming Norrbridge only in its body.
    import_parsed(
        library,
        [
            ParsedArticle(
                title="Wool merchants gather",
                body="Wool merchants gathered at the old market hall of Norrbridge on Monday.",
                origin="merchants.txt",
                language="en",
            )
        ],
    )
    hits = search_articles(library, "Norrbridge").hits

    assert [hit.title for hit in hits] == [
        "Textile Week closes in Norrbridge",
        "Wool merchants gather",
    ]
    assert hits[0].score > hits[1].score


def test_snippet_marks_the_words_found(library, corpus):
    [hit] = search_articles(library, "ferries").hits

    marked = [text for text, is_hit in hit.snippet if is_hit]
    assert marked == ["ferries"]
    assert "discussed hydrogen" in hit.snippet_text()
    assert "[ferries]" in hit.snippet_text()
    assert "<mark>ferries</mark>" in hit.to_json()["snippet"]


def test_snippet_marks_accent_folded_hits_as_written(library, corpus):
    hits = {hit.id: hit for hit in search_articles(library, "citta").hits}

    marked = [text for text, is_hit in hits[corpus["salone"]].snippet if is_hit]
    assert marked == ["città"]


# --- filters ---------------------------------------------------------------------------


def test_filters_combine_with_the_query(library, corpus):
    robots = "robot*"
    assert _found(library, robots, ArticleFilter(status="approved")) == {
        corpus["harbour"],
        corpus["salone"],
    }
    assert _found(library, robots, ArticleFilter(language="en")) == {
        corpus["harbour"],
        corpus["shipping"],
    }
    assert _found(library, robots, ArticleFilter(tag="robotics")) == {
        corpus["harbour"],
        corpus["salone"],
    }
    assert _found(library, robots, ArticleFilter(status="approved", language="it")) == {
        corpus["salone"]
    }
    assert _found(library, "fair", ArticleFilter(tag="fairs", status="new")) == {corpus["textile"]}


def test_id_search_orders_like_full_search(library, corpus):
    for query in ("robot*", "fair OR salone", "Valmora", "hydrogen"):
        hits = search_articles(library, query).hits
        assert search_article_ids(library, query).ids == [hit.id for hit in hits]


def test_total_counts_matches_beyond_the_limit(library, corpus):
    more = [
        ParsedArticle(
            title=f"Lantern parade number {n}",
            body=f"Paper lanterns lit the lake for the {n}th evening in a row.",
            origin=f"lanterns-{n}.txt",
            language="en",
        )
        for n in range(5)
    ]
    import_parsed(library, more)

    results = search_articles(library, "lanterns", limit=2)

    assert results.total == 5
    assert len(results.hits) == 2
    second_page = search_articles(library, "lanterns", limit=2, offset=2)
    assert second_page.total == 5
    assert not {hit.id for hit in results.hits} & {hit.id for hit in second_page.hits}


# --- errors and edits ------------------------------------------------------------------


def test_unclosed_quote_is_a_readable_syntax_error(library, corpus):
    with pytest.raises(QuerySyntaxError) as error:
        search_articles(library, '"unclosed')
    message = str(error.value)
    assert "quote" in message.lower()
    assert "character 1" in message
    with pytest.raises(QuerySyntaxError):
        search_article_ids(library, '"unclosed')


def test_edited_title_is_found_by_new_words_only(library, corpus):
    article_id = corpus["textile"]
    update_article(library, article_id, ArticleChanges(title="Knitwear Days end in Eastmoor"))

    assert article_id in _found(library, "Eastmoor")
    assert article_id in _found(library, "title:knitwear")
    assert article_id not in _found(library, "Norrbridge")
    assert article_id not in _found(library, "title:Textile")
    # The body was indexed too and still is.
    assert article_id in _found(library, "wool")


def test_a_very_common_word_is_ranked_among_the_newest_matches(
    library,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Above RANK_WINDOW matches, the best hits come from the newest ones; all are listed."""
    monkeypatch.setattr("curator.search.RANK_WINDOW", 3)
    articles = [
        ParsedArticle(
            title=f"Bulletin {index}",
            body=f"Bulletin {index}. The expo " + ("expo " * (8 if index == 0 else 1)) + ".",
            origin=f"bulletin-{index}.txt",
            language="en",
        )
        for index in range(6)
    ]
    ids = [item.id for item in import_parsed(library, articles).imported]
    results = search_articles(library, "expo", limit=10)
    assert results.total == 6
    assert results.ranked_among == 3
    # The oldest article says "expo" most often but lies outside the ranked window.
    assert {hit.id for hit in results.hits} == set(ids[3:])
    listed = search_article_ids(library, "expo")
    assert (listed.total, listed.ranked_among) == (6, 3)
    assert set(listed.ids) == set(ids[3:])


def test_a_list_of_search_hits_holds_the_best_and_counts_them_all(library) -> None:  # type: ignore[no-untyped-def]
    articles = [
        ParsedArticle(
            title=f"Fair note {i}", body=f"Fair note {i}: " + "fair " * i, origin=f"note-{i}.txt"
        )
        for i in range(1, 5)
    ]
    import_parsed(library, articles)
    listed = search_article_ids(library, "fair", limit=2)
    assert listed.total == 4 and len(listed.ids) == 2
    best = search_articles(library, "fair", limit=2).hits
    assert listed.ids == [hit.id for hit in best]


def test_within_the_window_every_match_is_ranked(library) -> None:  # type: ignore[no-untyped-def]
    import_parsed(
        library,
        [
            ParsedArticle(title="Expo", body="Expo expo expo.", origin="a.txt"),
            ParsedArticle(title="Notes", body="Notes about one expo.", origin="b.txt"),
        ],
    )
    results = search_articles(library, "expo")
    assert results.ranked_among == results.total == 2
    assert results.hits[0].title == "Expo"

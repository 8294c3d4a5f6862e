"""curator.search_query, checked against a real SQLite FTS5 table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.search_query import (
    MAX_NESTING,
    QuerySyntaxError,
    highlight_terms,
    query_terms,
    to_fts5,
)

CREATE_TABLE = (
    'CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize="unicode61 remove_diacritics 2")'
)
ROWS = {
    1: (
        "Fiera dell'Automazione di Bologna",
        "La città di Bologna ospita la fiera più grande d'Italia: un mercato da 10,5 miliardi.",
    ),
    2: (
        "Fiera Milano opens its doors",
        "The fiera-milano site expects 3,200 exhibitors; it's the biggest show of 2023.",
    ),
    3: ("C++ summit in Turin", "Developers discuss C++ and Rust at the summit."),
    4: ("Milano weather", "Rain expected in Milano all week; the open-air market is closed."),
    5: ("Il settore dell'Industria", "Cresce l'industria: 3.200 nuove aziende, più export."),
    6: ("東京 expo", "東京タワー visitors at the Tokyo expo."),
    7: ("Città metropolitana", "The council approved the automation budget for the city."),
}


@pytest.fixture(scope="module")
def connection() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(CREATE_TABLE)
    connection.executemany(
        "INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
        [(rowid, title, body) for rowid, (title, body) in ROWS.items()],
    )
    yield connection
    connection.close()


def search(connection: sqlite3.Connection, query: str) -> set[int]:
    expression = to_fts5(query)
    return {
        rowid
        for (rowid,) in connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,))
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # words, implicit AND, case
        ("fiera", {1, 2}),
        ("Fiera Bologna", {1}),
        ("FIERA   bologna ", {1}),
        # lowercase and/or/not are ordinary words
        ("c and rust", {3}),
        ("milano or weather", set()),
        ("milano not weather", set()),
        # operators and precedence (NOT > AND > OR)
        ("fiera OR milano", {1, 2, 4}),
        ("fiera AND bologna", {1}),
        ("fiera NOT milano", {1}),
        ("milano NOT fiera", {4}),
        ("fiera AND NOT milano", {1}),
        ("fiera milano OR summit", {2, 3}),
        ("summit OR fiera milano", {2, 3}),
        ("weather OR milano NOT weather", {2, 4}),
        ("(weather OR milano) NOT weather", {2}),
        ("milano -weather -doors", set()),
        ("milano -weather OR summit", {2, 3}),
        # parentheses
        ("fiera (bologna OR doors)", {1, 2}),
        ("(fiera OR summit) (bologna OR rust)", {1, 3}),
        ("(fiera OR milano) -bologna", {2, 4}),
        ("((fiera))", {1, 2}),
        ("milano NOT (weather OR doors)", set()),
        ("milano NOT (weather doors)", {2, 4}),
        # leading minus
        ("fiera -milano", {1}),
        ('milano -"fiera milano"', {4}),
        ("fiera -(bologna OR doors)", set()),
        # phrases and prefixes
        ('"automazione di bologna"', {1}),
        ('"bologna di automazione"', set()),
        ('"open-air market"', {4}),
        ("“fiera milano”", {2}),
        ("«fiera milano»", {2}),
        ("autom*", {1, 7}),
        ('"fiera mil"*', {2}),
        ("milan*", {2, 4}),
        # column filters
        ("title:autom*", {1}),
        ("body:autom*", {7}),
        ("title:weather", {4}),
        ("body:weather", set()),
        ("title:città", {7}),
        ("body:citta", {1}),
        ('title:"fiera milano"', {2}),
        ("title: milano", {2, 4}),
        ("Title:milano -body:rain", {2}),
        ("title:(weather OR doors)", {2, 4}),
        ("author:milano", set()),  # unknown column: the words "author" and "milano"
        ("the:milano", {2, 4}),
        ("Bologna:", {1}),
        # accents, with and without diacritics
        ("città", {1, 7}),
        ("citta", {1, 7}),
        ("CITTÀ", {1, 7}),
        ("più", {1, 5}),
        ("piu", {1, 5}),
        # apostrophes and punctuation inside words become phrases of their parts
        ("dell'Industria", {5}),
        ("dell’Industria", {5}),
        ("l'industria export", {5}),
        ("it's", {2}),
        ("fiera-milano", {2}),
        ("milano-fiera", set()),
        ("10,5", {1}),
        ("10,5 miliardi", {1}),
        ("3,200", {2, 5}),
        ("3.200", {2, 5}),
        ("2023", {2}),
        ("C++", {3}),
        ("C++ summit", {3}),
        ("+summit +rust", {3}),
        # CJK passes through as one token, as unicode61 keeps it
        ("東京タワー", {6}),
        ("東京", {6}),
        # FTS5 keywords typed as words are words
        ("NEAR(fiera milano)", set()),
        ('"AND"', {3}),
    ],
)
def test_query_finds_the_expected_rows(
    connection: sqlite3.Connection, query: str, expected: set[int]
) -> None:
    assert search(connection, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fiera", '"fiera"'),
        ("fiera bologna", '"fiera" AND "bologna"'),
        ("fiera -milano", '"fiera" NOT "milano"'),
        ("fiera AND NOT milano", '"fiera" NOT "milano"'),
        ("a b -c d -e", '"a" AND "b" NOT "c" AND "d" NOT "e"'),
        ("a OR b c", '"a" OR "b" AND "c"'),
        ("(a OR b) c", '("a" OR "b") AND "c"'),
        ("a NOT (b c)", '"a" NOT ("b" AND "c")'),
        ("a NOT (b NOT c)", '"a" NOT ("b" NOT "c")'),
        ("(a NOT b) NOT c", '"a" NOT "b" NOT "c"'),
        ('"fiera di bologna"', '"fiera di bologna"'),
        ("autom*", '"autom" *'),
        ('"fiera mil"*', '"fiera mil" *'),
        ("title:fiera", 'title : "fiera"'),
        ('TITLE:"a phrase"', 'title : "a phrase"'),
        ("title:autom*", 'title : "autom" *'),
        ("title:(a OR b) -c", 'title : ("a" OR "b") NOT "c"'),
        ("title:title:a", 'title : "a"'),
        ("author:x", '"author" AND "x"'),
        ("fiera-milano", '"fiera milano"'),
        ("10,5", '"10 5"'),
        ("3.200", '"3 200"'),
        ("dell'Industria", '"dell Industria"'),
        ("it's", '"it s"'),
        ("C++", '"C"'),
        ("città più", '"città" AND "più"'),
        ("東京タワー", '"東京タワー"'),
        ("and or not", '"and" AND "or" AND "not"'),
        ("fiera + milano", '"fiera" AND "milano"'),
    ],
)
def test_translation(query: str, expected: str) -> None:
    assert to_fts5(query) == expected


def test_other_columns_can_be_filtered() -> None:
    assert to_fts5("summary:x title:y", columns=("summary",)) == 'summary : "x" AND "title" AND "y"'


@pytest.mark.parametrize("column", ["", "two words", "NOT", "near", 'qu"ote', "9lives"])
def test_columns_must_be_fts5_barewords(column: str) -> None:
    with pytest.raises(ValueError, match="column filter"):
        to_fts5("x", columns=(column,))


@pytest.mark.parametrize(
    ("query", "position", "message"),
    [
        ("", 0, "The query is empty"),
        ("   \t\n", 0, "The query is empty"),
        ("++ -- ...", 0, "The query has no words to search for"),
        ('""', 0, "The query has no words to search for"),
        (
            'fiera "open ended',
            6,
            "Unbalanced quote: the phrase starting at character 7 is never closed",
        ),
        ('"a" "b', 4, "Unbalanced quote: the phrase starting at character 5 is never closed"),
        ("a AND", 2, '"AND" at character 3 has nothing after it'),
        ("a OR", 2, '"OR" at character 3 has nothing after it'),
        ("(a OR) b", 3, '"OR" at character 4 has nothing after it'),
        ("AND a", 0, '"AND" at character 1 has nothing before it'),
        ("(OR a)", 1, '"OR" at character 2 has nothing before it'),
        ("a OR OR b", 5, '"OR" at character 3 must be followed by a word'),
        ("a NOT", 2, '"NOT" at character 3 has nothing after it'),
        ("a NOT -b", 6, '"NOT" at character 3 must be followed by a word'),
        ("()", 0, "The parentheses at character 1 are empty"),
        ("a ( )", 2, "The parentheses at character 3 are empty"),
        (")(", 0, "Closing parenthesis at character 1 has no opening one"),
        ("a) b", 1, "Closing parenthesis at character 2 has no opening one"),
        ("(a", 0, "Opening parenthesis at character 1 is never closed"),
        ("((a) b", 0, "Opening parenthesis at character 1 is never closed"),
        ("NOT milano", 0, 'NOT" at character 1 needs something before it, e.g. fiera NOT milano'),
        ("-milano", 0, '"-" at character 1 needs something before it, e.g. fiera -milano'),
        ("-milano fiera", 0, "needs something before it"),
        ("(NOT a) b", 1, "needs something before it, e.g. fiera NOT milano"),
        ("a OR NOT b", 5, '"NOT" at character 6 cannot follow OR'),
        ("a OR -b", 5, '"-" at character 6 cannot follow OR'),
        ("title:", 0, '"title:" at character 1 has nothing after it'),
        ("title: OR x", 7, '"title:" at character 1 must be followed by a word'),
    ],
)
def test_malformed_query_is_explained(query: str, position: int, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        to_fts5(query)
    assert message in str(caught.value)
    assert caught.value.message == str(caught.value)
    assert caught.value.position == position
    assert isinstance(caught.value, ValueError)


def test_a_lone_minus_after_a_word_is_punctuation() -> None:
    assert to_fts5("fiera - milano") == '"fiera" AND "milano"'
    assert to_fts5("fiera -") == '"fiera"'


@pytest.mark.parametrize(
    "nest",
    [
        lambda inner: f"a OR b NOT ({inner})",
        lambda inner: f"a OR b c ({inner}) d",
        lambda inner: f"({inner}) a OR b",
        lambda inner: f"a OR b NOT ({inner} OR c d) d",
        lambda inner: f"title:({inner})",
        lambda inner: f"a OR b -title:({inner} OR c)",
    ],
)
def test_deepest_allowed_nesting_is_accepted_by_fts5(
    connection: sqlite3.Connection, nest: Callable[[str], str]
) -> None:
    query = "x"
    levels = 0
    while True:
        deeper = nest(query)
        try:
            to_fts5(deeper)
        except QuerySyntaxError as error:
            assert "at most" in error.message
            break
        query, levels = deeper, levels + 1
    assert levels >= MAX_NESTING // 2
    connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (to_fts5(query),)).fetchall()


def test_query_terms_are_the_lowercase_positive_tokens() -> None:
    assert query_terms('Fiera "Di Bologna" -milano') == ["fiera", "di", "bologna"]
    assert query_terms("autom* OR title:città NOT weather") == ["autom", "città"]
    assert query_terms("fiera-milano 10,5 fiera") == ["fiera", "milano", "10", "5"]
    assert query_terms("a NOT (b OR c) d") == ["a", "d"]
    assert query_terms("author:x and") == ["author", "x", "and"]


def test_highlight_terms_flag_the_prefix_token() -> None:
    assert highlight_terms('"fiera mil"* -bologna autom*') == [
        ("fiera", False),
        ("mil", True),
        ("autom", True),
    ]


def test_query_terms_reports_the_same_errors() -> None:
    with pytest.raises(QuerySyntaxError):
        query_terms('"unclosed')


def _accepted_by_fts5(expression: str) -> None:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(CREATE_TABLE)
        connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()
    finally:
        connection.close()


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.text())
def test_any_text_gives_an_error_or_valid_fts5(query: str) -> None:
    try:
        expression = to_fts5(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        assert error.message
        return
    _accepted_by_fts5(expression)
    assert all(term == term.lower() for term in query_terms(query))


_QUERY_PIECES = st.one_of(
    st.sampled_from(
        [
            "AND",
            "OR",
            "NOT",
            "-",
            "(",
            ")",
            '"',
            "“",
            "»",
            "*",
            ":",
            "title:",
            "body:",
            "author:",
            "-x",
            "fiera",
            "città",
            "10,5",
            "C++",
            "it's",
            "東京",
            "NEAR",
            "'",
            "\x00",
            "\u0301",
            "",
        ]
    ),
    st.text(max_size=3),
)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(_QUERY_PIECES, max_size=12), st.sampled_from([" ", ""]))
def test_query_like_text_gives_an_error_or_valid_fts5(pieces: list[str], glue: str) -> None:
    query = glue.join(pieces)
    try:
        expression = to_fts5(query)
    except QuerySyntaxError:
        return
    _accepted_by_fts5(expression)

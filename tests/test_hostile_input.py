"""Hostile input: every reader returns items plus named problems, and never crashes.

Property-based (hypothesis) with a fixed budget and a derandomised search, so CI runs
the same examples every time. The XML readers are also given the classic attacks:
external entities (XXE) and entity expansion (billion laughs).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.formats.base import FileReadResult
from curator.formats.bitext_tsv import read_bitext_tsv
from curator.formats.html import read_html
from curator.formats.json_articles import read_json, read_jsonl
from curator.formats.markdown import read_markdown
from curator.formats.plaintext import read_plain_text
from curator.formats.tmx import read_tmx
from curator.formats.xliff import read_xliff

BUDGET = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
TEXT_READERS = (read_plain_text, read_markdown, read_html, read_json, read_jsonl)

# Inputs that look like the formats, then get mutated: closer to what breaks parsers.
html_like = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div",
            ">",
            "<script>",
            "</script>",
            "&amp;",
            "&#x0;",
            "&#99999999;",
            "<!--",
            "-->",
            "<title>",
            "Fiera",
            "città",
            "<br/>",
            "<![CDATA[",
            "]]>",
            "<meta property='og:title' content='",
            "'",
        ]
    ),
    max_size=40,
).map("".join)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "body", "published", "tags", "language", "x"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
).map(lambda value: json.dumps(value))


def _named(result: FileReadResult) -> None:
    for problem in result.problems:
        assert problem.where and problem.reason  # every problem says where and why


@BUDGET
@given(st.text(max_size=400))
def test_text_readers_take_any_text(text: str) -> None:
    for reader in TEXT_READERS:
        _named(reader(text, "fuzz.txt"))


@BUDGET
@given(html_like)
def test_the_html_reader_takes_broken_markup(text: str) -> None:
    result = read_html(text, "fuzz.html")
    _named(result)
    for article in result.articles:
        assert "<script>" not in article.body


@BUDGET
@given(json_like, st.integers(min_value=0, max_value=30))
def test_json_readers_take_any_json_and_its_truncations(text: str, cut: int) -> None:
    for candidate in (text, text[: max(len(text) - cut, 0)], text + "\n" + text[:cut]):
        _named(read_json(candidate, "fuzz.json"))
        _named(read_jsonl(candidate, "fuzz.jsonl"))


@BUDGET
@given(st.binary(max_size=300))
def test_xml_readers_take_any_bytes(data: bytes) -> None:
    for result in (read_tmx(data, "fuzz.tmx"), read_xliff(data, "fuzz.xlf")):
        for problem in result.problems:
            assert problem.where and problem.reason


@BUDGET
@given(st.text(max_size=300))
def test_the_bitext_reader_takes_any_text(text: str) -> None:
    for problem in read_bitext_tsv(text, "fuzz.tsv").problems:
        assert problem.where and problem.reason


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="it"/><body>
<tu><tuv xml:lang="it"><seg>&secret;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
</body></tmx>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<tmx version="1.4"><header srclang="it"/><body>
<tu><tuv xml:lang="it"><seg>&lol4;</seg></tuv></tu></body></tmx>"""


def test_external_entities_and_entity_bombs_are_refused() -> None:
    for attack in (XXE, LAUGHS):
        for result in (read_tmx(attack, "attack.tmx"), read_xliff(attack, "attack.xlf")):
            assert result.alignment is None
            assert result.problems and "entit" in result.problems[0].reason.lower()
        assert b"root:" not in json.dumps([p.reason for p in result.problems]).encode()


def test_html_never_resolves_a_network_or_file_reference() -> None:
    page = (
        "<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><html><body>"
        "<p>&x; <img src='http://127.0.0.1:9/x'> Fiera</p></body></html>"
    )
    result = read_html(page, "attack.html")
    assert all("root:" not in article.body for article in result.articles)

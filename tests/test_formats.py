import codecs
import datetime as dt
import json

import pytest

from curator.formats.decoding import UnreadableFile, read_text_file
from curator.formats.html import read_html
from curator.formats.json_articles import read_json, read_jsonl
from curator.formats.markdown import read_markdown
from curator.formats.plaintext import read_plain_text, title_from_text
from curator.formats.registry import SUPPORTED_SUFFIXES, is_supported, read_article_file

RELEASE_EN = (
    "Pudong Automation Expo closes with record attendance\n"
    "\n"
    "Updated: Mar 27,2023 3:59 PM english.pudongexpo.gov.cn\n"
    "\n"
    "On March 26th, the Pudong Automation Expo closed after four days. Zhang Wenhui, "
    "director of the organising committee, said that more than 900 exhibitors took part.\n"
    "\n"
    "The next edition will be held in the spring of 2024.\n"
)

RELEASE_IT = (
    "La seconda Fiera dell'Automazione di Bologna si è chiusa con oltre quarantamila "
    "visitatori e seicento espositori arrivati da ventidue paesi europei e asiatici, "
    "un risultato che gli organizzatori hanno definito "
    "storico per la manifestazione. Il forum, organizzato durante la fiera, ha riunito "
    "Smart Factory Alliance e Global Robotics Group.\n"
)


# --- decoding -----------------------------------------------------------------------


def test_utf8_with_bom_and_windows_newlines_is_read_cleanly(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Fiera\r\nCittà di Bologna\r\n".encode())
    assert read_text_file(path) == "Fiera\nCittà di Bologna\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, encoding):
    path = tmp_path / "release.txt"
    path.write_bytes("Fiera dell'Automazione – città".encode(encoding))  # encodes with a BOM
    assert read_text_file(path) == "Fiera dell'Automazione – città"


def test_text_is_normalised_to_nfc(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text("citta\u0300", encoding="utf-8")  # "a" + combining grave accent
    assert read_text_file(path) == "città"


def test_missing_file_is_refused_with_a_reason(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        read_text_file(tmp_path / "gone.txt")
    assert caught.value.reason == "file not found"


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("x" * 3000, encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_text_file(path, max_bytes=2048)
    assert caught.value.reason == "file is 2.9 KB; the limit is 2 KB"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_text_file(path)
    assert caught.value.reason == "file is empty"


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableFile) as caught:
        read_text_file(path)
    assert caught.value.reason == "looks like a binary file, not text"


def test_latin1_file_is_refused_with_the_bad_byte_and_offset(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("La fiera è aperta".encode("latin-1"))
    with pytest.raises(UnreadableFile) as caught:
        read_text_file(path)
    assert caught.value.reason == "not valid UTF-8 (bad byte 0xe8 at offset 9); save it as UTF-8"


# --- plain text ---------------------------------------------------------------------


def test_plain_text_release_gives_title_date_domain_and_language():
    result = read_plain_text(RELEASE_EN, "pudong.txt")
    assert result.problems == []
    [article] = result.articles
    assert article.title == "Pudong Automation Expo closes with record attendance"
    assert article.published == dt.date(2023, 3, 27)
    assert article.source_name == "english.pudongexpo.gov.cn"
    assert article.language == "en"
    assert article.origin == "pudong.txt"


def test_plain_text_body_is_kept_verbatim_except_trailing_whitespace():
    text = "  Fiera di Bologna\n\n  Testo  con  spazi.\n\n\n   \n"
    [article] = read_plain_text(text, "a.txt").articles
    assert article.body == "  Fiera di Bologna\n\n  Testo  con  spazi."


def test_long_first_paragraph_gives_a_short_title():
    [article] = read_plain_text(RELEASE_IT, "bologna.txt").articles
    assert article.language == "it"
    assert article.title.endswith("…")
    assert len(article.title) <= 121
    assert article.title.startswith("La seconda Fiera dell'Automazione di Bologna si è chiusa")
    assert article.published is None


def test_title_stops_at_the_first_sentence_when_it_is_short():
    text = (
        "Mr. Rong opened the 23rd Pudong Industry Fair on Monday. "
        + "The fair has 900 stands. " * 8
    )
    assert title_from_text(text) == "Mr. Rong opened the 23rd Pudong Industry Fair on Monday."


def test_blank_plain_text_is_a_problem_not_an_article():
    result = read_plain_text("\n  \n", "blank.txt")
    assert result.articles == []
    assert [str(p) for p in result.problems] == ["blank.txt: no text to import"]


# --- markdown -----------------------------------------------------------------------

MARKDOWN = """\
---
title: "Fiera dell'Automazione di Bologna: record di visitatori"
date: 2024-05-12
lang: it-IT
url: https://example.org/fiera-automazione
tags: [automazione, robotica]
---

# Fiera dell'Automazione

La **terza edizione** della _Fiera_ si è chiusa con
[oltre 40.000 visitatori](https://example.org/dati).

![logo della fiera](logo.png)

- padiglione A
* padiglione B

```
codice *non* toccato
```
"""


def test_markdown_front_matter_fills_the_metadata():
    result = read_markdown(MARKDOWN, "fiera.md")
    assert result.problems == []
    [article] = result.articles
    assert article.title == "Fiera dell'Automazione di Bologna: record di visitatori"
    assert article.published == dt.date(2024, 5, 12)
    assert article.language == "it"
    assert article.url == "https://example.org/fiera-automazione"
    assert article.tags == ["automazione", "robotica"]


def test_markdown_body_is_readable_text_without_markup():
    [article] = read_markdown(MARKDOWN, "fiera.md").articles
    assert article.body == (
        "Fiera dell'Automazione\n\n"
        "La terza edizione della Fiera si è chiusa con oltre 40.000 visitatori.\n\n"
        "• padiglione A\n• padiglione B\n\n"
        "codice *non* toccato"
    )


def test_markdown_title_comes_from_the_first_level_one_heading():
    text = "Comunicato stampa\n\n## Sommario\n\n# Fiera di Bologna\n\nTesto della fiera."
    [article] = read_markdown(text, "a.md").articles
    assert article.title == "Fiera di Bologna"


def test_markdown_bad_front_matter_date_is_a_warning():
    text = "---\ndate: 31 febbraio 2024\n---\n# Fiera\n\nLa fiera si è svolta a Bologna."
    result = read_markdown(text, "a.md")
    assert len(result.articles) == 1
    assert result.articles[0].published is None
    [problem] = result.problems
    assert problem.severity == "warning"
    assert str(problem) == "a.md: front matter 'date': cannot read '31 febbraio 2024' as a date"


# --- html ---------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="it-IT">
<head>
  <title>Notizie | Bologna Expo</title>
  <meta property="og:title" content="Fiera dell&#39;Automazione: 40.000 visitatori">
  <meta property="article:published_time" content="2024-05-12T09:00:00+02:00">
  <link rel="canonical" href="https://www.bolognaexpo.example.it/news/fiera">
  <style>p { color: red }</style>
  <script>var menu = "<p>Menu</p>";</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">Notizie</a></nav>
  <article>
    <h1>Fiera dell'Automazione</h1>
    <p>La   terza edizione della <b>Fiera</b>
       si è chiusa &amp; ha battuto il record.<br>Oltre 40.000 visitatori.</p>
    <ul><li>Padiglione A</li><li>Padiglione B</li></ul>
  </article>
  <aside>Articoli correlati</aside>
  <footer>© 2024 Bologna Expo</footer>
</body>
</html>
"""


def test_html_metadata_from_the_head():
    result = read_html(HTML_PAGE, "fiera.html")
    assert result.problems == []
    [article] = result.articles
    assert article.title == "Fiera dell'Automazione: 40.000 visitatori"
    assert article.language == "it"
    assert article.url == "https://www.bolognaexpo.example.it/news/fiera"
    assert article.published == dt.date(2024, 5, 12)


def test_html_body_is_the_visible_text_in_paragraphs():
    [article] = read_html(HTML_PAGE, "fiera.html").articles
    assert article.body == (
        "Fiera dell'Automazione\n\n"
        "La terza edizione della Fiera si è chiusa & ha battuto il record.\n\n"
        "Oltre 40.000 visitatori.\n\n"
        "Padiglione A\n\n"
        "Padiglione B"
    )


def test_html_without_metadata_uses_title_or_h1_and_detects_language():
    page = "<h1>Pudong Expo opens</h1><p>The fair was opened by the mayor of the district.</p>"
    [article] = read_html(page, "expo.html").articles
    assert article.title == "Pudong Expo opens"
    assert article.language == "en"
    assert article.published is None


def test_malformed_html_still_gives_its_text():
    page = "<p>Fiera <b>aperta <div><<<>>> </p></p></span><p>Seconda riga"
    result = read_html(page, "broken.html")
    assert result.problems == []
    assert "Seconda riga" in result.articles[0].body


def test_html_with_no_visible_text_is_a_problem():
    result = read_html("<html><head><title>x</title></head><body></body></html>", "e.html")
    assert result.articles == []
    assert [str(p) for p in result.problems] == ["e.html: no visible text in the page"]


# --- json and json lines ------------------------------------------------------------


def _line(**fields):
    return json.dumps(fields, ensure_ascii=False)


def test_jsonl_batch_reads_good_lines_and_names_bad_ones():
    text = "\n".join(
        [
            _line(title="Fiera di Bologna", body="La fiera si è svolta a Bologna.", lang="it"),
            "{not json",
            "",
            "[1, 2]",
            _line(title="No body here"),
            _line(text="The forum was held in Shanghai.", date="2023-02-30", tags="forum, expo"),
        ]
    )
    result = read_jsonl(text, "batch.jsonl")
    assert [a.origin for a in result.articles] == ["batch.jsonl, line 1", "batch.jsonl, line 6"]
    assert [(p.where, p.severity) for p in result.problems] == [
        ("batch.jsonl, line 2", "error"),
        ("batch.jsonl, line 4", "error"),
        ("batch.jsonl, line 5", "error"),
        ("batch.jsonl, line 6", "warning"),
    ]
    assert result.problems[1].reason == "expected an article object, found a list"
    assert result.problems[2].reason == "no body text"
    assert result.problems[3].reason == "field 'date': cannot read '2023-02-30' as a date"


def test_jsonl_article_with_bad_date_is_kept_without_the_date():
    text = _line(body="The forum was held in Shanghai.", published="2023-02-30")
    result = read_jsonl(text, "b.jsonl")
    [article] = result.articles
    assert article.published is None
    assert article.title == "The forum was held in Shanghai."
    assert str(result.problems[0]) == (
        "b.jsonl, line 1: field 'published': cannot read '2023-02-30' as a date"
    )


def test_json_fields_and_aliases():
    data = {
        "articles": [
            {
                "title": "Pudong Expo",
                "content": "The expo opened on Monday with the mayor.",
                "language": "en-GB",
                "url": "https://example.org/expo",
                "date": "Mar 27, 2023",
                "source_name": "Pudong Daily",
                "tags": ["expo", "automation", "expo"],
                "notes": "check the figures",
            }
        ]
    }
    [article] = read_json(json.dumps(data), "feed.json").articles
    assert article.body == "The expo opened on Monday with the mayor."
    assert article.language == "en"
    assert article.published == dt.date(2023, 3, 27)
    assert article.source_name == "Pudong Daily"
    assert article.tags == ["expo", "automation"]
    assert article.notes == "check the figures"
    assert article.origin == "feed.json, item 1"


def test_json_wrong_types_are_named_by_item_and_field():
    data = [
        {"body": 42},
        {"body": "La fiera apre domani a Bologna.", "url": 7},
    ]
    result = read_json(json.dumps(data), "feed.json")
    assert [a.origin for a in result.articles] == ["feed.json, item 2"]
    assert [str(p) for p in result.problems] == [
        "feed.json, item 1: field 'body': expected text, found a number",
        "feed.json, item 2: field 'url': expected text, found a number; ignored",
    ]
    assert result.articles[0].language == "it"


def test_json_single_object_is_one_article():
    result = read_json(json.dumps({"body": "Il forum si è tenuto a Bologna."}), "one.json")
    assert [a.origin for a in result.articles] == ["one.json"]


def test_invalid_json_file_names_line_and_column():
    result = read_json('[{"body": "x"},\n  oops]', "feed.json")
    assert result.articles == []
    assert str(result.problems[0]).startswith("feed.json: not valid JSON (")
    assert "line 2, column 3" in result.problems[0].reason


# --- registry -----------------------------------------------------------------------


def test_registry_dispatches_by_suffix(tmp_path):
    (tmp_path / "a.TXT").write_text(RELEASE_EN, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Fiera di Bologna\n\nLa fiera apre domani.", "utf-8")
    (tmp_path / "c.htm").write_text("<h1>Expo</h1><p>The expo opened.</p>", "utf-8")
    (tmp_path / "d.ndjson").write_text(_line(body="The expo opened.") + "\n", "utf-8")
    titles = [
        read_article_file(tmp_path / n).articles[0].title
        for n in sorted(p.name for p in tmp_path.iterdir())
    ]
    assert titles == [
        "Pudong Automation Expo closes with record attendance",
        "Fiera di Bologna",
        "Expo",
        "The expo opened.",
    ]


def test_registry_turns_an_unreadable_file_into_a_problem_naming_it(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    result = read_article_file(path)
    assert result.articles == []
    assert [str(p) for p in result.problems] == ["scan.txt: looks like a binary file, not text"]


def test_registry_refuses_oversized_files(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * 300)
    result = read_article_file(path, max_bytes=100)
    assert [str(p) for p in result.problems] == [
        "big.jsonl: file is 300 bytes; the limit is 100 bytes"
    ]


def test_registry_refuses_unsupported_suffixes(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK")
    result = read_article_file(path)
    assert result.problems[0].where == "report.docx"
    assert "cannot be imported" in result.problems[0].reason
    assert not is_supported(path)


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".xhtml",
        ".json",
        ".jsonl",
        ".ndjson",
    }

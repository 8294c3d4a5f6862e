"""Read an article saved as an HTML page: its visible text and what its head says.

Only the standard library's lenient html.parser is used: no external entities,
no network, nothing fetched or resolved. Menus, scripts, forms and the like are
left out; block elements become paragraphs separated by one blank line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from curator.formats.base import FileReadResult, ParsedArticle, ReadProblem
from curator.text.dates import parse_date
from curator.text.language import detect_language, normalise_language_tag

_INVISIBLE = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "nav", "footer", "aside", "form"}
    | {"iframe", "object", "canvas", "button", "select", "math"}
)
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "section", "article"}
    | {"blockquote", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "header", "main"}
    | {"figure", "figcaption", "pre", "hr", "address", "caption", "details", "summary", "body"}
)
_CELLS = frozenset({"td", "th"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param"}
)
_HEAD_CONTENT = frozenset(
    {"head", "title", "meta", "link", "style", "script", "base", "noscript", "template"}
)
_PUBLISHED_META = ("article:published_time", "date", "dc.date", "dcterms.date", "pubdate")


_OPEN_MARKUP = re.compile(r"\s*<[!/?a-zA-Z]")


def read_html(text: str, name: str) -> FileReadResult:
    """One article from an HTML page; `name` is how problems and origin refer to it."""
    page = _PageParser()
    try:
        page.feed(text)
        page.close()
    except Exception as error:  # html.parser is lenient; anything else is a bad page
        return FileReadResult(problems=[ReadProblem(name, f"cannot read the HTML ({error})")])
    body = "\n\n".join(page.paragraphs)
    if not body:
        return FileReadResult(problems=[ReadProblem(name, "no visible text in the page")])
    problems: list[ReadProblem] = []
    language = normalise_language_tag(page.language_tag) or detect_language(body)
    published = None
    if page.published_text:
        published = parse_date(page.published_text, language or "en")
        if published is None:
            problems.append(
                ReadProblem(
                    name,
                    f"publication date: cannot read '{page.published_text}' as a date",
                    "warning",
                )
            )
    url = _best_url(page.meta.get("canonical"), page.meta.get("og:url"))
    article = ParsedArticle(
        title=page.meta.get("og:title") or page.title or page.first_h1 or body.split("\n")[0],
        body=body,
        origin=name,
        language=language,
        source_name=page.meta.get("og:site_name") or _host(url),
        url=url,
        published=published,
        tags=list(dict.fromkeys(page.tags)),
    )
    return FileReadResult(articles=[article], problems=problems)


def _best_url(*candidates: str | None) -> str | None:
    """The first absolute http(s) URL among the candidates, else the first given."""
    given = [url for url in candidates if url]
    absolute = [url for url in given if url.lower().startswith(("http://", "https://"))]
    return (absolute or given or [None])[0]


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


def _collapse(text: str) -> str:
    return " ".join(text.split())


class _PageParser(HTMLParser):
    """Collects visible paragraphs plus title, language, URL, date and tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.meta: dict[str, str] = {}
        self.tags: list[str] = []
        self.title = ""
        self.first_h1 = ""
        self.language_tag: str | None = None
        self.published_text = ""
        self._pieces: list[str] = []
        self._hidden: list[str] = []
        self._title_pieces: list[str] | None = None
        self._h1_pieces: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self._read_metadata(tag, values)
        if "head" in self._hidden and tag not in _HEAD_CONTENT:
            # Browsers end <head> at the first element that cannot be in it.
            self._hidden = [hidden for hidden in self._hidden if hidden != "head"]
        if tag in _VOID:
            if tag == "br" or tag == "hr":
                self._break()
            return
        if tag in _INVISIBLE or "hidden" in values:
            self._hidden.append(tag)
            return
        if tag == "title" and all(hidden == "head" for hidden in self._hidden):
            self._title_pieces = []
        elif tag == "h1" and not self.first_h1 and not self._hidden:
            self._h1_pieces = []
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._pieces.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self._read_metadata(tag, values)
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
            return
        if tag == "title" and self._title_pieces is not None:
            self.title = self.title or _collapse("".join(self._title_pieces))
            self._title_pieces = None
        elif tag == "h1" and self._h1_pieces is not None:
            self.first_h1 = _collapse("".join(self._h1_pieces))
            self._h1_pieces = None
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._pieces.append(" ")

    def handle_data(self, data: str) -> None:
        if self._title_pieces is not None:
            self._title_pieces.append(data)
            return
        if self._hidden:
            return
        if self._h1_pieces is not None:
            self._h1_pieces.append(data)
        self._pieces.append(data)

    def close(self) -> None:
        # Markup left unterminated at the end ("<![CDATA[...", "<meta content='...") is
        # not text: a browser drops it, but HTMLParser.close() would hand it over as data.
        if _OPEN_MARKUP.match(self.rawdata):
            self.rawdata = ""
        super().close()
        self._break()
        if self._title_pieces:
            self.title = self.title or _collapse("".join(self._title_pieces))
        published = next((self.meta[key] for key in _PUBLISHED_META if key in self.meta), "")
        self.published_text = published or self.published_text

    def _break(self) -> None:
        paragraph = _collapse("".join(self._pieces))
        if paragraph:
            self.paragraphs.append(paragraph)
        self._pieces = []

    def _read_metadata(self, tag: str, values: dict[str, str]) -> None:
        if tag == "html" and values.get("lang") and self.language_tag is None:
            self.language_tag = values["lang"]
        elif tag == "meta":
            self._read_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.meta.setdefault("canonical", values.get("href", "").strip())
        elif (
            tag == "time"
            and values.get("datetime")
            and not self.published_text
            and not self._hidden
        ):
            self.published_text = values["datetime"].strip()

    def _read_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        content = values.get("content", "").strip()
        if values.get("http-equiv", "").lower() == "content-language" and content:
            self.language_tag = self.language_tag or content
        if not key or not content:
            return
        if key == "datepublished":
            key = "article:published_time"
        if key == "article:tag":
            self.tags.append(content)
        elif key == "og:locale" and self.language_tag is None:
            self.language_tag = content
        else:
            self.meta.setdefault(key, _collapse(content))

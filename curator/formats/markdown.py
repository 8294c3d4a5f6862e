"""Read a Markdown article: its readable text, without the markup.

The body is what a reader sees once the Markdown is rendered: heading hashes,
emphasis markers and link targets go, images are dropped, code is kept as text,
list items start with "• " (or their number), and paragraphs are separated by one
blank line. A simple YAML-like front matter block (title, date, lang, url, tags,
source) is honoured; nothing more of YAML is needed for articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from curator.formats.base import FileReadResult, ParsedArticle, ReadProblem
from curator.formats.plaintext import title_from_text
from curator.text.dates import parse_date, parse_dateline
from curator.text.language import detect_language, normalise_language_tag

_FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^\s{0,3}(?P<level>#{1,6})(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?P<mark>=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_TASK_BOX = re.compile(r"^\[[ xX]\]\s+")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_HTML_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_CODE_SPAN = re.compile(r"(`+)(?P<code>.+?)\1")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()]|\([^)]*\))*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?:[^()]|\([^)]*\))*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<(?P<target>(?:https?://|mailto:)[^>\s]+|[^@>\s]+@[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_EMPHASIS = (
    re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1"),
    re.compile(r"~~(?P<text>.+?)~~"),
    re.compile(r"(?<![\w*])\*(?=\S)(?P<text>.+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?=\S)(?P<text>.+?)(?<=\S)_(?!\w)"),
)
#: Escaped characters hide here while emphasis is removed (Unicode private-use plane 15).
_HIDDEN_BASE = 0xF0000

_FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_END = ("---", "...")
_FRONT_MATTER_LINE = re.compile(r"^(?:[A-Za-z_][\w-]*\s*:|\s*-\s|\s*#|\s+\S|\s*$)")
_BULLET = "• "


@dataclass(slots=True)
class _FrontMatter:
    fields: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def read_markdown(text: str, name: str) -> FileReadResult:
    """One article from a Markdown file; `name` is how problems and origin refer to it."""
    front, content = _split_front_matter(text)
    blocks = _readable_blocks(content)
    body = "\n\n".join(block for block, _ in blocks)
    if not body.strip():
        return FileReadResult(problems=[ReadProblem(name, "no body text")])
    problems: list[ReadProblem] = []
    meta = front.fields
    language = normalise_language_tag(meta.get("lang") or meta.get("language"))
    language = language or detect_language(body)
    dateline = parse_dateline(body, language)
    published = dateline.published
    date_key = "date" if "date" in meta else "published"
    if meta.get(date_key):
        published = parse_date(meta[date_key], language or "en")
        if published is None:
            problems.append(
                ReadProblem(
                    name,
                    f"front matter '{date_key}': cannot read '{meta[date_key]}' as a date",
                    "warning",
                )
            )
    first_heading = next((block for block, level in blocks if level == 1), None)
    article = ParsedArticle(
        title=meta.get("title") or first_heading or title_from_text(body),
        body=body,
        origin=name,
        language=language,
        source_name=meta.get("source") or dateline.source_domain,
        url=meta.get("url") or None,
        published=published,
        tags=front.tags,
    )
    return FileReadResult(articles=[article], problems=problems)


def _split_front_matter(text: str) -> tuple[_FrontMatter, str]:
    """The front matter block (if the text opens with one) and the Markdown after it."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FRONT_MATTER_FENCE:
        return _FrontMatter(), text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in _FRONT_MATTER_END:
            block = lines[1:index]
            if not all(_FRONT_MATTER_LINE.match(line) for line in block):
                break  # a thematic break and prose, not front matter
            return _parse_front_matter(block), "\n".join(lines[index + 1 :])
    return _FrontMatter(), text


def _parse_front_matter(lines: list[str]) -> _FrontMatter:
    front = _FrontMatter()
    current_key = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("- ") and current_key == "tags":
            front.tags.append(_unquote(stripped[2:]))
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip() or key[:1].isspace():
            continue
        current_key = key.strip().lower()
        value = value.strip()
        if current_key in ("tags", "keywords"):
            current_key = "tags"
            front.tags.extend(_split_tags(value))
        elif value:
            front.fields[current_key] = _unquote(value)
    front.tags = [tag for tag in dict.fromkeys(front.tags) if tag]
    return front


def _split_tags(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    return [_unquote(tag) for tag in value.split(",") if tag.strip()]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _readable_blocks(markdown: str) -> list[tuple[str, int]]:
    """The rendered text as blocks (paragraphs, lists, code), each with its heading level.

    The level is 0 for anything that is not a heading.
    """
    builder = _BlockBuilder()
    lines = iter(markdown.split("\n"))
    for raw in lines:
        fence = _FENCE.match(raw)
        if fence is not None:
            builder.add_code(_code_until_fence(lines, fence.group("fence")))
            continue
        line = raw
        while _BLOCKQUOTE.match(line):
            line = _BLOCKQUOTE.sub("", line, count=1)
        builder.add_line(line)
    builder.flush()
    return builder.blocks


def _code_until_fence(lines: Iterator[str], fence: str) -> str:
    code: list[str] = []
    for line in lines:
        if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            break
        code.append(line)
    return "\n".join(code)


class _BlockBuilder:
    """Collects lines into paragraphs and lists as a Markdown renderer would."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int]] = []
        self._lines: list[str] = []
        self._kind = "paragraph"

    def add_line(self, line: str) -> None:
        if not line.strip():
            self.flush()
            return
        if _LINK_DEFINITION.match(line) or _HTML_COMMENT_LINE.match(line):
            return
        underline = _SETEXT_UNDERLINE.match(line)
        if underline is not None and self._lines and self._kind == "paragraph":
            level = 1 if underline.group("mark").startswith("=") else 2
            self._emit(_plain_inline(" ".join(self._lines)), level)
            self._lines = []
            return
        if _THEMATIC_BREAK.match(line):
            self.flush()
            return
        heading = _ATX_HEADING.match(line)
        if heading is not None:
            self.flush()
            self._emit(_plain_inline(heading.group("text") or ""), len(heading.group("level")))
            return
        if self._add_list_or_table_line(line):
            return
        if self._kind != "paragraph":
            self.flush()
        self._lines.append(line.strip())

    def add_code(self, code: str) -> None:
        self.flush()
        self._emit(code.rstrip("\n"), 0)

    def flush(self) -> None:
        if not self._lines:
            return
        if self._kind == "paragraph":
            text = _plain_inline(" ".join(self._lines))
        else:
            text = "\n".join(self._lines)
        self._emit(text, 0)
        self._lines = []
        self._kind = "paragraph"

    def _add_list_or_table_line(self, line: str) -> bool:
        item = _LIST_ITEM.match(line)
        if item is not None:
            if self._kind != "list":
                self.flush()
                self._kind = "list"
            marker = item.group("marker")
            text = _TASK_BOX.sub("", item.group("text"))
            prefix = _BULLET if marker in "-*+" else f"{marker} "
            depth = len(item.group("indent").expandtabs(4)) // 2
            self._lines.append("  " * depth + prefix + _plain_inline(text))
            return True
        if self._kind == "list" and line[:1].isspace() and self._lines:
            self._lines[-1] += " " + _plain_inline(line.strip())
            return True
        if _TABLE_DIVIDER.match(line) and "-" in line and self._kind == "table":
            return True
        row = _TABLE_ROW.match(line)
        if row is not None:
            if self._kind != "table":
                self.flush()
                self._kind = "table"
            cells = [_plain_inline(cell.strip()) for cell in row.group("cells").split("|")]
            self._lines.append(" | ".join(cells))
            return True
        return False

    def _emit(self, text: str, level: int) -> None:
        if text.strip():
            self.blocks.append((text, level))


def _plain_inline(text: str) -> str:
    """The text of one line with inline Markdown (links, emphasis, code, images) removed."""
    text = _ESCAPED.sub(lambda m: chr(_HIDDEN_BASE + ord(m.group(1))), text)
    pieces: list[str] = []
    position = 0
    for code in _CODE_SPAN.finditer(text):
        pieces.append(_strip_inline_markup(text[position : code.start()]))
        pieces.append(code.group("code").strip())
        position = code.end()
    pieces.append(_strip_inline_markup(text[position:]))
    plain = "".join(pieces)
    plain = "".join(chr(ord(ch) - _HIDDEN_BASE) if ord(ch) >= _HIDDEN_BASE else ch for ch in plain)
    return re.sub(r"[ \t]{2,}", " ", plain).strip()


def _strip_inline_markup(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = _AUTOLINK.sub(lambda m: m.group("target").removeprefix("mailto:"), text)
    text = _HTML_TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(lambda m: m.group("text"), text)
    return text

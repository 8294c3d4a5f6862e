"""Fuzzing every import entry point with documents derived from our own JSON Schema.

A valid Curator document (two articles with annotations, a relation, an entity, records
with evidence and a translation link) is mutated along the schema: the schema is walked
beside the document, and at one property path a value of another JSON type is swapped
in, a required key dropped, an unknown key added, any JSON value put in, or a string
given a lone surrogate or a NUL. Each variant goes to every reader (Curator JSON and
JSONL, W3C, doccano, Label Studio, brat, and the article readers), to the exchange
import service and to the folder import service. Whatever the variant: no exception
escapes, every problem names the file (and, for a refused document, the field path),
and a refused document leaves the library exactly as it was.

Examples per test come from a hypothesis profile: `import-fuzz-ci` (the default, sized
for CI) or `import-fuzz-deep` (CURATOR_FUZZ_PROFILE=import-fuzz-deep). Each test prints
how many examples it ran and how many of them were refused documents.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.exchange import brat, doccano, json_export, jsonl, labelstudio, service, w3c
from curator.exchange.model import ImportResult
from curator.exchange.validation import schema
from curator.formats.base import FileReadResult
from curator.formats.registry import read_article_file
from curator.formats.storable import article_problem
from curator.importer import import_paths
from curator.progress import Progress
from db.library import Library

for _name, _examples in (("import-fuzz-ci", 40), ("import-fuzz-deep", 1000)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
PROFILE = settings.get_profile(os.environ.get("CURATOR_FUZZ_PROFILE", "import-fuzz-ci"))

SCHEMA = schema()
BODY = "Marta Bianchi opened the Harbour Expo in Genoa on 4 June. Marta Bianchi chairs it."


def _cell(value: Any, evidence: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"value": value, "evidence": evidence or [], "status": "unverified", "comment": ""}


def _record(article_id: int) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "story_article_id": 1,
        "template": "event-report",
        "template_version": 1,
        "version": 2,
        "fields": {
            "event_name": _cell({"entity_id": None, "text": "Harbour Expo"}),
            "venue": {
                "value": "Genoa",
                "evidence": [
                    {"annotation_id": 2, "article_id": 1, "start": 25, "end": 37, "text": "x"},
                    {"article_id": 1, "start": 41, "end": 46, "text": "Genoa"},
                ],
                "status": "verified",
                "comment": "from the text",
            },
            "participants": [{"role": _cell("chair")}],
            "organisers": [],
        },
        "set_aside": {},
    }


VALID: dict[str, Any] = {
    "format": "curator",
    "format_version": 1,
    "articles": [
        {
            "id": 1,
            "title": "Expo opens",
            "body": BODY,
            "language": "en",
            "source_name": None,
            "url": "https://example.org/expo",
            "published": "2024-06-04",
            "status": "new",
            "tags": ["expos"],
            "notes": "checked",
            "annotations": [
                {
                    "id": 1,
                    "type": "PERSON",
                    "start": 0,
                    "end": 13,
                    "text": "Marta Bianchi",
                    "entity_id": 1,
                    "note": "the chair",
                },
                {"id": 2, "type": "EVENT", "start": 25, "end": 37, "text": "Harbour Expo"},
            ],
            "relations": [{"id": 1, "type": "speaks_at", "source_id": 1, "target_id": 2}],
            "entities": [
                {
                    "id": 1,
                    "type": "PERSON",
                    "name": "Marta Bianchi",
                    "aliases": [{"alias": "M. Bianchi", "language": "en"}],
                    "description": "chair",
                    "external_id": "Q42",
                }
            ],
            "record": _record(1),
            "translations": [{"article_id": 2, "language": "it", "role": "translation"}],
        },
        {
            "id": 2,
            "title": "Apre l'Expo",
            "body": "Marta Bianchi apre l'Harbour Expo.",
            "language": "it",
            "source_name": None,
            "url": None,
            "published": None,
            "status": "new",
            "tags": [],
            "notes": "",
            "annotations": [],
            "relations": [],
            "entities": [],
            "record": _record(2),
            "translations": [{"article_id": 1, "language": "en", "role": "source"}],
        },
    ],
}

# --- the schema, walked beside a document ------------------------------------------------


def _is_integer(_checker: Any, value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_STRICT = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def _validator(node: Any) -> Any:
    if isinstance(node, bool):
        return _STRICT(node)
    return _STRICT({"$defs": SCHEMA["$defs"], **node})


def _resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _branch(node: Any, value: Any) -> Any:
    """The part of the schema describing `value` (for anyOf: the branch it fits)."""
    node = _resolve(node)
    if isinstance(node, dict) and "anyOf" in node:
        for option in node["anyOf"]:
            if _validator(option).is_valid(value):
                return _branch(option, value)
    return node


Path_ = tuple[str | int, ...]


def _walk(node: Any, value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any, Any]]:
    """(path, schema, value) for every value in the document that the schema describes."""
    node = _branch(node, value)
    yield path, node, value
    if not isinstance(node, dict):
        return
    if isinstance(value, dict):
        extra = node.get("additionalProperties")
        for key, child in value.items():
            sub = node.get("properties", {}).get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                yield from _walk(sub, child, (*path, key))
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for index, child in enumerate(value):
            yield from _walk(node["items"], child, (*path, index))


ALL_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")
SAMPLES: dict[str, list[Any]] = {
    "null": [None],
    "boolean": [True, False],
    "integer": [0, 7, -3, 2**70],
    "number": [1.7, 1.0, -0.5],
    "string": ["", "abc", "2024-13-99"],
    "array": [[], [1, "a"], [{}]],
    "object": [{}, {"x": 1}, {"id": "1", "type": 5}, {"entity_id": [1], "text": 5}],
}


def _allowed(node: Any) -> set[str]:
    """The JSON types the schema node takes."""
    node = _resolve(node)
    if not isinstance(node, dict) or not node:
        return set(ALL_TYPES)
    if "anyOf" in node:
        return set().union(*(_allowed(option) for option in node["anyOf"]))
    if "const" in node or "enum" in node:
        return {_type_of(item) for item in node.get("enum", [node.get("const")])}
    kinds = node.get("type", list(ALL_TYPES))
    kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    return kinds | ({"integer"} if "number" in kinds else set())


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}[type(value)]


def _get(document: Any, path: Path_) -> Any:
    for part in path:
        document = document[part]
    return document


def _set(document: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    _get(document, path[:-1])[path[-1]] = value
    return document


def path_text(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def variants(draw: st.DrawFn, root: Any, schema_node: Any) -> tuple[Any, str, Path_]:
    """A copy of `root` mutated at one schema path: (document, mutation, path)."""
    document = copy.deepcopy(root)
    nodes = list(_walk(schema_node, document))
    kind = draw(st.sampled_from(["swap", "swap", "drop", "extra", "any", "text"]))
    if kind == "drop":
        choices = [
            (p, n, v)
            for p, n, v in nodes
            if isinstance(v, dict) and isinstance(n, dict) and n.get("required")
        ]
        path, node, value = draw(st.sampled_from(choices))
        key = draw(st.sampled_from([k for k in node["required"] if k in value]))
        del value[key]
        return document, kind, (*path, key)
    if kind == "extra":
        choices = [p for p, n, v in nodes if isinstance(v, dict)]
        path = draw(st.sampled_from(choices))
        _get(document, path)["unexpected"] = draw(any_json)
        return document, kind, (*path, "unexpected")
    if kind == "text":
        choices = [p for p, n, v in nodes if isinstance(v, str)]
        path = draw(st.sampled_from(choices))
        bad = draw(st.sampled_from(["\udc00", "\ud83d", "\x00"]))
        old = _get(document, path)
        cut = draw(st.integers(0, len(old)))
        return _set(document, path, old[:cut] + bad + old[cut:]), kind, path
    path, node, _value = draw(st.sampled_from(nodes))
    if kind == "any":
        return _set(document, path, draw(any_json)), kind, path
    others = [name for name in ALL_TYPES if name not in _allowed(node)]
    if not others:  # this value may be anything: put in any JSON instead
        return _set(document, path, draw(any_json)), "any", path
    value = draw(st.sampled_from(SAMPLES[draw(st.sampled_from(others))]))
    return _set(document, path, value), kind, path


def refused(document: Any, schema_node: Any) -> bool:
    """What the importer must refuse: invalid against the schema (ints are ints), or
    holding text that cannot be stored where the schema describes it (a W3C file's
    own members beside its Curator texts are not read)."""
    if not _validator(schema_node).is_valid(document):
        return True
    properties = schema_node.get("properties", {}) if isinstance(schema_node, dict) else {}
    if "curator:articles" in properties and isinstance(document, dict):
        document = document.get("curator:articles")
    return any(_unstorable(text) for text in _strings(document))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)


def _unstorable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\x00" in text


# --- the library, before and after -----------------------------------------------------


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: what a user could possibly notice."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))
            for table in tables
        }
    finally:
        connection.close()


def check_what_was_stored(library: Library) -> None:
    """What was stored can be worked with: Check Library (every check, the record
    checks too) and every article's record and annotations read without an exception."""
    from curator import annotations, quality, records

    with library.engine.connect() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM articles")]
    quality.check_articles(library, ids)
    for article_id in ids:
        records.get_record(library, article_id)
        annotations.list_annotations(library, article_id)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pristine") / "library.sqlite"
    Library.open(path).close()
    return path


class Counts:
    def __init__(self) -> None:
        self.examples = 0
        self.refused = 0

    def show(
        self, capsys: pytest.CaptureFixture[str], what: str, refused: str = "refused documents"
    ) -> None:
        with capsys.disabled():
            print(f"\n{what}: {self.examples} examples, {self.refused} {refused}")


def _fresh(pristine: Path, folder: Path) -> Path:
    target = folder / f"library-{len(list(folder.glob('library-*')))}.sqlite"
    shutil.copy(pristine, target)
    return target


def _assert_named(problems: list[Any], name: str) -> None:
    for problem in problems:
        assert problem.where.startswith(name) and problem.reason, problem


def _names_path(problems: list[Any], name: str, path: Path_, kind: str) -> bool:
    """Some problem names the mutated path, a field inside it (a key missing from a
    swapped-in object) or, where the schema offers alternatives (anyOf), an ancestor."""
    wanted = {name if not p else f"{name}, {path_text(p)}" for p in _ancestors(path)}
    inside = f"{name}, {path_text(path)}" if path else name
    return any(p.where in wanted or p.where.startswith(inside) for p in problems)


def _ancestors(path: Path_) -> list[Path_]:
    return [path[:size] for size in range(len(path), -1, -1)]


# --- the exchange import service: json and jsonl -----------------------------------------


def _w3c_document() -> dict[str, Any]:
    """VALID written as W3C Web Annotations: its texts ride along as Curator articles."""
    articles = [json_export.article_from_dict(item, "x", []) for item in VALID["articles"]]
    out = io.StringIO()
    w3c.write(iter(articles), out, Progress())
    return json.loads(out.getvalue())


#: format -> (a valid document, the schema describing it, file suffix)
EXCHANGE_CASES = {
    "json": (VALID, SCHEMA, ".json"),
    "jsonl": (VALID["articles"][0], {"$ref": "#/$defs/article"}, ".jsonl"),
    "w3c": (
        _w3c_document(),
        {"properties": {"curator:articles": {"items": {"$ref": "#/$defs/article"}}}},
        ".jsonld",
    ),
}


@pytest.mark.parametrize("fmt", sorted(EXCHANGE_CASES))
def test_exchange_import_refuses_whole_and_names_the_path(fmt, pristine, tmp_path, capsys):
    counts = Counts()
    root, node, suffix = EXCHANGE_CASES[fmt]

    @PROFILE
    @given(variant=variants(root, node))
    def run(variant: tuple[Any, str, Path_]) -> None:
        document, kind, path = variant
        counts.examples += 1
        source = tmp_path / f"in{suffix}"
        source.write_text(json.dumps(document), encoding="utf-8")
        library_path = _fresh(pristine, tmp_path)
        library = Library.open(library_path)
        try:
            before = snapshot(library_path)
            report = service.import_file(library, fmt, source)
            after = snapshot(library_path)
            check_what_was_stored(library)
        finally:
            library.close()
        _assert_named(report.problems, source.name)
        if refused(document, node):
            counts.refused += 1
            assert after == before
            assert report.errors
            where = f"{source.name}, line 1" if fmt == "jsonl" else source.name
            assert _names_path(report.problems, where, path, kind), (path, report.problems)

    run()
    counts.show(capsys, f"exchange import ({fmt})")
    assert counts.refused > 0


def test_record_values_that_do_not_fit_their_template_are_set_aside(library, tmp_path):
    """The schema lets a value be any JSON: a money field given text, an entity given
    true. Such values are kept aside and named; Check Library then runs (it raised
    AttributeError on them before)."""
    from curator import quality, records

    document = copy.deepcopy(VALID)
    fields = document["articles"][0]["record"]["fields"]
    fields["event_name"] = _cell(True)
    fields["figures"] = [{"amount": _cell("a lot")}]
    fields["not_a_field"] = _cell("x")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document), encoding="utf-8")

    report = service.import_file(library, "json", source)

    assert report.records == 1
    moved = sorted(p.reason for p in report.problems if "kept aside" in p.reason)
    assert moved == [
        f"field “{key}”: the value does not fit the template; kept aside"
        for key in ("event_name", "figures", "not_a_field")
    ]
    first = report.imported[0]
    values = records.get_record(library, first).values
    assert values["venue"]["value"] == "Genoa"
    assert values[records.SET_ASIDE]["event_name"]["value"] is True
    assert quality.check_articles(library, report.imported) is not None


# --- the exchange import path for the formats other tools write ------------------------


def _paths(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    yield path
    if isinstance(value, dict | list):
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield from _paths(child, (*path, key))


@st.composite
def swapped(draw: st.DrawFn, root: Any) -> Any:
    """`root` (no schema of ours describes it) with any value swapped for another."""
    document = copy.deepcopy(root)
    path = draw(st.sampled_from(list(_paths(document))))
    kind = draw(st.sampled_from(ALL_TYPES))
    value = draw(st.sampled_from(SAMPLES[kind]) | any_json)
    return _set(document, path, value)


def _written(module: Any) -> Any:
    articles = [json_export.article_from_dict(item, "x", []) for item in VALID["articles"]]
    out = io.StringIO()
    module.write(iter(articles), out, Progress())
    text = out.getvalue()
    if module is labelstudio:
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio"])
def test_exchange_import_of_other_tools_files_never_raises(fmt, pristine, tmp_path, capsys):
    counts = Counts()
    module = {"doccano": doccano, "labelstudio": labelstudio}[fmt]
    root = _written(module)

    @settings(PROFILE, max_examples=max(PROFILE.max_examples // 2, 1))  # each stores a lot
    @given(document=swapped(root))
    def run(document: Any) -> None:
        counts.examples += 1
        source = tmp_path / f"in-{fmt}.json"
        lines = document if fmt == "doccano" and isinstance(document, list) else [document]
        text = "\n".join(json.dumps(line) for line in lines) if fmt == "doccano" else None
        source.write_text(text or json.dumps(document), encoding="utf-8")
        library = Library.open(_fresh(pristine, tmp_path))
        try:
            report = service.import_file(library, fmt, source)
            check_what_was_stored(library)
        finally:
            library.close()
        counts.refused += not report.imported
        _assert_named(report.problems, source.name)

    run()
    counts.show(capsys, f"exchange import ({fmt})", "that imported nothing")


# --- every reader ------------------------------------------------------------------------

EXCHANGE_READERS = {
    "in.json": json_export.read,
    "in.jsonl": jsonl.read,
    "in.jsonld": w3c.read,
    "doccano.jsonl": doccano.read,
    "studio.json": labelstudio.read,
    "brat.zip": brat.read,
}
ARTICLE_FILES = ("in.json", "in.jsonl", "in.txt", "in.md", "in.html")


def test_every_reader_takes_every_variant(tmp_path, capsys):
    counts = Counts()

    @PROFILE
    @given(variant=variants(VALID, SCHEMA), one_line=st.booleans())
    def run(variant: tuple[Any, str, Path_], one_line: bool) -> None:
        document, _kind, _path = variant
        counts.examples += 1
        counts.refused += refused(document, SCHEMA)
        text = json.dumps(document)
        if one_line and isinstance(document, dict) and isinstance(document.get("articles"), list):
            text = "\n".join(json.dumps(item) for item in document["articles"])
        for name, reader in EXCHANGE_READERS.items():
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            result = reader(path)
            assert isinstance(result, ImportResult)
            _assert_named(result.problems, name.split(".")[0])
        for name in ARTICLE_FILES:
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            parsed = read_article_file(path)
            assert isinstance(parsed, FileReadResult)
            _assert_named(parsed.problems, name)
            for article in parsed.articles:  # what a reader gives can be stored
                assert article_problem(article, article.origin) is None

    run()
    counts.show(capsys, "readers")


# --- the folder import service -----------------------------------------------------------


def test_folder_import_stores_the_good_file_whatever_the_bad_one_holds(pristine, tmp_path, capsys):
    counts = Counts()

    @PROFILE
    @given(variant=variants(VALID, SCHEMA), suffix=st.sampled_from([".json", ".jsonl"]))
    def run(variant: tuple[Any, str, Path_], suffix: str) -> None:
        document, _kind, _path = variant
        counts.examples += 1
        counts.refused += refused(document, SCHEMA)
        folder = tmp_path / f"folder-{counts.examples}"
        folder.mkdir()
        (folder / f"a-variant{suffix}").write_text(json.dumps(document), encoding="utf-8")
        (folder / "b-good.txt").write_text(f"Good {counts.examples}\n\nA good body.")
        library_path = _fresh(pristine, tmp_path)
        library = Library.open(library_path)
        try:
            report = import_paths(library, [folder])
        finally:
            library.close()
        assert "b-good.txt" in [item.origin for item in report.imported]
        for problem in report.problems:
            assert problem.where.startswith("a-variant") and problem.reason, problem

    run()
    counts.show(capsys, "folder import")

"""Interchange formats: brat, CoNLL (IOB2), doccano and Label Studio.

Round trips through each readable format, CoNLL checked by an independent reader
written here, malformed input turned into named problems, cancel, and hostile input.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.exchange import brat, conll, doccano, json_export, jsonl, labelstudio, w3c
from curator.exchange.model import (
    ExportCancelled,
    ExportedAnnotation,
    ExportedArticle,
    ExportedEntity,
    ExportedRelation,
    ImportResult,
)
from curator.progress import Progress

IT_BODY = (
    "Fiera di Bologna, 3 marzo 2024.\n\n"
    "La presidente dell'Università di Bologna, Anna Ferri, ha annunciato "
    "un finanziamento di 1.200.000 euro. «È un giorno storico», ha detto Ferri."
)
EN_BODY = (
    "London, 5 May 2024. The board of Acme Ltd. named John O'Neil chief executive.\n"
    "The deal is worth $1,200 million, up 10.5 percent."
)


def _span(body: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(quote, start + 1)
    return start, start + len(quote)


def _ann(ident: int, kind: str, body: str, quote: str, **extra: object) -> ExportedAnnotation:
    start, end = _span(body, quote)
    return ExportedAnnotation(ident, kind, start, end, quote, **extra)  # type: ignore[arg-type]


def italian() -> ExportedArticle:
    ferri = ExportedEntity(7, "PERSON", "Anna Ferri", external_id="Q90")
    university = ExportedEntity(8, "ORG", "Università di Bologna")
    return ExportedArticle(
        id=11,
        title="Finanziamento all'Università",
        body=IT_BODY,
        language="it",
        url="https://example.org/it",
        published="2024-03-03",
        annotations=(
            _ann(1, "LOCATION", IT_BODY, "Bologna"),
            _ann(2, "ROLE", IT_BODY, "presidente dell'Università di Bologna"),
            _ann(3, "ORG", IT_BODY, "Università di Bologna", entity_id=8),
            _ann(
                4, "PERSON", IT_BODY, "Anna Ferri", entity_id=7, note="Rettrice, già prorettrice."
            ),
            _ann(5, "MONEY", IT_BODY, "1.200.000 euro"),
        ),
        relations=(ExportedRelation(1, "holds", 4, 2),),
        entities=(ferri, university),
    )


def english() -> ExportedArticle:
    return ExportedArticle(
        id=12,
        title="Acme names a chief",
        body=EN_BODY,
        language="en",
        annotations=(
            _ann(21, "LOCATION", EN_BODY, "London"),
            _ann(22, "ORG", EN_BODY, "Acme Ltd."),
            _ann(23, "PERSON", EN_BODY, "John O'Neil"),
            _ann(24, "ROLE", EN_BODY, "chief executive"),
            _ann(25, "MONEY", EN_BODY, "$1,200 million"),
            _ann(26, "FIGURE", EN_BODY, "10.5 percent"),
        ),
        relations=(ExportedRelation(2, "holds", 23, 24), ExportedRelation(3, "works for", 23, 22)),
    )


def articles() -> list[ExportedArticle]:
    return [italian(), english()]


def _key(article: ExportedArticle) -> tuple:
    annotations = sorted(
        (a.id, a.type, a.start, a.end, a.text, a.entity_id, a.note) for a in article.annotations
    )
    relations = sorted((r.id, r.type, r.source_id, r.target_id) for r in article.relations)
    entities = sorted((e.id, e.name, e.external_id) for e in article.entities)
    return article.body, annotations, relations, entities


def _errors(result: ImportResult) -> list:
    return [p for p in result.problems if p.severity == "error"]


# ---------------------------------------------------------------------------- brat


def test_brat_writes_pairs_and_conf(tmp_path: Path) -> None:
    assert brat.write(iter(articles()), tmp_path, Progress()) == 2
    assert (tmp_path / "11.txt").read_bytes().decode("utf-8") == IT_BODY
    ann = (tmp_path / "11.ann").read_text(encoding="utf-8").splitlines()
    start, end = _span(IT_BODY, "Anna Ferri")
    assert f"T4\tPERSON {start} {end}\tAnna Ferri" in ann
    assert "R1\tholds Arg1:T4 Arg2:T2" in ann
    assert "#1\tAnnotatorNotes T4\tRettrice, già prorettrice." in ann
    assert "N1\tReference T3 Curator:8\tUniversità di Bologna" in ann
    assert "N2\tReference T4 Wikidata:Q90\tAnna Ferri" in ann
    assert "N3\tReference T4 Curator:7\tAnna Ferri" in ann
    en = (tmp_path / "12.ann").read_text(encoding="utf-8")
    assert "R3\tworks_for Arg1:T23 Arg2:T22" in en
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "\nPERSON\n" in conf
    assert "holds\tArg1:PERSON, Arg2:ROLE" in conf


def test_brat_round_trip_folder_and_zip(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    brat.write(iter(articles()), folder, Progress())
    result = brat.read(folder)
    assert result.problems == []
    expected = [_key(a) for a in articles()]
    # brat has no place for relation type spaces: "works for" comes back as "works_for"
    got = [_key(a) for a in result.articles]
    expected[1] = (
        expected[1][0],
        expected[1][1],
        [(3, "works_for", 23, 22) if r[0] == 3 else r for r in expected[1][2]],
        expected[1][3],
    )
    assert got == expected
    assert [a.id for a in result.articles] == [11, 12]

    archive = tmp_path / "out.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.iterdir()):
            zipped.write(path, f"export/{path.name}")
    from_zip = brat.read(archive)
    assert from_zip.problems == []
    assert [_key(a) for a in from_zip.articles] == got


def test_brat_malformed_lines_and_moved_spans(tmp_path: Path) -> None:
    body = "Anna Ferri met Marco Bianchi in Roma."
    (tmp_path / "1.txt").write_text(body, encoding="utf-8")
    (tmp_path / "1.ann").write_text(
        "T1\tPERSON 0 10\tAnna Ferri\n"
        "T2\tPERSON 0 13\tMarco Bianchi\n"  # moved: re-anchored
        "T3\tLOCATION 500 504\tRoma\n"  # beyond the text, but the quote is there
        "T4\tORG 0 5\tFIAT\n"  # nowhere: reported
        "T5 PERSON 0 4 Anna\n"  # malformed: no tabs
        "R1\tmet Arg1:T1 Arg2:T2\n"
        "R2\tmet Arg1:T1 Arg2:T4\n"  # refers to a span not imported
        "X1\twhat is this\n",
        encoding="utf-8",
    )
    (tmp_path / "2.ann").write_text("T1\tPERSON 0 1\tA\n", encoding="utf-8")  # no .txt
    result = brat.read(tmp_path)
    [article] = result.articles
    texts = {a.id: a.text for a in article.annotations}
    assert texts == {1: "Anna Ferri", 2: "Marco Bianchi", 3: "Roma"}
    assert [(r.source_id, r.target_id) for r in article.relations] == [(1, 2)]
    where = {str(p.where): p for p in result.problems}
    assert where["1.ann, line 2"].severity == "warning"
    assert where["1.ann, line 3"].severity == "warning"
    assert where["1.ann, line 4"].severity == "error" and "FIAT" in where["1.ann, line 4"].reason
    assert where["1.ann, line 5"].severity == "error"
    assert where["1.ann, line 7"].severity == "error" and "T4" in where["1.ann, line 7"].reason
    assert where["1.ann, line 8"].severity == "error"
    assert "2.ann" in where


def test_brat_not_a_folder(tmp_path: Path) -> None:
    plain = tmp_path / "x.json"
    plain.write_text("{}", encoding="utf-8")
    assert brat.read(plain).problems
    assert brat.read(tmp_path / "missing.zip").problems


# ---------------------------------------------------------------------------- CoNLL


def read_conll(text: str) -> list[list[list[tuple[str, str]]]]:
    """An independent CoNLL reader: documents of sentences of (token, label)."""
    documents: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if line.startswith("-DOCSTART-"):
            assert not sentence
            documents.append([])
            continue
        if not line.strip():
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            continue
        token, label = line.split("\t")
        assert token and " " not in token
        sentence.append((token, label))
    assert not sentence
    return documents


def iob2_spans(sentence: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Labelled spans of a sentence; fails on an invalid IOB2 sequence."""
    spans: list[tuple[str, list[str]]] = []
    previous = "O"
    for token, label in sentence:
        assert label == "O" or label[:2] in ("B-", "I-"), label
        if label.startswith("I-"):
            assert previous != "O" and previous[2:] == label[2:], (previous, label)
            spans[-1][1].append(token)
        elif label.startswith("B-"):
            spans.append((label[2:], [token]))
        previous = label
    return spans


def _joined(body: str, tokens: list[str]) -> str:
    # tokens are joined back by finding each one in order in the body
    return "".join(tokens)


def test_conll_is_valid_iob2_and_spans_reconstruct() -> None:
    out = io.StringIO()
    assert conll.write(iter(articles()), out, Progress()) == 2
    documents = read_conll(out.getvalue())
    assert len(documents) == 2
    for document, article in zip(documents, articles(), strict=True):
        found = [
            (kind, "".join(tokens))
            for sentence in document
            for kind, tokens in iob2_spans(sentence)
        ]
        # outermost wins: the ROLE span holds the ORG and the LOCATION inside it
        chosen = conll.outermost_spans(article.annotations, len(article.body))
        expected = [(kind, article.body[s:e].replace(" ", "")) for s, e, kind in chosen]
        assert found == expected
        all_tokens = "".join(token for sentence in document for token, _ in sentence)
        assert all_tokens == "".join(article.body.split())
    it_spans = [kind for s in documents[0] for kind, _ in iob2_spans(s)]
    assert it_spans == ["LOCATION", "ROLE", "PERSON", "MONEY"]
    tokens = [token for s in documents[1] for token, _ in s]
    assert "1,200" in tokens and "10.5" in tokens and "$" in tokens
    assert ("Ltd.", "O") not in [pair for s in documents[1] for pair in s]


def test_conll_keeps_a_span_across_a_sentence_break_whole() -> None:
    body = "He met Dr. Smith. Jones Inc. The board."
    article = ExportedArticle(
        1, "t", body, "en", annotations=(_ann(1, "ORG", body, "Smith. Jones Inc"),)
    )
    documents = read_conll("\n".join(conll.article_lines(article)) + "\n")
    spans = [s for sentence in documents[0] for s in iob2_spans(sentence)]
    assert spans == [("ORG", ["Smith", ".", "Jones", "Inc"])]


# ---------------------------------------------------------------------------- doccano


def test_doccano_shapes_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    plain = ExportedArticle(
        13,
        "Senza relazioni",
        "Roma è la capitale.",
        "it",
        annotations=(ExportedAnnotation(1, "LOCATION", 0, 4, "Roma"),),
    )
    with open(path, "w", encoding="utf-8") as out:
        assert doccano.write(iter([*articles(), plain]), out, Progress()) == 3
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # one shape per file (doccano refuses a mix): relations somewhere, so entities everywhere
    assert all({"entities", "relations"} <= line.keys() and "label" not in line for line in lines)
    assert lines[2]["entities"] == [
        {"id": 1, "start_offset": 0, "end_offset": 4, "label": "LOCATION"}
    ]
    assert lines[0]["title"] == "Finanziamento all'Università" and lines[0]["language"] == "it"
    result = doccano.read(path)
    assert result.problems == []
    assert [_key(a) for a in result.articles] == [_key(a) for a in [*articles(), plain]]
    assert result.articles[0].url == "https://example.org/it"


def test_doccano_reads_plain_and_reports_bad_spans(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        {
            "id": 1,
            "text": "Anna Ferri a Roma.",
            "label": [[0, 10, "PERSON"], [13, 99, "LOCATION"]],
            "meta": {"title": "Uno"},
        },
        {"text": "Ciao", "label": [[0, 4, "X"], "bad"]},
        {
            "id": 3,
            "text": "Acme and Beta",
            "entities": [
                {"id": 5, "start_offset": 0, "end_offset": 4, "label": "ORG"},
                {"id": 6, "start_offset": 9, "end_offset": 13, "label": "ORG"},
            ],
            "relations": [
                {"id": 1, "from_id": 5, "to_id": 6, "type": "partner"},
                {"id": 2, "from_id": 5, "to_id": 99, "type": "x"},
            ],
        },
        {"label": []},
    ]
    path.write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n{not json\n[1]\n", encoding="utf-8"
    )
    result = doccano.read(path)
    first, second, third = result.articles
    assert first.title == "Uno" and [a.text for a in first.annotations] == ["Anna Ferri"]
    assert [a.text for a in second.annotations] == ["Ciao"]
    assert [(r.type, r.source_id, r.target_id) for r in third.relations] == [("partner", 5, 6)]
    wheres = sorted(p.where for p in _errors(result))
    assert wheres == [
        "in.jsonl, line 1, span 2",
        "in.jsonl, line 2, span 2",
        "in.jsonl, line 3, relation 2",
        "in.jsonl, line 4",
        "in.jsonl, line 5",
        "in.jsonl, line 6",
    ]


def test_doccano_reanchors_with_the_curator_quote(tmp_path: Path) -> None:
    path = tmp_path / "moved.jsonl"
    line = {
        "id": 1,
        "text": "Oggi Anna Ferri parla.",
        "label": [[0, 10, "PERSON"], [0, 4, "ORG"]],
        "curator": {
            "offsets": "utf-16",
            "annotations": [
                {"id": 1, "type": "PERSON", "start": 0, "end": 10, "text": "Anna Ferri"},
                {"id": 2, "type": "ORG", "start": 0, "end": 4, "text": "FIAT"},
            ],
        },
    }
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = doccano.read(path)
    [article] = result.articles
    assert [(a.start, a.end, a.text) for a in article.annotations] == [(5, 15, "Anna Ferri")]
    assert [p.severity for p in result.problems] == ["warning", "error"]


# ---------------------------------------------------------------------------- Label Studio


def test_labelstudio_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    with open(path, "w", encoding="utf-8") as out:
        assert labelstudio.write(iter(articles()), out, Progress()) == 2
    tasks = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(tasks, list) and len(tasks) == 2
    result_items = tasks[0]["annotations"][0]["result"]
    span = next(r for r in result_items if r["type"] == "labels" and r["id"] == "a4")
    assert span["value"]["labels"] == ["PERSON"] and span["value"]["text"] == "Anna Ferri"
    assert {
        "from_id": "a4",
        "to_id": "a2",
        "type": "relation",
        "direction": "right",
        "labels": ["holds"],
    } in result_items
    result = labelstudio.read(path)
    assert result.problems == []
    assert [_key(a) for a in result.articles] == [_key(a) for a in articles()]
    assert result.articles[0].title == "Finanziamento all'Università"


def test_labelstudio_empty_export_is_valid_json(tmp_path: Path) -> None:
    out = io.StringIO()
    assert labelstudio.write(iter([]), out, Progress()) == 0
    assert json.loads(out.getvalue()) == []


def test_labelstudio_predictions_skipped_and_spans_checked(tmp_path: Path) -> None:
    task = {
        "id": 9,
        "data": {"text": "Il sindaco Sala ha parlato a Milano."},
        "annotations": [
            {
                "result": [
                    {
                        "id": "x1",
                        "type": "labels",
                        "from_name": "label",
                        "to_name": "text",
                        "value": {"start": 0, "end": 4, "text": "Sala", "labels": ["PERSON"]},
                    },
                    {
                        "id": "x2",
                        "type": "labels",
                        "value": {"start": 29, "end": 35, "text": "Milano", "labels": ["LOCATION"]},
                    },
                    {
                        "id": "x3",
                        "type": "labels",
                        "value": {"start": 1, "end": 3, "text": "Torino", "labels": ["LOCATION"]},
                    },
                    {"id": "x4", "type": "choices", "value": {"choices": ["ok"]}},
                    {"type": "relation", "from_id": "x1", "to_id": "x2", "labels": ["mayor of"]},
                    {"type": "relation", "from_id": "x1", "to_id": "x3", "labels": ["x"]},
                ]
            },
            {"was_cancelled": True, "result": []},
        ],
        "predictions": [{"result": [{"type": "labels"}]}],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps([task, "nonsense", {"data": {}}]), encoding="utf-8")
    result = labelstudio.read(path)
    [article] = result.articles
    assert [(a.text, a.type) for a in article.annotations] == [
        ("Sala", "PERSON"),
        ("Milano", "LOCATION"),
    ]
    assert [r.type for r in article.relations] == ["mayor of"]
    reasons = " | ".join(f"{p.where}: {p.reason}" for p in result.problems)
    assert "predictions" in reasons and "Torino" in reasons and "choices" in reasons
    assert "task 2" in reasons and "task 3" in reasons


# ---------------------------------------------------------------------------- cancel


class _CancelAfter:
    def __init__(self, count: int) -> None:
        self.calls = 0
        self.count = count

    @property
    def cancelled(self) -> bool:
        self.calls += 1
        return self.calls > self.count


@pytest.mark.parametrize("module", [conll, doccano, labelstudio])
def test_cancel_raises(module) -> None:
    with pytest.raises(ExportCancelled):
        module.write(iter(articles()), io.StringIO(), _CancelAfter(1))


def test_brat_cancel_raises(tmp_path: Path) -> None:
    with pytest.raises(ExportCancelled):
        brat.write(iter(articles()), tmp_path, _CancelAfter(1))
    assert not (tmp_path / "annotation.conf").exists()


def test_writers_stream() -> None:
    """The writers take a one-shot iterator and read it once, an article at a time
    (doccano spools the lines to a temporary file to choose the file's one shape)."""
    seen: list[int] = []

    def produce():
        for article in articles():
            seen.append(article.id)
            yield article

    out = io.StringIO()
    doccano.write(produce(), out, Progress())
    assert seen == [11, 12]


# ---------------------------------------------------------------------------- hostile input

BUDGET = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "text",
                    "label",
                    "entities",
                    "relations",
                    "start_offset",
                    "end_offset",
                    "from_id",
                    "to_id",
                    "type",
                    "data",
                    "annotations",
                    "result",
                    "value",
                    "start",
                    "end",
                    "labels",
                    "meta",
                    "curator",
                    "predictions",
                    "was_cancelled",
                    "title",
                    "format",
                    "format_version",
                    "articles",
                    "body",
                    "target",
                    "selector",
                    "exact",
                    "items",
                    "curator:articles",
                    "curator:article",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


def _valid_doccano() -> list[str]:
    out = io.StringIO()
    doccano.write(iter(articles()), out, Progress())
    return out.getvalue().splitlines()


def _valid_labelstudio() -> str:
    out = io.StringIO()
    labelstudio.write(iter(articles()), out, Progress())
    return out.getvalue()


def _mutate(text: str, cuts: list[tuple[int, int, str]]) -> str:
    for position, length, insert in cuts:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + length :]
    return text


_cuts = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 5), st.text(max_size=4)), max_size=5
)


@BUDGET
@given(values=st.lists(_json_values, max_size=4), cuts=_cuts)
def test_doccano_never_raises(tmp_path_factory, values, cuts) -> None:
    path = tmp_path_factory.mktemp("doccano") / "in.jsonl"
    lines = [json.dumps(v) for v in values] + _valid_doccano()
    path.write_text(_mutate("\n".join(lines), cuts), encoding="utf-8", errors="surrogatepass")
    assert isinstance(doccano.read(path), ImportResult)


@BUDGET
@given(value=_json_values, cuts=_cuts, use_valid=st.booleans())
def test_labelstudio_never_raises(tmp_path_factory, value, cuts, use_valid) -> None:
    path = tmp_path_factory.mktemp("ls") / "in.json"
    text = _valid_labelstudio() if use_valid else json.dumps([value])
    path.write_bytes(_mutate(text, cuts).encode("utf-8", errors="surrogatepass"))
    assert isinstance(labelstudio.read(path), ImportResult)


_ann_lines = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.builds(
            lambda kind, n, a, b, quote: f"{kind}{n}\tPERSON {a} {b}\t{quote}",
            st.sampled_from(["T", "R", "#", "N", "E", "A", "*", ""]),
            st.integers(-2, 99),
            st.integers(-2, 99),
            st.integers(-2, 99),
            st.text(max_size=8),
        ),
        st.sampled_from(
            [
                "R1\tx Arg1:T1 Arg2:T2",
                "#1\tAnnotatorNotes T1\tnota",
                "N1\tReference T1 Wikidata:Q5\tX",
                "N2\tReference T1 Curator:3",
                "T1\tPERSON 0 4;5 9\tAnna Ferr",
                "T9\tX 1 2 3\tq",
            ]
        ),
    ),
    max_size=8,
)


@BUDGET
@given(body=st.text(max_size=60), lines=_ann_lines, as_zip=st.booleans())
def test_brat_never_raises(tmp_path_factory, body, lines, as_zip) -> None:
    folder = tmp_path_factory.mktemp("brat")
    ann = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    txt = body.encode("utf-8", errors="surrogatepass")
    if as_zip:
        path = folder / "in.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a/1.txt", txt)
            archive.writestr("a/1.ann", ann)
            archive.writestr("2.ann", ann)
    else:
        (folder / "1.txt").write_bytes(txt)
        (folder / "1.ann").write_bytes(ann)
        path = folder
    assert isinstance(brat.read(path), ImportResult)


@BUDGET
@given(data=st.binary(max_size=200))
def test_readers_given_random_bytes_never_raise(tmp_path_factory, data) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for name, reader in (
        ("x.jsonl", doccano.read),
        ("x.json", labelstudio.read),
        ("x.zip", brat.read),
        ("x.json", json_export.read),
        ("x.jsonl", jsonl.read),
        ("x.w3c.json", w3c.read),
    ):
        path = folder / name
        path.write_bytes(data)
        assert isinstance(reader(path), ImportResult)


_OWN_WRITERS = {"json": json_export, "jsonl": jsonl, "w3c": w3c}


def _valid_own(fmt: str) -> str:
    out = io.StringIO()
    _OWN_WRITERS[fmt].write(iter(articles()), out, Progress())
    return out.getvalue()


@BUDGET
@given(
    fmt=st.sampled_from(sorted(_OWN_WRITERS)),
    value=_json_values,
    cuts=_cuts,
    use_valid=st.booleans(),
)
def test_json_jsonl_and_w3c_readers_never_raise(tmp_path_factory, fmt, value, cuts, use_valid):
    """Curator's own formats and the Web Annotation reader, on mutated exports and on
    arbitrary JSON: always items plus named problems."""
    path = tmp_path_factory.mktemp(fmt) / f"in.{fmt}"
    text = _valid_own(fmt) if use_valid else json.dumps(value)
    path.write_bytes(_mutate(text, cuts).encode("utf-8", errors="surrogatepass"))
    assert isinstance(_OWN_WRITERS[fmt].read(path), ImportResult)


def test_a_jsonl_line_that_is_not_utf8_is_named_and_the_rest_imported(tmp_path):
    good = _valid_own("jsonl").splitlines()
    path = tmp_path / "in.jsonl"
    path.write_bytes(good[0].encode() + b"\n\xff\xfe broken\n" + good[1].encode() + b"\n")
    result = jsonl.read(path)
    assert [article.title for article in result.articles] == [a.title for a in articles()]
    (problem,) = result.problems
    assert problem.where.endswith("line 2") and "not valid JSON" in problem.reason


@pytest.mark.parametrize("version", ["1", None, 1.5, True])
def test_a_malformed_format_version_is_named_not_called_newer(tmp_path, version) -> None:
    document = json.loads(_valid_own("json"))
    document["format_version"] = version
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = json_export.read(path)
    assert not result.articles
    (problem,) = result.problems
    assert "newer" not in problem.reason and problem.where.endswith("format_version")

"""Checking a Curator JSON document (or one JSONL line) before anything is stored.

The check is the published JSON Schema (resources/schemas/curator-export.schema.json),
so what the schema promises to other tools is exactly what the importer takes; a
document that fails it is refused whole, and each failure is named by its field path
("in.json, articles[0].annotations[2].start: expected an integer, found true/false").
Two rules go beyond JSON Schema's own: an integer is an int and nothing else (JSON
Schema counts 1.0 as an integer, and Python counts true as 1: offsets given as true or
1.7 used to be stored as 1), and every string must be storable text within the
article size limit (curator/formats/storable.py).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from curator.formats.base import ReadProblem
from curator.formats.storable import body_problem, value_problem
from curator.i18n import _

#: At most this many failures are listed for one document; the rest are counted.
MAX_LISTED = 20


@cache
def schema() -> dict[str, Any]:
    """The published schema of a Curator JSON document."""
    source = resources.files("resources") / "schemas" / "curator-export.schema.json"
    return json.loads(source.read_text(encoding="utf-8"))


@cache
def _validator(definition: str | None) -> Any:
    import jsonschema  # about 0.1 s to import: only when a document is read

    def is_integer(_checker: Any, instance: Any) -> bool:
        return isinstance(instance, int) and not isinstance(instance, bool)

    base = jsonschema.Draft202012Validator
    strict = jsonschema.validators.extend(
        base, type_checker=base.TYPE_CHECKER.redefine("integer", is_integer)
    )
    document = schema()
    if definition is not None:
        document = {"$defs": document["$defs"], "$ref": f"#/$defs/{definition}"}
    return strict(document)


def document_problems(data: Any, where: str) -> list[ReadProblem]:
    """Every reason to refuse a whole Curator JSON document, each naming its field path."""
    return _problems(data, where, None)


def article_problems(
    data: Any, where: str, prefix: tuple[str | int, ...] = ()
) -> list[ReadProblem]:
    """Every reason to refuse one article object (one line of a Curator JSONL file, or
    one of the texts a W3C file carries at `prefix`)."""
    return _problems(data, where, "article", prefix)


def _problems(
    data: Any, where: str, definition: str | None, prefix: tuple[str | int, ...] = ()
) -> list[ReadProblem]:
    errors = sorted(
        _validator(definition).iter_errors(data), key=lambda error: list(map(str, error.path))
    )
    described = dict.fromkeys(_describe(error, where, prefix) for error in errors)  # once each
    problems = [ReadProblem(*item) for item in list(described)[:MAX_LISTED]]
    if len(described) > MAX_LISTED:
        problems.append(
            ReadProblem(where, _("and {n} more problems").format(n=len(described) - MAX_LISTED))
        )
    if problems:
        return problems
    found = value_problem(data, _path(prefix))
    if found:
        return [ReadProblem(_place(where, found[0]), found[1])]
    articles = data.get("articles", []) if definition is None else [data]
    for index, article in enumerate(articles):
        reason = body_problem(article["body"])
        if reason:
            path = f"articles[{index}].body" if definition is None else _path((*prefix, "body"))
            return [ReadProblem(_place(where, path), reason)]
    return []


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _place(where: str, path: str) -> str:
    return f"{where}, {path}" if path else where


def _describe(error: Any, where: str, prefix: tuple[str | int, ...]) -> tuple[str, str]:
    """(where, reason) for one schema failure, in the editor's words."""
    path = _path((*prefix, *error.absolute_path))
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    if kind == "anyOf":
        deeper = [e for e in error.context if len(e.absolute_path) > len(error.absolute_path)]
        if deeper:
            return _describe(max(deeper, key=lambda e: len(e.absolute_path)), where, prefix)
        return _place(where, path), _any_of(error.context, instance)
    if kind == "type":
        return _place(where, path), _("expected {types}, found {kind}").format(
            types=_types(value), kind=kind_of(instance)
        )
    if kind == "required":  # one error per missing key: all of them named at once
        missing = [key for key in value if key not in instance]
        if len(missing) == 1:
            return _place(where, _join(path, missing[0])), _("this field is missing")
        return _place(where, path), _("these fields are missing: {keys}").format(
            keys=", ".join(f"“{key}”" for key in missing)
        )
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = next((key for key in instance if key not in known), "?")
        return _place(where, _join(path, str(extra))), _("unknown field")
    if kind in ("const", "enum"):
        allowed = [value] if kind == "const" else value
        return _place(where, path), _("must be one of: {allowed}").format(
            allowed=", ".join(json.dumps(item) for item in allowed)
        )
    if kind == "minLength":
        return _place(where, path), _("must not be empty")
    if kind == "minimum":
        return _place(where, path), _("must be at least {n}").format(n=value)
    if kind == "pattern":
        return _place(where, path), _("must be a date written YYYY-MM-DD")
    return _place(where, path), error.message[:200]


def _any_of(context: list[Any], instance: Any) -> str:
    required = [e.validator_value for e in context if e.validator == "required"]
    if required:
        options = _(" or ").join("“" + "”, “".join(keys) + "”" for keys in required)
        return _("needs {options}").format(options=options)
    types = [e.validator_value for e in context if e.validator == "type"]
    return _("expected {types}, found {kind}").format(
        types=_(" or ").join(_types(t) for t in types) or _("another value"),
        kind=kind_of(instance),
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(name: str) -> str:
    names = {
        "integer": _("an integer"),
        "number": _("a number"),
        "string": _("text"),
        "boolean": _("true/false"),
        "array": _("a list"),
        "object": _("an object"),
    }
    return names.get(name, name)


def _types(value: str | list[str]) -> str:
    names = [value] if isinstance(value, str) else value
    return _(" or ").join(_type_name(name) for name in names)


def kind_of(value: Any) -> str:
    """How a JSON value is described to an editor: "a number", "a list"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("an integer")
    if isinstance(value, float):
        return _("a number ({value})").format(value=value)
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")

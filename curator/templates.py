"""Record templates: versioned JSON lists of typed fields.

Shipped templates live in resources/templates; an editor's own in the config dir's
templates/ folder (same format; a user template with a shipped id replaces it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from curator.errors import NotFoundError, ValidationError
from curator.i18n import _
from curator.paths import config_dir

FIELD_TYPES = (
    "text", "long_text", "date", "date_range", "number_unit", "money", "entity", "choice",
    "group",
)  # fmt: skip
QUALIFIERS = ("", "=", ">", ">=", "<", "<=", "~")  # as in curator.text.recognisers values


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    type: str
    required: bool = False
    entity_types: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()  # a group's item fields
    # Item fields sharing a `one_of` name are alternatives: a figure is a number or money.
    one_of: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": self.label, "type": self.type}
        if self.required:
            data["required"] = True
        if self.entity_types:
            data["entity_types"] = list(self.entity_types)
        if self.choices:
            data["choices"] = list(self.choices)
        if self.fields:
            data["fields"] = [spec.to_json() for spec in self.fields]
        if self.one_of:
            data["one_of"] = self.one_of
        return data


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    version: int
    name: str
    description: str = ""
    fields: tuple[FieldSpec, ...] = field(default=())
    origin: str = "shipped"

    def field(self, key: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.key == key), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "name": self.name,
            "description": self.description, "origin": self.origin,
            "fields": [spec.to_json() for spec in self.fields],
        }  # fmt: skip


def _field(data: dict[str, Any], where: str) -> FieldSpec:
    kind = data.get("type")
    if kind not in FIELD_TYPES:
        raise ValidationError(where, _("unknown field type “{type}”").format(type=kind))
    key = str(data.get("key", "")).strip()
    if not key.isidentifier():
        raise ValidationError(where, _("a field needs a key such as event_name"))
    children = tuple(_field(child, f"{where}.{key}") for child in data.get("fields", []))
    if kind == "group" and not children:
        raise ValidationError(where, _("the group {key} has no fields").format(key=key))
    if kind == "choice" and not data.get("choices"):
        raise ValidationError(where, _("the choice {key} has no choices").format(key=key))
    return FieldSpec(
        key=key,
        label=str(data.get("label") or key),
        type=kind,
        required=bool(data.get("required", False)),
        entity_types=tuple(data.get("entity_types", ())),
        choices=tuple(data.get("choices", ())),
        fields=children,
        one_of=str(data.get("one_of", "")),
    )


def shown_fields(fields: tuple[FieldSpec, ...], item: dict[str, Any]) -> list[FieldSpec]:
    """The fields a group item shows: of alternatives, the filled one once one is filled.

    A figure counted in exhibitors shows its number and no money slot; a new, empty
    figure shows both, for the editor to fill either.
    """
    def filled(spec: FieldSpec) -> bool:
        return (item.get(spec.key) or {}).get("value") not in (None, "", {}, [])

    chosen = {spec.one_of for spec in fields if spec.one_of and filled(spec)}
    return [spec for spec in fields if spec.one_of not in chosen or filled(spec)]


def parse_template(data: dict[str, Any], origin: str = "shipped") -> Template:
    where = str(data.get("id", "template"))
    try:
        version = int(data["version"])
        fields = tuple(_field(item, where) for item in data["fields"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(where, _("missing or malformed {what}").format(what=error)) from error
    keys = [spec.key for spec in fields]
    if len(set(keys)) != len(keys):
        raise ValidationError(where, _("two fields share a key"))
    return Template(str(data["id"]), version, str(data.get("name") or data["id"]),
                    str(data.get("description", "")), fields, origin)  # fmt: skip


def user_templates_dir() -> Path:
    return config_dir() / "templates"


def _shipped() -> list[Template]:
    folder = resources.files("resources") / "templates"
    return [
        parse_template(json.loads(entry.read_text(encoding="utf-8")))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    ]


def list_templates() -> list[Template]:
    """Shipped templates, then the editor's own (which win on a shared id).

    A user template that cannot be read is left out; `template_problems` says why.
    """
    by_id = {template.id: template for template in _shipped()}
    for path in sorted(user_templates_dir().glob("*.json")):
        try:
            template = parse_template(json.loads(path.read_text(encoding="utf-8")), "user")
        except (OSError, ValueError, ValidationError):
            continue
        by_id[template.id] = template
    return list(by_id.values())


def template_problems() -> list[str]:
    problems = []
    for path in sorted(user_templates_dir().glob("*.json")):
        try:
            parse_template(json.loads(path.read_text(encoding="utf-8")), "user")
        except (OSError, ValueError, ValidationError) as error:
            problems.append(f"{path.name}: {error}")
    return problems


DEFAULT_TEMPLATE = "event-report"


def get_template(template_id: str) -> Template:
    for template in list_templates():
        if template.id == template_id:
            return template
    raise NotFoundError(_("No record template “{id}”.").format(id=template_id))

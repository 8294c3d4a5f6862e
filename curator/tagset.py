"""The annotation tagset of a library: entity types and relation types.

The default comes from resources/tagsets/default.json; a library may hold its own,
edited in the app, stored in the library itself so it travels with the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from curator.errors import ValidationError
from curator.i18n import _
from db.library import Library
from db.models import LibrarySetting

SETTING_KEY = "tagset"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str  # stored on annotations: PERSON, ORG, ...
    label: str
    key: str  # the one-key shortcut
    colour: str  # "#rrggbb", light enough to read black text on


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    label: str
    sources: tuple[str, ...]  # entity types allowed at the start ("from")
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tagset:
    types: tuple[EntityType, ...]
    relations: tuple[RelationType, ...]

    def type_named(self, name: str) -> EntityType | None:
        return next((entity_type for entity_type in self.types if entity_type.name == name), None)

    def type_for_key(self, key: str) -> EntityType | None:
        key = key.upper()
        return next((entity_type for entity_type in self.types if entity_type.key == key), None)

    def relations_between(self, source_type: str, target_type: str) -> list[RelationType]:
        return [
            relation
            for relation in self.relations
            if source_type in relation.sources and target_type in relation.targets
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "types": [asdict(entity_type) for entity_type in self.types],
            "relations": [
                {
                    "name": relation.name,
                    "label": relation.label,
                    "from": list(relation.sources),
                    "to": list(relation.targets),
                }
                for relation in self.relations
            ],
        }


def parse_tagset(data: dict[str, Any]) -> Tagset:
    """A tagset from its JSON form; ValidationError names what is wrong."""
    try:
        types = tuple(
            EntityType(str(t["name"]), str(t["label"]), str(t["key"]).upper(), str(t["colour"]))
            for t in data["types"]
        )
        relations = tuple(
            RelationType(str(r["name"]), str(r["label"]), tuple(r["from"]), tuple(r["to"]))
            for r in data.get("relations", [])
        )
    except (KeyError, TypeError) as error:
        raise ValidationError(
            "tagset", _("missing or malformed field {field}").format(field=error)
        ) from error
    names = [entity_type.name for entity_type in types]
    keys = [entity_type.key for entity_type in types]
    for entity_type in types:
        if not _NAME.match(entity_type.name):
            raise ValidationError(
                "tagset",
                _("“{name}” is not a type name (use A–Z, 0–9, _)").format(name=entity_type.name),
            )
        if len(entity_type.key) != 1 or not entity_type.key.isalnum():
            raise ValidationError(
                "tagset",
                _("the key of {name} must be one letter or digit").format(name=entity_type.name),
            )
        if not _COLOUR.match(entity_type.colour):
            raise ValidationError(
                "tagset",
                _("the colour of {name} must look like #ffd8a8").format(name=entity_type.name),
            )
    for values, what in ((names, _("type name")), (keys, _("key"))):
        duplicates = sorted({value for value in values if values.count(value) > 1})
        if duplicates:
            raise ValidationError(
                "tagset",
                _("each {what} may be used once: {values}").format(
                    what=what, values=", ".join(duplicates)
                ),
            )
    for relation in relations:
        unknown = [name for name in (*relation.sources, *relation.targets) if name not in names]
        if unknown:
            raise ValidationError(
                "tagset",
                _("relation {name} names unknown types: {types}").format(
                    name=relation.name, types=", ".join(unknown)
                ),
            )
    return Tagset(types, relations)


def default_tagset() -> Tagset:
    source = resources.files("resources") / "tagsets" / "default.json"
    return parse_tagset(json.loads(source.read_text(encoding="utf-8")))


def load_tagset(library: Library) -> Tagset:
    with library.reading() as session:
        setting = session.get(LibrarySetting, SETTING_KEY)
        return parse_tagset(json.loads(setting.value)) if setting else default_tagset()


def save_tagset(library: Library, tagset: Tagset) -> None:
    """Store a library's own tagset (checked first)."""
    data = tagset.to_json()
    parse_tagset(data)
    with library.session() as session:
        session.merge(LibrarySetting(key=SETTING_KEY, value=json.dumps(data, ensure_ascii=False)))

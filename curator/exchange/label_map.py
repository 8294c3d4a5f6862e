"""Foreign label names on import: mapped to the library's tagset, added, or named.

Other tools label spans "Person", "PER", "GPE", "Organization" and relations
"foundedBy". A foreign label becomes one of our type names by, in order: the user's
mappings (`--map FOREIGN=OURS`, case-insensitive on FOREIGN), the tagset's own names
and labels (case-insensitive), then built-in synonyms for the common NER label sets
(CoNLL, OntoNotes/spaCy, Label Studio's templates), taken only when the synonym's type
is in the tagset. A label none of these resolves is added to the tagset when asked
(`--add-types`), or else each span or relation carrying it is a named problem: file,
article, span, label. Nothing is dropped silently.

`map_type` and `map_relation` are what a format reader needs; `map_labels` applies them
to whole articles for the importer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from curator.exchange.model import ExportedArticle
from curator.formats.base import ReadProblem
from curator.i18n import _
from curator.tagset import EntityType, RelationType, Tagset

# normalised foreign label -> our default type name (see _normal)
SYNONYMS: dict[str, str] = {
    # CoNLL-2003 / WikiNER
    "per": "PERSON",
    "org": "ORG",
    "loc": "LOCATION",
    # OntoNotes 5 / spaCy
    "person": "PERSON",
    "gpe": "LOCATION",
    "fac": "LOCATION",
    "facility": "LOCATION",
    "norp": "ORG",
    "date": "DATE",
    "time": "DATE",
    "money": "MONEY",
    "cardinal": "FIGURE",
    "ordinal": "FIGURE",
    "quantity": "FIGURE",
    "percent": "FIGURE",
    "event": "EVENT",
    "workofart": "DOCUMENT",
    "law": "DOCUMENT",
    # Label Studio templates and plain words
    "persons": "PERSON",
    "people": "PERSON",
    "organization": "ORG",
    "organisation": "ORG",
    "organizations": "ORG",
    "company": "ORG",
    "location": "LOCATION",
    "place": "LOCATION",
    "city": "LOCATION",
    "country": "LOCATION",
    "number": "FIGURE",
    "figure": "FIGURE",
    "document": "DOCUMENT",
    "role": "ROLE",
}

_PALETTE = ("#ffc9c9", "#b2f2bb", "#a5d8ff", "#ffec99", "#d0bfff", "#99e9f2", "#ffd8a8")


def _normal(label: str) -> str:
    """Case, spaces, '_' and '-' do not matter: "Work of Art" == "WORK_OF_ART"."""
    return re.sub(r"[\s_\-]+", "", label).casefold()


def parse_mapping(text: str) -> tuple[str, str]:
    """'FOREIGN=OURS' as a pair; ValueError (one line) when it is not that."""
    foreign, sep, ours = text.partition("=")
    if not sep or not foreign.strip() or not ours.strip():
        raise ValueError(_("“{text}” is not FOREIGN=OURS").format(text=text))
    return foreign.strip(), ours.strip()


def _mapped(label: str, mappings: Mapping[str, str] | None) -> str | None:
    for foreign, ours in (mappings or {}).items():
        if _normal(foreign) == _normal(label):
            return ours
    return None


def map_type(label: str, tagset: Tagset, mappings: Mapping[str, str] | None = None) -> str | None:
    """Our entity type name for a foreign span label, or None when nothing resolves it."""
    label = _mapped(label, mappings) or label
    if tagset.type_named(label) is not None:
        return label
    wanted = _normal(label)
    for entity_type in tagset.types:
        if wanted in (_normal(entity_type.name), _normal(entity_type.label)):
            return entity_type.name
    synonym = SYNONYMS.get(wanted)
    return synonym if synonym is not None and tagset.type_named(synonym) is not None else None


def map_relation(
    label: str, tagset: Tagset, mappings: Mapping[str, str] | None = None
) -> str | None:
    """Our relation type name for a foreign relation label, or None."""
    label = _mapped(label, mappings) or label
    wanted = _normal(label)
    for relation in tagset.relations:
        if relation.name == label:
            return label
    for relation in tagset.relations:
        if wanted in (_normal(relation.name), _normal(relation.label)):
            return relation.name
    return None


@dataclass(frozen=True, slots=True)
class LabelOptions:
    mappings: dict[str, str] = field(default_factory=dict)
    add_types: bool = False


@dataclass(slots=True)
class MappedLabels:
    articles: list[ExportedArticle]
    problems: list[ReadProblem]
    tagset: Tagset | None = None  # the extended tagset to save, when types were added
    added: list[str] = field(default_factory=list)


def type_name_for(label: str) -> str:
    """A tagset-valid name (A–Z, 0–9, _) for a foreign label: "Misc" -> "MISC"."""
    name = re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")[:32] or "TYPE"
    return name if name[0].isalpha() else ("T" + name)[:32]


def _free_key(name: str, used: set[str]) -> str | None:
    for key in (*name, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
        if key.isalnum() and key not in used:
            return key
    return None


def extend_tagset(
    tagset: Tagset,
    types: Sequence[tuple[str, str]],
    relations: Mapping[str, tuple[set[str], set[str]]],
) -> tuple[Tagset, list[str]]:
    """The tagset with new entity types (name, label) and relation types (name ->
    source types, target types); also the names of types that found no free key."""
    keys = {t.key for t in tagset.types}
    new_types = list(tagset.types)
    no_key = []
    for index, (name, label) in enumerate(types):
        key = _free_key(name, keys)
        if key is None:
            no_key.append(name)
            continue
        keys.add(key)
        new_types.append(EntityType(name, label, key, _PALETTE[index % len(_PALETTE)]))
    names = {t.name for t in new_types}
    new_relations = list(tagset.relations) + [
        RelationType(name, name, tuple(sorted(s & names)), tuple(sorted(t & names)))
        for name, (s, t) in relations.items()
    ]
    return Tagset(tuple(new_types), tuple(new_relations)), no_key


def map_labels(
    articles: Sequence[ExportedArticle], tagset: Tagset, options: LabelOptions, file_name: str
) -> MappedLabels:
    """Every article with its labels as our type names; a problem for each span or
    relation whose label could not be resolved (left out), or the tagset to save when
    `add_types` adds the unknown labels."""
    problems: list[ReadProblem] = []
    for foreign, ours in options.mappings.items():
        if (
            not options.add_types
            and map_type(ours, tagset) is None
            and map_relation(ours, tagset) is None
        ):
            problems.append(
                ReadProblem(
                    f"--map {foreign}={ours}",
                    _("“{type}” is not a type of this library's tagset").format(type=ours),
                )
            )
    added_types: dict[str, str] = {}  # name -> label
    known: dict[str, str] = {}  # foreign label -> the existing type its name becomes
    if options.add_types:
        for article in articles:
            for label in [a.type for a in article.annotations] + [e.type for e in article.entities]:
                if map_type(label, tagset, options.mappings) is None:
                    name = type_name_for(_mapped(label, options.mappings) or label)
                    if tagset.type_named(name) is not None:
                        known.setdefault(label, name)  # "Role!" -> ROLE, not a second ROLE
                    else:
                        added_types.setdefault(name, label)
    working = tagset
    no_key: list[str] = []
    if added_types:
        working, no_key = extend_tagset(tagset, list(added_types.items()), {})
    mappings = {**known, **options.mappings}
    for name, label in added_types.items():
        if name not in no_key:
            mappings.setdefault(label, name)
    type_of = _memo(lambda label: map_type(label, working, mappings))
    relation_of = _memo(lambda label: map_relation(label, working, mappings))
    new_relations: dict[str, tuple[set[str], set[str]]] = {}
    out: list[ExportedArticle] = []
    for number, article in enumerate(articles, 1):
        where = _("{file}, article {number} “{title}”").format(
            file=file_name, number=number, title=article.title[:60]
        )
        annotations = []
        types: dict[int, str] = {}
        for a in article.annotations:
            ours = type_of(a.type)
            if ours is None:
                problems.append(_unmapped_span(where, a.text, a.start, a.end, a.type))
                continue
            types[a.id] = ours
            annotations.append(dataclasses.replace(a, type=ours))
        relations = []
        for r in article.relations:
            place = f"{where}, {_('relation')} “{r.type}”"
            if r.source_id not in types or r.target_id not in types:
                problems.append(
                    ReadProblem(place, _("one of its spans was left out; left out too"))
                )
                continue
            if not r.type:  # unlabelled (Label Studio's default): the one type allowed
                ours = _only_relation(working, types[r.source_id], types[r.target_id])
                if ours is None:
                    problems.append(_unlabelled(place, types[r.source_id], types[r.target_id]))
                    continue
            else:
                ours = relation_of(r.type)
            if ours is None and options.add_types:
                ours = _mapped(r.type, options.mappings) or r.type
                sources, targets = new_relations.setdefault(ours, (set(), set()))
                sources.add(types[r.source_id])
                targets.add(types[r.target_id])
            if ours is None:
                problems.append(
                    ReadProblem(
                        place,
                        _(
                            "the relation label “{label}” is not in this library's tagset; "
                            "map it with --map {label}=RELATION or add it with --add-types"
                        ).format(label=r.type),
                    )
                )
                continue
            relations.append(dataclasses.replace(r, type=ours))
        entities = tuple(
            dataclasses.replace(e, type=type_of(e.type) or e.type) for e in article.entities
        )
        out.append(
            dataclasses.replace(
                article,
                annotations=tuple(annotations),
                relations=tuple(relations),
                entities=entities,
            )
        )
    for name in no_key:
        problems.append(
            ReadProblem(
                file_name,
                _("the type {name} could not be added: every key is taken").format(name=name),
            )
        )
    if new_relations:
        working, _no_key = extend_tagset(working, (), new_relations)
    changed = working is not tagset
    added = [n for n in added_types if n not in no_key] + list(new_relations)
    return MappedLabels(out, problems, working if changed else None, added)


def _unmapped_span(where: str, text: str, start: int, end: int, label: str) -> ReadProblem:
    return ReadProblem(
        f"{where}, {_('annotation')} “{text[:60]}” ({start}–{end})",
        _(
            "the label “{label}” is not in this library's tagset; "
            "map it with --map {label}=TYPE or add it with --add-types"
        ).format(label=label),
    )


def _memo(resolve: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`resolve`, asked once per label: a file has many spans and few labels."""
    known: dict[str, str | None] = {}

    def cached(label: str) -> str | None:
        if label not in known:
            known[label] = resolve(label)
        return known[label]

    return cached


def _only_relation(tagset: Tagset, source: str, target: str) -> str | None:
    allowed = tagset.relations_between(source, target)
    return allowed[0].name if len(allowed) == 1 else None


def _unlabelled(place: str, source: str, target: str) -> ReadProblem:
    return ReadProblem(
        place,
        _(
            "the relation has no label, and no single relation type goes from {source} "
            "to {target}; it was not imported"
        ).format(source=source, target=target),
    )

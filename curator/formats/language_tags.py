"""BCP 47 language tags compared the way an editor means them (through langcodes).

Two tags are the same language when their language subtags agree and neither names a
script, region or variant the other contradicts: "en" matches "en-GB", "en-US" does not
match "en-GB", "it" matches "it-IT", "zh-Hans" does not match "zh-Hant". A tag langcodes
cannot parse is compared as written (case aside).
"""

from __future__ import annotations

from collections.abc import Sequence

from langcodes import Language


def _parsed(tag: str) -> Language | None:
    try:
        return Language.get(tag.strip().replace("_", "-"))
    except ValueError:  # langcodes' LanguageTagError
        return None


def standard(tag: str) -> str:
    """The tag in its standard spelling ("en-US" for "EN_us"), else as written."""
    language = _parsed(tag)
    return language.to_tag() if language is not None else tag.strip()


def primary(tag: str) -> str:
    """The language subtag alone ("en" for "en-GB")."""
    language = _parsed(tag)
    if language is not None and language.language:
        return language.language
    return tag.strip().lower().replace("_", "-").split("-", 1)[0]


def compatible(first: str, second: str) -> bool:
    """Whether the two tags can name the same language (see the module's docstring)."""
    a, b = _parsed(first), _parsed(second)
    if a is None or b is None:
        return first.strip().lower() == second.strip().lower()
    if a.language != b.language:
        return False
    return all(
        x is None or y is None or x == y
        for x, y in ((a.script, b.script), (a.territory, b.territory), (a.variants, b.variants))
    )


def pick(tags: Sequence[str], wanted: str) -> str | None:
    """The tag of `tags` naming `wanted`: the same tag first, else a compatible one."""
    exact = standard(wanted).lower()
    for tag in tags:
        if standard(tag).lower() == exact:
            return tag
    return next((tag for tag in tags if compatible(tag, wanted)), None)

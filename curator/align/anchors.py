"""Anchors: what a sentence and its translation share, whatever the two languages.

Each sentence becomes a set of anchor keys; a key found on both sides of a candidate
bead is evidence that the bead is right. Keys are normalised so that the two languages
meet:

- numbers by value, read with the language's separators (babel): "10,5" (it) and
  "10.5" (en) are `n:10.5`, "3.200" (it) and "3,200" (en) are `n:3200`; a scale word
  multiplies ("150 miliardi", "150 billion": `n:150000000000`); ordinals are numbers
  ("25ª", "25th", "25e", "11." in German): `n:25`;
- months and weekdays by number, in en, it, fr, de, es, pt ("marzo", "March": `m:3`);
- words of four letters or more by their accent-folded form (`w:shanghai`), short
  capitalised words inside a sentence too ("Mr. Ge": `w:ge`), and cognates by the first
  four letters of a rough spelling skeleton ("tecnologia", "technology": `p:tecn`);
- punctuation that translations keep: quotes, brackets, "?", "!", ":" and ";";
- aliases the caller knows (the names of linked entities in both languages): the k-th
  (source alias, target alias) pair is `a:k` on whichever side it is found.

Languages other than en and it keep numbers (with their separators from babel when it
knows the language), words, cognates and punctuation, so anchors degrade gracefully.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.core import UnknownLocaleError
from babel.numbers import NumberFormatError, get_decimal_symbol, parse_decimal

from curator.text.language import normalise_language_tag

AliasPair = tuple[str, str]

#: How much one shared anchor of each kind is worth, before its rarity is counted.
KIND_WEIGHTS: dict[str, float] = {
    "n": 3.0,  # a number
    "m": 1.5,  # a month or weekday
    "a": 3.0,  # an alias pair
    "w": 1.0,  # the same word (names, loan words)
    "p": 1.0,  # a cognate prefix
    "q": 0.5,  # punctuation
}

#: Scale words after a figure, with the power of ten they multiply by.
_SCALE_WORDS: dict[str, str] = {
    "en": "thousand=3 thousands=3 k=3 million=6 millions=6 mln=6 mn=6 billion=9 billions=9"
    " bn=9 trillion=12",
    "it": "mila=3 migliaia=3 milione=6 milioni=6 mln=6 mio=6 miliardo=9 miliardi=9 mld=9 mrd=9",
    "fr": "mille=3 million=6 millions=6 mio=6 milliard=9 milliards=9 mrd=9 md=9 billion=12"
    " billions=12",
    "de": "tausend=3 million=6 millionen=6 mio=6 milliarde=9 milliarden=9 mrd=9 billion=12"
    " billionen=12",
    "es": "mil=3 millón=6 millones=6 billón=12",
    "pt": "mil=3 milhão=6 milhões=6 bilhão=9 bilhões=9",
}

_MONTHS: dict[str, str] = {
    "en": "january february march april may june july august september october november december",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre"
    " novembre dicembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
    " diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro"
    " dezembro",
}
_WEEKDAYS: dict[str, str] = {
    "en": "monday tuesday wednesday thursday friday saturday sunday",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "pt": "segunda terça quarta quinta sexta sábado domingo",
}
#: Month abbreviations, "/" between variants. They count only next to a figure ("Mar 27",
#: "27 mar"): alone they are ordinary words ("mar" is the Italian sea).
_MONTH_ABBREVIATIONS: dict[str, str] = {
    "en": "jan feb mar apr may jun jul aug sep/sept oct nov dec",
    "it": "gen feb mar apr mag giu lug ago set/sett ott nov dic",
    "fr": "janv févr/fév mars avr mai juin juil août sept oct nov déc",
    "de": "jan feb mär/mrz apr mai jun jul aug sep/sept okt nov dez",
    "es": "ene feb mar abr may jun jul ago sep/sept oct nov dic",
    "pt": "jan fev mar abr mai jun jul ago set out nov dez",
}
#: English writes months and weekdays with a capital; lower case "may" is a verb.
_CAPITALISED_CALENDAR = frozenset({"en"})
#: A figure written "27,2023" in a dateline is a day and a year, not one number.
_DAY_COMMA_YEAR = re.compile(r"(\d{1,2}),(\d{4})")

_NUMBER = re.compile(
    r"(?<![\w.,])(\d(?:[\d.,'’\u00a0\u202f]*\d)?)"
    r"(ª|º|°|st\b|nd\b|rd\b|th\b|e\b|er\b|ère\b|ème\b|eme\b|esimo\b|esima\b)?"
    r"(?:[ \u00a0]?([^\W\d_]+(?: [^\W\d_]+)?))?"
)
_WORD = re.compile(r"[^\W\d_]+")
_GROUPING_SPACES = str.maketrans("", "", "'’\u00a0\u202f")
_SKELETON_RULES = (("ph", "f"), ("th", "t"), ("ch", "c"), ("kh", "k"), ("k", "c"), ("y", "i"))
_DOUBLED = re.compile(r"(.)\1+")
_QUOTES = frozenset('«»“”„"‹›')
_PUNCTUATION_KEYS = (("?", "q:?"), ("!", "q:!"), (":", "q::"), (";", "q:;"))

MIN_WORD_LETTERS = 4
COGNATE_PREFIX = 4


class AnchorExtractor:
    """Turns sentences of one language into anchor keys; build one per side."""

    def __init__(self, language: str | None, aliases: Sequence[str] = ()) -> None:
        self.language = normalise_language_tag(language) or ""
        self._scales = _scales(self.language)
        self._calendar = _calendar_words(self.language)
        self._month_abbreviations = _month_abbreviations(self.language)
        self._capitalised_calendar = self.language in _CAPITALISED_CALENDAR
        self._aliases = [
            (index, re.compile(r"(?<!\w)" + re.escape(_fold(alias)) + r"(?!\w)"))
            for index, alias in enumerate(aliases)
            if alias.strip()
        ]

    def anchors(self, sentence: str) -> frozenset[str]:
        """The anchor keys of one sentence."""
        keys: set[str] = set()
        self._add_numbers(sentence, keys)
        self._add_words(sentence, keys)
        if any(ch in _QUOTES for ch in sentence):
            keys.add("q:quote")
        if "(" in sentence or ")" in sentence:
            keys.add("q:paren")
        for mark, key in _PUNCTUATION_KEYS:
            if mark in sentence:
                keys.add(key)
        if self._aliases:
            folded = _fold(sentence)
            keys.update(f"a:{index}" for index, pattern in self._aliases if pattern.search(folded))
        return frozenset(keys)

    def _add_numbers(self, sentence: str, keys: set[str]) -> None:
        for match in _NUMBER.finditer(sentence):
            token, following = match.group(1), (match.group(3) or "").lower()
            day_year = _DAY_COMMA_YEAR.fullmatch(token)
            if day_year is not None and self.language != "it":
                keys.add("n:" + str(int(day_year.group(1))))
                keys.add("n:" + str(int(day_year.group(2))))
                continue
            value = parse_number(token, self.language)
            if value is None:
                continue
            exponent = self._scales.get(following.split(" ", 1)[0])
            if exponent is not None:
                value = value.scaleb(exponent)
            keys.add("n:" + _canonical(value))

    def _add_words(self, sentence: str, keys: set[str]) -> None:
        first = True
        for match in _WORD.finditer(sentence):
            word = match.group()
            folded, word_keys = _word_keys(word)
            if word_keys:
                keys.update(word_keys)
            elif len(folded) >= 2 and word[0].isupper() and not first:
                keys.add("w:" + folded)  # "Mr. Ge", "UE", "Li"
            first = False
            calendar = self._calendar.get(folded)
            if (
                calendar is None
                and folded in self._month_abbreviations
                and _next_to_digit(sentence, match)
            ):
                calendar = self._month_abbreviations[folded]
            if calendar is not None and (word[0].isupper() or not self._capitalised_calendar):
                keys.add(calendar)


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's folded form, and its word and cognate keys when it is long enough."""
    folded = _fold(word)
    if len(folded) < MIN_WORD_LETTERS:
        return folded, ()
    return folded, ("w:" + folded, "p:" + cognate_prefix(folded))


def parse_number(token: str, language: str) -> Decimal | None:
    """The value of a figure as written in `language`: "3.200" (it) is 3200, (en) 3.2."""
    token = token.translate(_GROUPING_SPACES)
    if token.isdigit():
        return Decimal(token)
    return _parse_separated(token, language)


@lru_cache(maxsize=4096)
def _parse_separated(token: str, language: str) -> Decimal | None:
    if language:
        try:
            return parse_decimal(token, locale=language, strict=True)
        except (NumberFormatError, UnknownLocaleError, ValueError, InvalidOperation):
            pass
    return _parse_by_shape(token, _decimal_symbol(language))


@lru_cache(maxsize=64)
def _decimal_symbol(language: str) -> str:
    try:
        return get_decimal_symbol(language) if language else "."
    except (UnknownLocaleError, ValueError):
        return "."


def _parse_by_shape(token: str, decimal: str) -> Decimal | None:
    """When the locale's rules refuse a figure, its shape decides: "1.5", "15.30", "1,234"."""
    separators = [ch for ch in token if ch in ".,"]
    if not separators:
        return None
    last = max(token.rfind("."), token.rfind(","))
    digits_after = len(token) - last - 1
    single = len(separators) == 1
    if len(set(separators)) == 2 or (single and (digits_after != 3 or token[last] == decimal)):
        integer, fraction = token[:last], token[last + 1 :]
    else:
        integer, fraction = token, ""
    integer = re.sub(r"[.,]", "", integer)
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return None


def cognate_prefix(folded_word: str) -> str:
    """The first letters of a rough spelling skeleton: "technology" and "tecnologia" meet."""
    skeleton = folded_word
    for written, simpler in _SKELETON_RULES:
        skeleton = skeleton.replace(written, simpler)
    skeleton = _DOUBLED.sub(r"\1", skeleton)
    return skeleton[:COGNATE_PREFIX]


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower case without accents: "Città" -> "citta", "Straße" -> "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("œ", "oe")


def _canonical(value: Decimal) -> str:
    """One spelling per value: 10.50 -> "10.5", 1.5E+11 -> "150000000000"."""
    return format(value.normalize(), "f")


def _next_to_digit(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[max(0, match.start() - 2) : match.start()]
    after = sentence[match.end() : match.end() + 3]
    return any(ch.isdigit() for ch in before) or any(ch.isdigit() for ch in after)


@lru_cache(maxsize=16)
def _calendar_words(language: str) -> dict[str, str]:
    """folded month or weekday name of `language` -> its key ("m:3", "d:1").

    For a language without tables every language's names are used.
    """
    languages = [language] if language in _MONTHS else list(_MONTHS)
    words: dict[str, str] = {}
    for each in languages:
        for number, name in enumerate(_MONTHS[each].split(), start=1):
            words.setdefault(_fold(name), f"m:{number}")
        for number, name in enumerate(_WEEKDAYS[each].split(), start=1):
            words.setdefault(_fold(name), f"d:{number}")
    return words


@lru_cache(maxsize=16)
def _scales(language: str) -> dict[str, int]:
    pairs = (entry.split("=") for entry in _SCALE_WORDS.get(language, "").split())
    return {word: int(exponent) for word, exponent in pairs}


@lru_cache(maxsize=16)
def _month_abbreviations(language: str) -> dict[str, str]:
    words: dict[str, str] = {}
    for number, variants in enumerate(_MONTH_ABBREVIATIONS.get(language, "").split(), start=1):
        for variant in variants.split("/"):
            words[_fold(variant)] = f"m:{number}"
    return words

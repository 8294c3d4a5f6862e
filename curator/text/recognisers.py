"""Propose DATE, MONEY and FIGURE annotations in an article's text, by rule.

The rules read English and Italian the way press releases about fairs write them.
Numbers are parsed with babel in the article's locale, so "3,200" is 3200 in English
and "3.200" is 3200 in Italian; a number that does not parse in the locale ("515,15"
or "10,5" in English) gets no suggestion, and the data-quality checks report it.
Month names come from babel as well. Other languages get the number rules (with
English words, numbers parsed in their own locale where babel knows it) and ISO or
numeric dates only.

What a suggestion covers:

DATE    the date as written: "Aug 11,2023", "11 agosto 2023", "March 2025", "July 14th".
        A range is one span and includes its opening word: "from November 28 to
        December 2, 2023", "dal 15 al 18 ottobre 2024", "15-18 October".
        Bare years ("in 2023", "2023-2025") are not suggested.
MONEY   qualifier, currency and amount: "nearly RMB150 billion", "1,2 miliardi di euro".
FIGURE  qualifier, number and the unit or noun it counts: "more than 1,200 exhibitors",
        "oltre mille imprese", "45.000 metri quadrati", "68%", "12 per cent". The noun
        is one word, or up to three when they end on a known noun ("nearly 400 star
        products"); Italian adds one following adjective ("metri quadrati").

How values are written (`Suggestion.value`):

DATE    ISO 8601: "2023-08-11"; a month "2025-03"; a day whose year the text does not
        give "--07-14"; a range is two of these joined by "/": "2023-11-28/2023-12-02",
        "--11-11/--12-28".
FIGURE  "<qualifier><decimal>[%]": "1200", ">1200", "~300", "68%", ">=50%". The decimal
        is plain (no exponent, no grouping, "." for the decimal point) and already
        multiplied out ("1.2 million" is "1200000"). The qualifier is one of
        ">"  more than, over, above, oltre, più di
        ">=" at least, no fewer than, almeno
        "<"  less than, fewer than, under, meno di
        "<=" up to, as many as, fino a, al massimo
        "~"  about, around, nearly, almost, some, circa, quasi, "un centinaio di"
MONEY   "<ISO 4217 code> <figure value>": "CNY 150000000000", "EUR 1200000000",
        "USD ~5000000". "$" is read as USD and "¥" as CNY.

Never suggested as figures: years, ordinals and editions ("4th", "25ª"), times
("3:59 PM"), identifiers ("2+(3+6)", "5G", "COVID-19", "Hall 5", "top 10"), numbers
with a leading zero, and anything inside a DATE or MONEY span. A European-looking
"1.000" in English (or "1,500" in Italian) is ambiguous and left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import NumberFormatError, get_decimal_symbol, parse_decimal

DATE = "DATE"
MONEY = "MONEY"
FIGURE = "FIGURE"

SOURCE_DATE = "rule:date"
SOURCE_MONEY = "rule:money"
SOURCE_FIGURE = "rule:figure"

#: Languages with word rules of their own; any other language uses English words.
RULE_LANGUAGES = ("en", "it")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed annotation: `text[start:end]` is `text`, of `type`, found by `source`."""

    start: int
    end: int
    type: str
    text: str
    source: str
    value: str | None = None


def recognise(text: str, language: str) -> list[Suggestion]:
    """Dates, money and figures in `text`, sorted by where they start.

    `language` is the article's language code ("en", "it", "en-GB"); it decides the
    words the rules know and how numbers are parsed.
    """
    rules = _rules_for(_base_language(language))
    windows = _Windows(
        numbers=_windows(text, rules.number_trigger),
        currencies=_windows(text, _CURRENCY_TRIGGER),
        months=_windows(text, rules.month_trigger) if rules.month_trigger else [],
    )
    occupied = _Occupied()
    found: list[Suggestion] = []
    for finder, kind, source in (
        (_find_dates, DATE, SOURCE_DATE),
        (_find_money, MONEY, SOURCE_MONEY),
        (_find_figures, FIGURE, SOURCE_FIGURE),
    ):
        for start, end, value in _choose(finder(text, windows, rules, occupied), occupied):
            found.append(Suggestion(start, end, kind, text[start:end], source, value))
    found.sort(key=lambda s: (s.start, s.end))
    return found


# --- words the rules know -------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Words before a number that say how exact it is, by the symbol that stands for them.
_QUALIFIERS: dict[str, dict[str, str]] = {
    "en": {
        ">": "more than|over|above|exceeding|in excess of|upwards of|well over|just over"
        "|slightly more than",
        ">=": "at least|no fewer than|no less than|a minimum of",
        "<": "less than|fewer than|under|below|just under",
        "<=": "up to|as many as|at most|a maximum of|no more than",
        "~": "about|around|approximately|approx.|roughly|nearly|almost|some|close to|circa"
        "|an estimated|estimated",
    },
    "it": {
        ">": "oltre|più di|poco più di|ben oltre|superiore a",
        ">=": "almeno|non meno di",
        "<": "meno di|inferiore a|sotto",
        "<=": "fino a|fino ai|al massimo|non più di",
        "~": "circa|quasi|intorno a|intorno ai|attorno a|attorno ai|all'incirca|all’incirca"
        "|approssimativamente|poco meno di|pressoché",
    },
}


def _word_values(words: str, values: Iterable[int]) -> dict[str, int]:
    return dict(zip(words.split(), values, strict=True))


_MILLION = ("milione", "milioni", "mln")
_BILLION = ("miliardo", "miliardi", "mld", "mrd")
_FIGURE_SCALES: dict[str, dict[str, int]] = {
    "en": {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12},
    "it": {"mila": 10**3, **dict.fromkeys(_MILLION, 10**6), **dict.fromkeys(_BILLION, 10**9)},
}
#: Money also writes "$5m", "€1.2bn", "USD 300k".
_MONEY_SCALE_ABBREVIATIONS = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12}

#: Currency written before the amount ("RMB150", "€1,2") and after it ("150 yuan").
_CURRENCY_BEFORE = {
    **dict.fromkeys(("rmb", "cny", "¥"), "CNY"),
    **dict.fromkeys(("eur", "€"), "EUR"),
    **dict.fromkeys(("usd", "us$", "$"), "USD"),
    **dict.fromkeys(("gbp", "£"), "GBP"),
    **dict.fromkeys(("hkd", "hk$"), "HKD"),
    "jpy": "JPY",
    "chf": "CHF",
}
_CURRENCY_AFTER = {
    **dict.fromkeys(("yuan", "renminbi", "rmb", "cny"), "CNY"),
    **dict.fromkeys(("euro", "euros", "eur", "€"), "EUR"),
    **dict.fromkeys(("dollars", "us dollars", "u.s. dollars", "usd"), "USD"),
    **dict.fromkeys(("dollari", "dollari usa", "dollari statunitensi"), "USD"),
    **dict.fromkeys(("hong kong dollars", "hkd"), "HKD"),
    **dict.fromkeys(("pounds", "pounds sterling", "sterline", "gbp"), "GBP"),
    **dict.fromkeys(("yen", "jpy"), "JPY"),
    **dict.fromkeys(("swiss francs", "franchi svizzeri", "chf"), "CHF"),
}

# Numbers written as words. "Scaled" ones may stand wherever digits do ("a thousand",
# "mille", "un miliardo"); small ones count only a known noun ("eight units").
_SMALL_VALUES = [*range(2, 21), *range(30, 100, 10)]
_EN_UNITS = _word_values(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety",
    _SMALL_VALUES,
)
_IT_UNITS = _word_values(
    "due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici"
    " quindici sedici diciassette diciotto diciannove venti trenta quaranta cinquanta"
    " sessanta settanta ottanta novanta",
    _SMALL_VALUES,
)
_WORD_VALUES: dict[str, dict[str, int]] = {
    "en": {
        **dict.fromkeys(("a", "an", "one"), 1),
        **_EN_UNITS,
        **_word_values("dozen hundred", (12, 100)),
        **_FIGURE_SCALES["en"],
    },
    "it": {
        **dict.fromkeys(("un", "uno", "una"), 1),
        **_IT_UNITS,
        **_word_values("cento mille", (100, 1000)),
        **_FIGURE_SCALES["it"],
    },
}
#: Italian "una decina di", "un centinaio di": about so many.
_IT_APPROXIMATE = _word_values(
    "decina dozzina ventina trentina quarantina cinquantina sessantina settantina ottantina"
    " novantina centinaio migliaio",
    (10, 12, *range(20, 100, 10), 100, 1000),
)

#: Nouns that a figure counts or measures (plural count nouns; units in both numbers).
_HEAD_NOUNS = {
    "en": _word_set("""
        exhibitors visitors buyers attendees participants delegates delegations guests
        speakers experts scholars academicians representatives people persons journalists
        officials leaders executives entrepreneurs students employees workers staff jobs
        members enterprises companies firms businesses brands suppliers manufacturers
        producers startups start-ups smes institutions organisations organizations
        associations universities agencies units countries nations regions provinces
        cities towns parks zones economies events forums conferences meetings sessions
        seminars workshops panels activities exhibitions fairs shows products exhibits
        items innovations technologies solutions booths stands pavilions halls agreements
        contracts deals projects cases achievements patents orders transactions
        platforms visits views viewers points audiences winners awards prizes cars vehicles
        machines robots
        metre metres meter meters kilometre kilometres kilometer kilometers hectare
        hectares tonne tonnes ton tons kilogram kilograms year years month months week
        weeks day days hour hours
    """),
    "it": _word_set("""
        espositori visitatori operatori buyer partecipanti delegati delegazioni ospiti
        relatori esperti accademici rappresentanti persone giornalisti dipendenti
        lavoratori addetti studenti membri imprese aziende società ditte marchi brand
        fornitori produttori startup pmi istituzioni organizzazioni associazioni
        università enti paesi nazioni regioni province città comuni eventi forum
        convegni conferenze incontri seminari workshop attività mostre fiere prodotti
        novità tecnologie soluzioni stand padiglioni accordi contratti progetti casi
        brevetti ordini piattaforme parchi veicoli macchine robot
        metro metri chilometro chilometri ettaro ettari tonnellata tonnellate anno anni
        mese mesi settimana settimane giorno giorni ora ore
    """),
}
#: Italian adjectives that belong to the noun before them ("metri quadrati").
_IT_FOLLOWING_ADJECTIVES = _word_set("""
    quadrati quadrato quadri cubi cubo professionali esteri estere stranieri straniere
    internazionali nazionali italiani italiane espositrici qualificati accreditati
""")

_STOP_WORDS = {
    "en": _word_set("""
        the a an and or but nor of in on at to for by with from as than that this these
        those which who whom whose is are was were be been being has have had will would
        can could may might shall should do does did not no it its their his her our your
        my we they he she you i there here into onto over under about after before during
        between among per via also only just more most less each every all both some any
        such so then yet if when while where up down out off since until last next
        january february march april may june july august september october november
        december jan feb mar apr jun jul aug sep sept oct nov dec
    """),
    "it": _word_set("""
        il lo la i gli le l un uno una di del dello della dei degli delle dell d a al allo
        alla ai agli alle all da dal dallo dalla dai dagli dalle dall in nel nello nella
        nei negli nelle nell con col coi su sul sullo sulla sui sugli sulle sull per tra
        fra e ed o od ma che chi cui non è sono era erano sarà saranno ha hanno aveva
        avevano stato stata stati state essere come più meno anche già ancora se si ne ci
        vi questo questa questi queste quello quella quelli quelle suo sua suoi sue loro
        dopo prima durante entro verso contro oltre circa quasi scorso scorsa prossimo prossima
        gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre
        novembre dicembre gen feb mar apr mag giu lug ago set ott nov dic
    """),
}
_CONJUNCTIONS = _word_set("and or e ed o")
_TIME_WORDS = _word_set("am pm a.m p.m h hrs o'clock")
#: A number right after one of these words names a thing rather than counting one.
_IDENTIFIER_WORDS = _word_set("""
    no nr n num number hall stand booth pavilion padiglione article art articolo chapter
    capitolo comma phase fase room sala gate line linea version versione top page pagina
    p pp class classe lot lotto step item punto section sezione level livello grade tier
    edition edizione round
""")
_VERB_ENDINGS = {
    "en": ("ed", "ing", "ly"),
    "it": (
        "ato",
        "ata",
        "ati",
        "ate",
        "ito",
        "ita",
        "iti",
        "ite",
        "uto",
        "uti",
        "ando",
        "endo",
        "mente",
    ),
}

# --- regular expressions ----------------------------------------------------------------

_NUMBER = r"(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d|[.,]\d)"
_BLANK = r"[ \u00a0\u202f]"
_NOT_LETTER = r"(?![^\W\d_])"
_ORDINAL = r"(?:st|nd|rd|th|°|º|ª)?"
_YEAR_GROUP = r"(?P<{}>1[5-9]\d\d|2\d\d\d)(?!\d)"
_DAY_GROUP = r"(?P<{}>[0-3]?\d)(?!\d)" + _ORDINAL
_BEFORE_NUMBER = r"(?<![\w.,/:+#$€£¥\-–—])"

_MEASURE = re.compile(
    rf"(?:m²|m2|mq|km²|km2|km|kg|sqm|sq\.?{_BLANK}?m|ha|MW|GW|kW|kWh|MWh|GWh|TWh|t){_NOT_LETTER}"
)
#: How far before and after a digit or number word a match may reach.
_WINDOW_BEFORE = 48
_WINDOW_AFTER = 40
_BLANK_OR_LINE = re.compile(r"\s")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*")
_ITALIAN_OF = re.compile(r"(?:di" + _BLANK + r"+|d['’])")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?" + _BLANK + r"*\Z")
_DIGIT_NEIGHBOUR = re.compile(_BLANK + r"\d")
_DIGIT_NEIGHBOUR_BEFORE = re.compile(r"\d" + _BLANK + r"\Z")
_TIME = re.compile(r"\d{1,2}[.:]\d{2}\Z")
_TIME_BEFORE = re.compile(r"(?<!\w)(?i:at|alle|ore|dalle|h)" + _BLANK + r"+\Z")
_HOUR_BEFORE = re.compile(r"(?<!\w)(?i:alle|ore|dalle|h)" + _BLANK + r"+\Z")


def _alternation(words: Iterable[str]) -> str:
    """A regex for any of `words`, factored as a trie so trying it anywhere is cheap.

    A space in a word matches any run of blanks.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        branches = [
            (_BLANK + "+" if char == " " else re.escape(char)) + walk(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


def _words(words: Iterable[str]) -> str:
    """Case-insensitive alternation of whole words."""
    return rf"(?i:{_alternation(w.lower() for w in words)}){_NOT_LETTER}"


@dataclass(frozen=True)
class _Rules:
    """Everything the recognisers need for one language, compiled once."""

    words: str  # "en" or "it": which word lists apply
    number_locale: Locale
    decimal_symbol: str
    day_first: bool
    months: dict[str, tuple[int, bool]]  # lower-case name -> (month, must be capitalised)
    full_months: frozenset[str]  # lower-case wide names: a "." after one ends a sentence
    qualifiers: dict[str, str]  # normalised phrase -> symbol
    date_atoms: tuple[re.Pattern[str], ...]
    day_ranges: tuple[re.Pattern[str], ...]
    month_range: re.Pattern[str] | None
    connector: re.Pattern[str]
    range_opening: re.Pattern[str]
    money: re.Pattern[str]
    figure: re.Pattern[str]
    number_trigger: re.Pattern[str]  # digits or a number word: where numbers can be
    month_trigger: re.Pattern[str] | None  # a month name: where written dates can be


def _base_language(language: str | None) -> str:
    code = (language or "en").replace("-", "_").split("_")[0].lower()
    return code or "en"


@lru_cache(maxsize=16)
def _rules_for(language: str) -> _Rules:
    words = language if language in RULE_LANGUAGES else "en"
    try:
        locale = Locale.parse(language)
    except (ValueError, TypeError, UnknownLocaleError):
        locale = Locale.parse("en")
    pattern = locale.date_formats["short"].pattern
    qualifiers = {
        " ".join(phrase.split()): symbol
        for symbol, phrases in _QUALIFIERS[words].items()
        for phrase in phrases.split("|")
    }
    months = _month_names(language) if language in RULE_LANGUAGES else {}
    return _Rules(
        words=words,
        number_locale=locale,
        decimal_symbol=get_decimal_symbol(locale),
        day_first=pattern.find("d") < pattern.find("M"),
        months=months,
        full_months=frozenset(
            name.lower()
            for code in ("en", "it")
            for name in get_month_names("wide", "format", code).values()
        ),
        qualifiers=qualifiers,
        **_date_patterns(words, months),
        money=_money_pattern(words, qualifiers),
        figure=_figure_pattern(words, qualifiers),
        number_trigger=_trigger_pattern(words),
        month_trigger=(
            re.compile(rf"(?<!\w)(?i:{_alternation(sorted(months))})") if months else None
        ),
    )


def _month_names(language: str) -> dict[str, tuple[int, bool]]:
    """Month names from babel: English ones must be capitalised, Italian ones need not."""
    names: dict[str, tuple[int, bool]] = {}
    sources = [("en", True), ("en_GB", True), ("en_AU", True)]
    if language == "it":
        sources.insert(0, ("it", False))
    for code, capitalised in sources:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, code).items():
                    names.setdefault(name.lower().rstrip("."), (number, capitalised))
    return names


def _date_patterns(words: str, months: dict[str, tuple[int, bool]]) -> dict[str, object]:
    """The date patterns of `_Rules`; without month names, only ISO and numeric dates."""
    b = _BLANK
    iso = re.compile(
        r"(?<![\w.,/-])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?![\w/-]|[.,]\d)"
    )
    numeric = re.compile(
        r"(?<![\w.,/-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})"
        r"(?![\w/-]|[.,]\d)"
    )
    if words == "it":  # "dal 15 al 18", "dall'11 al 14", "tra il 5 e il 7"
        opening = rf"(?i:(?:dal|da|tra{b}+il|fra{b}+il|tra|fra){b}+|(?:dall|tra{b}+l|fra{b}+l)['’])"
        joint = (
            rf"(?:{b}*[-–—]{b}*|{b}+(?i:al|a|fino{b}+al|sino{b}+al|e{b}+il|e|ed){b}+"
            rf"|{b}+(?i:all|e{b}+l)['’])"
        )
        of = rf"(?:(?:di|del){b}+)?"
    else:  # "from 15 to 18", "between 5 and 7", "15-18"
        opening = rf"(?i:from|between){b}+"
        joint = rf"(?:{b}*(?:-|–|—|--){b}*|{b}+(?i:to|until|till|through|thru|and){b}+)"
        of = rf"(?:of{b}+)?"
    patterns: dict[str, object] = {
        "date_atoms": (iso, numeric),
        "day_ranges": (),
        "month_range": None,
        "connector": re.compile(joint),
        "range_opening": re.compile(rf"(?<!\w){opening}\Z"),
    }
    if not months:
        return patterns

    names = _alternation(sorted(months))

    def month(group: str) -> str:
        return rf"(?P<{group}>(?i:{names})){_NOT_LETTER}\.?"

    def year(group: str) -> str:
        return rf"(?:{b}*,{b}*|{b}+)" + _YEAR_GROUP.format(group)

    day, day2 = _DAY_GROUP.format("d"), _DAY_GROUP.format("d2")
    start = r"(?<![\w.,/:+\-–])"
    pre = rf"(?P<pre>{opening})?"
    patterns["date_atoms"] = (
        iso,
        numeric,
        re.compile(rf"(?<!\w){month('m')}{b}+{day}(?:{year('y')})?{_NOT_LETTER}"),
        re.compile(rf"{start}{day}\.?{b}+{of}{month('m')}(?:{year('y')})?"),
        re.compile(rf"(?<!\w){month('m')}{b}+(?:(?i:of|del){b}+)?" + _YEAR_GROUP.format("y")),
    )
    patterns["day_ranges"] = (
        re.compile(
            rf"{start}{pre}{day}(?P<joint>{joint}){day2}\.?{b}+{of}{month('m')}(?:{year('y')})?"
        ),
        re.compile(
            rf"(?<!\w){pre}{month('m')}{b}+{day}(?P<joint>{joint}){day2}(?:{year('y')})?"
            + _NOT_LETTER
        ),
    )
    patterns["month_range"] = re.compile(
        rf"(?<!\w){pre}{month('m')}(?P<joint>{joint}){month('m2')}{year('y')}"
    )
    return patterns


def _qualifier_group(qualifiers: dict[str, str], words: str) -> str:
    b = _BLANK
    article = rf"(?:{b}+(?:il|lo|i|gli|le)(?={b}))?" if words == "it" else ""  # "circa il 68%"
    return rf"(?:(?P<q>{_words(qualifiers)}){article}{b}+)?"


def _scaled_words(words: str) -> str:
    """Numbers in words that may stand where digits do."""
    if words == "it":
        units = _alternation([*_IT_UNITS, "cento"])
        small = _alternation(["un", "uno", "una", *_IT_UNITS, "cento"])
        large = _alternation(["milione", "milioni", "miliardo", "miliardi"])
        return (
            rf"(?i:(?:{units})mila|(?:{_alternation(list(_IT_UNITS)[:8])})cento|cento|mille"
            rf"|(?:{small}){_BLANK}+(?:{large})){_NOT_LETTER}"
        )
    small = _alternation(["a", "an", "one", *_EN_UNITS])
    scale = _alternation(["hundred", "thousand", "million", "billion", "trillion"])
    return rf"(?i:(?:{small}){_BLANK}+(?:{scale})(?:{_BLANK}+(?:{scale}))?){_NOT_LETTER}"


def _money_pattern(words: str, qualifiers: dict[str, str]) -> re.Pattern[str]:
    scales = {**_FIGURE_SCALES[words], **_MONEY_SCALE_ABBREVIATIONS}
    scale = _words(scales)
    before = rf"(?i:{_alternation(_CURRENCY_BEFORE)})"
    after = rf"(?i:{_alternation(_CURRENCY_AFTER)})"
    of = r"(?:(?:di|of)" + _BLANK + r"+|d['’])?"
    return re.compile(
        r"(?<![\w$€£¥.,/:+\-])"
        + _qualifier_group(qualifiers, words)
        + rf"(?:(?P<cb>{before}){_BLANK}?(?P<nb>{_NUMBER})(?:{_BLANK}?(?P<sb>{scale}))?"
        + rf"|(?:(?P<na>{_NUMBER})|(?P<wa>{_scaled_words(words)}))(?:{_BLANK}?(?P<sa>{scale}))?"
        + rf"{_BLANK}?{of}(?P<ca>{after}))(?![^\W_])"
    )


def _figure_pattern(words: str, qualifiers: dict[str, str]) -> re.Pattern[str]:
    scale = _words(_FIGURE_SCALES[words])
    if words == "it":
        approximate = rf"(?i:un|una){_BLANK}+{_words(_IT_APPROXIMATE)}"
        small = _words([*_IT_UNITS, "una dozzina"])
        percent = rf"(?i:per{_BLANK}+cento|percento)"
    else:
        approximate = r"(?!)"
        small = _words([*_EN_UNITS, "a dozen"])
        percent = rf"(?i:per{_BLANK}?cent|percent)"
    return re.compile(
        _BEFORE_NUMBER
        + _qualifier_group(qualifiers, words)
        + rf"(?:(?P<n>{_NUMBER})(?:{_BLANK}?(?P<s>{scale}))?"
        + rf"|(?P<w>{_scaled_words(words)})(?:{_BLANK}+(?P<ws>{scale}))?"
        + rf"|(?P<a>{approximate})|(?P<k>{small}))"
        + rf"(?P<pct>{_BLANK}?%|{_BLANK}+{percent}{_NOT_LETTER})?"
    )


def _trigger_pattern(words: str) -> re.Pattern[str]:
    """A digit, or the start of a word that may be (part of) a number: "mille", "duemila"."""
    triggers = [w for w in _WORD_VALUES[words] if w not in ("a", "an", "un", "uno", "una")]
    if words == "it":
        triggers += list(_IT_APPROXIMATE)
    return re.compile(rf"\d+|(?<!\w)(?i:{_alternation(triggers)})")


class _Windows(NamedTuple):
    """Where in a text the patterns are worth trying."""

    numbers: list[tuple[int, int]]  # around digits and number words
    currencies: list[tuple[int, int]]  # around currency names and signs
    months: list[tuple[int, int]]  # around month names


_CURRENCY_TRIGGER = re.compile(
    r"[$€£¥]|(?<!\w)(?i:"
    + _alternation(sorted(w for w in {*_CURRENCY_BEFORE, *_CURRENCY_AFTER} if w.isalpha()))
    + ")"
)


def _windows(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of `text` around what `trigger` finds, the only places worth searching.

    Each reaches far enough either side for the longest words a match can have before or
    after its number, and ends on a blank so no pattern sees a word cut short.
    """
    windows: list[tuple[int, int]] = []
    for found in trigger.finditer(text):
        start = max(0, found.start() - _WINDOW_BEFORE)
        end = found.end() + _WINDOW_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return [(start, _blank_at_or_after(text, end)) for start, end in windows]


def _blank_at_or_after(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    blank = _BLANK_OR_LINE.search(text, position)
    return blank.start() if blank else len(text)


def _scan(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    last_end = 0
    for start, end in windows:
        for match in pattern.finditer(text, max(start, last_end), end):
            last_end = match.end()
            yield match


# --- choosing among overlapping candidates ----------------------------------------------

_Candidate = tuple[int, int, str | None]


class _Occupied:
    """Non-overlapping spans already given to a suggestion, sorted by start."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start)
        if index and self.ends[index - 1] > start:
            return True
        return index < len(self.starts) and self.starts[index] < end

    def add(self, start: int, end: int) -> None:
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def ending_at(self, position: int) -> int | None:
        """The start of the span that ends at `position`, if one does."""
        index = bisect_right(self.starts, position) - 1
        if index >= 0 and self.ends[index] == position:
            return self.starts[index]
        return None


def _choose(candidates: Iterable[_Candidate], occupied: _Occupied) -> list[_Candidate]:
    """The longest candidates that overlap nothing chosen before them."""
    chosen = []
    for start, end, value in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if end > start and not occupied.overlaps(start, end):
            occupied.add(start, end)
            chosen.append((start, end, value))
    return chosen


# --- dates ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Point:
    """A date as precise as the text gives it."""

    year: int | None
    month: int
    day: int | None

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def key(self) -> tuple[int, int]:
        return (self.month, self.day or 0)


def _point(year: int | None, month: int | None, day: int | None) -> _Point | None:
    if month is None or not 1 <= month <= 12:
        return None
    try:
        dt.date(year if year is not None else 2000, month, day or 1)
    except ValueError:
        return None
    return _Point(year, month, day)


def _month_number(name: str | None, rules: _Rules) -> int | None:
    if name is None:
        return None
    if name.isdigit():
        return int(name)
    entry = rules.months.get(name.lower())
    if entry is None or (entry[1] and not name[0].isupper()):
        return None
    return entry[0]


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _find_dates(
    text: str, windows: _Windows, rules: _Rules, occupied: _Occupied
) -> Iterator[_Candidate]:
    atoms: list[tuple[int, int, _Point]] = []
    for index, pattern in enumerate(rules.date_atoms):
        # ISO and numeric dates come first and need digits; the others need a month name.
        for match in _scan(pattern, text, windows.numbers if index < 2 else windows.months):
            point = _atom_point(match, rules)
            if point is not None:
                atoms.append((match.start(), _date_end(match, rules), point))
    for start, end, point in atoms:
        yield start, end, point.iso()
    yield from _merged_ranges(text, rules, atoms)
    for pattern in rules.day_ranges:
        for match in _scan(pattern, text, windows.months):
            value = _day_range_value(match, rules)
            if value is not None:
                yield match.start(), _date_end(match, rules), value
    if rules.month_range is not None:
        for match in _scan(rules.month_range, text, windows.months):
            value = _month_range_value(match, rules)
            if value is not None:
                yield match.start(), match.end(), value


def _date_end(match: re.Match[str], rules: _Rules) -> int:
    """Where a date ends: the "." after "maggio" ends a sentence, after "Nov" a name."""
    end = match.end()
    month = match.groupdict().get("m")
    if month is not None and match.end("m") == end - 1 and month.lower() in rules.full_months:
        return end - 1
    return end


def _atom_point(match: re.Match[str], rules: _Rules) -> _Point | None:
    groups = match.groupdict()
    year = _int(groups.get("y"))
    if "a" in groups:
        first, second = int(groups["a"]), int(groups["b"])
        order = [(first, second), (second, first)]
        if not rules.day_first:
            order.reverse()
        for day, month in order:
            point = _point(year, month, day)
            if point is not None:
                return point
        return None
    return _point(year, _month_number(groups["m"], rules), _int(groups.get("d")))


def _merged_ranges(
    text: str, rules: _Rules, atoms: list[tuple[int, int, _Point]]
) -> Iterator[_Candidate]:
    """ "from November 28 to December 2, 2023": two dates joined into one range."""
    atoms = _longest(atoms)
    for (start, end, first), (next_start, next_end, second) in pairwise(atoms):
        if next_start < end or (first.day is None) != (second.day is None):
            continue
        joint = rules.connector.fullmatch(text, end, next_start)
        if joint is None:
            continue
        opening = rules.range_opening.search(text, max(0, start - 16), start)
        pre = opening.group() if opening else None
        if not _joint_fits(joint.group(), pre):
            continue
        value = _range_value(first, second)
        if value is not None:
            yield (opening.start() if opening else start), next_end, value


def _longest(atoms: list[tuple[int, int, _Point]]) -> list[tuple[int, int, _Point]]:
    """The atoms left when a longer one wins over those it overlaps, in text order."""
    taken = _Occupied()
    kept = []
    for start, end, point in sorted(atoms, key=lambda a: (a[0] - a[1], a[0])):
        if not taken.overlaps(start, end):
            taken.add(start, end)
            kept.append((start, end, point))
    return sorted(kept, key=lambda a: a[0])


def _joint_fits(joint: str, pre: str | None) -> bool:
    """ "and"/"e" join a range only after "between"/"tra"; the rest join any."""
    if joint.split()[0].lower() not in ("and", "e", "ed"):
        return True
    return pre is not None and pre.lower().startswith(("between", "tra", "fra"))


def _range_value(first: _Point, second: _Point) -> str | None:
    """ "A/B", lending a year from one end to the other when only one gives it."""
    if first.year is None and second.year is not None:
        year = second.year if first.key() <= second.key() else second.year - 1
        first = _Point(year, first.month, first.day)
    elif second.year is None and first.year is not None:
        year = first.year if first.key() <= second.key() else first.year + 1
        second = _Point(year, second.month, second.day)
    if first.year is not None and second.year is not None:
        if (first.year, *first.key()) >= (second.year, *second.key()):
            return None
        if _point(first.year, first.month, first.day) is None:
            return None
        if _point(second.year, second.month, second.day) is None:
            return None
    return f"{first.iso()}/{second.iso()}"


def _day_range_value(match: re.Match[str], rules: _Rules) -> str | None:
    month_first = match.start("m") < match.start("d")
    if month_first and not _joint_fits(match.group("joint"), match.group("pre")):
        return None  # "May 5 and 6 companies" is no range; "5 and 6 May" is
    month = _month_number(match.group("m"), rules)
    year = _int(match.group("y"))
    first = _point(year, month, int(match.group("d")))
    second = _point(year, month, int(match.group("d2")))
    if first is None or second is None or first.key() >= second.key():
        return None
    return f"{first.iso()}/{second.iso()}"


def _month_range_value(match: re.Match[str], rules: _Rules) -> str | None:
    if not _joint_fits(match.group("joint"), match.group("pre")):
        return None
    year = int(match.group("y"))
    first = _point(year, _month_number(match.group("m"), rules), None)
    second = _point(year, _month_number(match.group("m2"), rules), None)
    if first is None or second is None or first.month >= second.month:
        return None
    return f"{first.iso()}/{second.iso()}"


# --- numbers ----------------------------------------------------------------------------


def _parse_number(raw: str, rules: _Rules) -> Decimal | None:
    """`raw` read in the article's locale; None when it is not a well-formed number there."""
    if raw.isdigit():
        return Decimal(raw)  # no separators: the same in every locale
    return _parse_in_locale(raw, rules.number_locale, rules.decimal_symbol)


@lru_cache(maxsize=4096)
def _parse_in_locale(raw: str, locale: Locale, decimal_symbol: str) -> Decimal | None:
    try:
        value = parse_decimal(raw, locale=locale, strict=True)
    except NumberFormatError:
        return None
    integer, separator, fraction = raw.rpartition(decimal_symbol)
    if (
        separator
        and integer.isdigit()
        and integer != "0"
        and len(fraction) == 3
        and fraction.endswith("0")
    ):
        return None  # "1.000" in English, "1,500" in Italian: meant as a thousands separator?
    return value


def _word_number(phrase: str, rules: _Rules) -> Decimal | None:
    """ "mille", "un miliardo", "two hundred thousand", "duemila" as a number."""
    values = _WORD_VALUES[rules.words]
    total = Decimal(1)
    for token in phrase.lower().split():
        if token in values:
            total *= values[token]
            continue
        compound = re.fullmatch(r"(?P<unit>[a-z]+?)(?P<scale>mila|cento)", token)
        if compound is None or compound.group("unit") not in values:
            return None
        total *= values[compound.group("unit")] * values[compound.group("scale")]
    return total


def _plain(value: Decimal) -> str:
    """ "150000000000", "1.2": no exponent, no grouping."""
    return format(value.normalize(), "f")


def _garbled_after(text: str, position: int) -> bool:
    """A separator glued to something that is not a digit: "8,<>", "2023.The"."""
    return (
        position + 1 < len(text)
        and text[position] in ".,"
        and not text[position + 1].isspace()
        and text[position + 1] not in "\"'”’)"
    )


def _find_money(
    text: str, windows: _Windows, rules: _Rules, occupied: _Occupied
) -> Iterator[_Candidate]:
    for match in _scan(rules.money, text, windows.currencies):
        if occupied.overlaps(match.start(), match.end()):
            continue
        if match.group("cb") is not None:
            code = _CURRENCY_BEFORE[match.group("cb").lower()]
            number_group, scale_group = "nb", "sb"
        else:
            code = _CURRENCY_AFTER[" ".join(match.group("ca").lower().split())]
            number_group, scale_group = "na", "sa"
        if match.group(number_group) is not None:
            if _garbled_after(text, match.end(number_group)):
                continue
            amount = _parse_number(match.group(number_group), rules)
        else:
            amount = _word_number(match.group("wa"), rules)
        if amount is None:
            continue
        scale = match.group(scale_group)
        if scale is not None:
            amount *= _scale_value(scale, rules)
        yield match.start(), match.end(), f"{code} {_qualifier(match, rules)}{_plain(amount)}"


def _scale_value(word: str, rules: _Rules) -> int:
    word = word.lower()
    return _FIGURE_SCALES[rules.words].get(word) or _MONEY_SCALE_ABBREVIATIONS[word]


def _qualifier(match: re.Match[str], rules: _Rules, approximate: bool = False) -> str:
    phrase = match.group("q")
    if phrase is None:
        return "~" if approximate else ""
    return rules.qualifiers.get(" ".join(phrase.lower().split()), "")


# --- figures ----------------------------------------------------------------------------


def _find_figures(
    text: str, windows: _Windows, rules: _Rules, occupied: _Occupied
) -> Iterator[_Candidate]:
    for match in _scan(rules.figure, text, windows.numbers):
        if occupied.overlaps(match.start(), match.end()):
            continue  # the "2025" of a date, the "150 billion" of an amount
        found = _figure(text, match, rules, occupied)
        if found is not None:
            yield found


def _figure(
    text: str, match: re.Match[str], rules: _Rules, occupied: _Occupied
) -> _Candidate | None:
    value = _figure_value(match, rules)
    if value is None:
        return None
    percent = match.group("pct") is not None
    unit_end, known_noun = match.end(), False
    if not percent:
        unit = _figure_unit(text, match, rules)
        if unit is None:
            return None
        unit_end, known_noun = unit
    if match.group("k") is not None and not known_noun:
        return None  # "four consecutive times": small words count only known nouns
    raw = match.group("n")
    if raw is not None and not _digits_count(text, match, unit_end, known_noun, occupied):
        return None
    qualifier = _qualifier(match, rules, approximate=match.group("a") is not None)
    return match.start(), unit_end, f"{qualifier}{_plain(value)}{'%' if percent else ''}"


class FigureReading(NamedTuple):
    value: str  # as `Suggestion.value` writes it: "4", ">1200", "68%"
    unit: str  # the words after the number: "exhibitors", "consecutive times", "%"


def read_figure(text: str, language: str) -> FigureReading | None:
    """The number in a span an editor marked as a figure, and what it counts.

    `recognise` proposes figures and so holds back what is often not one ("four
    consecutive times", "Hall 5"); an editor's accepted FIGURE is one, so its number is
    read whatever it counts. The value is the first number's, the unit the words after
    the last one.
    """
    rules = _rules_for(_base_language(language))
    readings = [
        (match, value)
        for match in rules.figure.finditer(text)
        if (value := _figure_value(match, rules)) is not None
    ]
    if not readings:
        return None
    match, value = readings[0]
    percent = match.group("pct") is not None
    qualifier = _qualifier(match, rules, approximate=match.group("a") is not None)
    unit = "%" if percent else " ".join(text[readings[-1][0].end() :].split()).strip(".,;:")
    return FigureReading(f"{qualifier}{_plain(value)}{'%' if percent else ''}", unit)


def _figure_value(match: re.Match[str], rules: _Rules) -> Decimal | None:
    scales = _FIGURE_SCALES[rules.words]
    if match.group("n") is not None:
        value = _parse_number(match.group("n"), rules)
        scale = match.group("s")
    elif match.group("w") is not None:
        value = _word_number(match.group("w"), rules)
        scale = match.group("ws")
    elif match.group("a") is not None:
        return Decimal(_IT_APPROXIMATE[match.group("a").split()[-1].lower()])
    else:
        return _word_number(match.group("k"), rules)
    if value is not None and scale:
        value *= scales[scale.lower()]
    return value


def _figure_unit(text: str, match: re.Match[str], rules: _Rules) -> tuple[int, bool] | None:
    """Where the unit or noun after a figure ends and whether it is a known one; None
    rejects the figure."""
    end = match.end()
    glued = _tail(text, end)
    if glued is None:
        return None
    if glued > end:
        return glued, True
    after_scale = bool(match.group("s") or match.group("a") or match.group("w"))
    return _unit(text, end, rules, after_scale)


def _digits_count(
    text: str, match: re.Match[str], unit_end: int, known_noun: bool, occupied: _Occupied
) -> bool:
    """Whether digits count something, rather than being a year, a time, a code or a name."""
    raw, start, end = match.group("n"), match.start(), match.end()
    if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
        return False  # "05", "02 1234 5678"
    plain = not (match.group("s") or match.group("pct"))
    if plain and raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2100 and not known_noun:
        return False  # a year; "2000 exhibitors" is not
    if match.group("q"):
        return True
    if _previous_word(text, start) in _IDENTIFIER_WORDS:
        return False  # "Hall 5", "top 10"
    if not plain:
        return True
    if _TIME.match(raw) and _TIME_BEFORE.search(text, max(0, start - 8), start):
        return False  # "at 10.30"
    if len(raw) <= 2 and unit_end == end and _HOUR_BEFORE.search(text, max(0, start - 8), start):
        return False  # "alle ore 10"
    if _DIGIT_NEIGHBOUR.match(text, end) or _DIGIT_NEIGHBOUR_BEFORE.search(
        text, max(0, start - 2), start
    ):
        return False  # "051 123 4567": a phone number or a code
    if known_noun:
        return True
    # "Industry 4.0 tools", "Version 2": after a capitalised word, a number names a thing.
    word = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if word is not None and not word.group(1).islower():
        return False
    return unit_end > end or _bare_number_counts(start, occupied, text)


def _tail(text: str, position: int) -> int | None:
    """Where a unit glued to a number ends ("45,000m2"), or None to reject the number."""
    if position >= len(text):
        return position
    char = text[position]
    if char in ":+/°×#" or _garbled_after(text, position):
        return None
    if char in "-–" and position + 1 < len(text) and text[position + 1].isalnum():
        return None  # "10-15", "5-day", "COVID-19"-like compounds
    if char.isalnum():
        glued = _MEASURE.match(text, position)
        return glued.end() if glued else None  # "45,000m2" yes; "5G", "4th", "25ª" no
    return position


def _unit(text: str, position: int, rules: _Rules, after_scale: bool) -> tuple[int, bool] | None:
    """Where the counted noun after a number ends, and whether it is a known one.

    English nouns come last ("nearly 400 star products"), Italian ones first with an
    adjective after ("45.000 metri quadrati"); "2 local and foreign firms" reaches
    across the "and" to a known noun. None rejects the number ("3 PM").
    """
    gap = _SPACES.match(text, position)
    if gap is None:
        return position, False
    cursor = gap.end()
    measure = _MEASURE.match(text, cursor)
    if measure is not None:
        return measure.end(), True
    if after_scale and rules.words == "it":
        of = _ITALIAN_OF.match(text, cursor)
        if of is not None:
            cursor = of.end()
    following = _following_words(text, cursor, rules)
    if following is None:
        return None
    words, joined_at = following
    if not words:
        return position, False
    lower_words = [w.group().lower() for w in words]
    heads = _HEAD_NOUNS[rules.words]
    reach = min(joined_at, 3 if rules.words == "en" else 2)
    head = next((i for i in range(reach) if lower_words[i] in heads), None)
    if head is None:
        head = next((i for i in range(joined_at, len(words)) if lower_words[i] in heads), None)
    if head is not None:
        last, known = head, True
    elif lower_words[0].endswith(_VERB_ENDINGS[rules.words]):
        return position, False
    else:
        last, known = 0, False
    if (
        rules.words == "it"
        and last + 1 < len(lower_words)
        and lower_words[last + 1] in _IT_FOLLOWING_ADJECTIVES
    ):
        last += 1
    return words[last].end(), known


def _following_words(
    text: str, cursor: int, rules: _Rules
) -> tuple[list[re.Match[str]], int] | None:
    """Up to three words on the same line, then up to two more after an "and".

    Returns the words and the index where those after the "and" begin (the number of
    words when there is no "and"); None when the first word is a time word.
    """
    words: list[re.Match[str]] = []
    joined_at: int | None = None
    while True:
        word = _WORD.match(text, cursor)
        if word is None:
            break
        lower = word.group().lower().rstrip(".")
        if lower in _TIME_WORDS and not words:
            return None
        if lower in _CONJUNCTIONS and words and joined_at is None:
            joined_at = len(words)
        elif lower in _STOP_WORDS[rules.words] or lower in rules.months:
            break
        else:
            words.append(word)
        if len(words) == (3 if joined_at is None else joined_at + 2):
            break
        space = _SPACES.match(text, word.end())
        if space is None:
            break
        cursor = space.end()
    if joined_at is None or joined_at == len(words):
        return words, len(words)
    return words, joined_at


def _bare_number_counts(start: int, occupied: _Occupied, text: str) -> bool:
    """Whether a number with nothing around it ("reached 515,000.") is a count."""
    boundary = start
    while boundary > 0 and text[boundary - 1] in " ,\u00a0":
        boundary -= 1
    # "December 11, 28": a garbled year after a date, not a count.
    return occupied.ending_at(boundary) is None or text[boundary:start].count(",") > 1


def _previous_word(text: str, position: int) -> str | None:
    word = _WORD_BEFORE.search(text, max(0, position - 30), position)
    return word.group(1).lower() if word else None

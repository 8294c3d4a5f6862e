"""Placeholder debris ("<>", "[NUMBER]", "{0}", "XX") and encoding damage ("�", "Ã¨").

Machine translation and copy-paste leave template holes where a figure or a name
should be, and text decoded with the wrong character set turns "è" into "Ã¨". Each
finding says what was lost; for mojibake it names the character that was meant,
found by re-encoding the damaged run as Windows-1252 and decoding it as UTF-8.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from babel.dates import get_month_names

from curator.checks.finding import CheckInfo, Finding, base_language, finding_at
from curator.i18n import N_, _

PLACEHOLDER_DEBRIS = CheckInfo(
    "placeholder-debris",
    N_("Template placeholders left in the text where a figure or a name was lost"),
    "error",
)
ENCODING_DAMAGE = CheckInfo(
    "encoding-damage",
    N_("Characters damaged by a wrong text encoding (�, mojibake such as “Ã¨”)"),
    "warning",
)
CHECKS = (PLACEHOLDER_DEBRIS, ENCODING_DAMAGE)

_PLACEHOLDER_WORDS = (
    "number|num|no|n|name|date|year|day|month|time|company|organi[sz]ation|city|place"
    "|location|venue|country|amount|value|figure|percent|percentage|price|title|link|url"
    "|email|e-mail|phone|placeholder|tbd|tbc|todo|x+|numero|nome|data|anno|giorno|mese|ora"
    "|azienda|società|citt[àa]|luogo|paese|importo|valore|cifra|prezzo|titolo"
)
_PLACEHOLDER = re.compile(
    r"(?:\d+[.,]?)?<\s*>(?:[.,]?\d+)?"  # "<>", "8,<>", "<>,000"
    rf"|<\s*(?i:{_PLACEHOLDER_WORDS})(?:[ _-]?\d+)?\s*>"  # "<NAME>"
    rf"|\[\s*(?i:{_PLACEHOLDER_WORDS})(?:[ _-]?\d+)?\s*\]"  # "[NUMBER]", "[name 2]"
    r"|\[\s*(?i:insert|inserire|inserisci|add|aggiungere)\b[^\]\n]{0,40}\]"  # "[insert date]"
    r"|\{\{?\s*\w{0,30}\s*\}\}?|\$\{\w+\}"  # "{0}", "{name}", "{{name}}", "${name}"
    r"|(?<!\w)%\(\w+\)[sd]|(?<![\w%])%[sd](?!\w)"  # "%(count)d", "%s"
    r"|#(?:VALUE!|REF!|NAME\?|DIV/0!|N/A|NULL!|NUM!)"  # spreadsheet errors
)
#: "XX", "XXX", "20XX", "XX,XXX", "xx": an X-run standing where digits or a name should be.
_X_TOKEN = re.compile(r"(?<![\w.,])[\dXx]*[Xx]{2,}[\dXx]*(?:[.,][\dXx]+)*(?!\w)")
_ROMAN_X = re.compile(r"X{2,3}")
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥]|\b(?:RMB|CNY|USD|EUR|US\$|n\.|no\.|nr\.))\s*$", re.I)
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:%|per\s*cent|percent|per\s+cento|million|billion|thousand|trillion|milion[ei]"
    r"|miliard[io]|mila|migliaia|bn|mn|m\b|k\b)",
    re.IGNORECASE,
)
#: Words a Roman numeral XX or XXX is written before ("XX century", "XXX edizione").
_ROMAN_CONTEXT_AFTER = re.compile(
    r"^\s*(?:century|centuries|edition|congress|olympiad|olympic|games|symposium|conference"
    r"|forum|summit|festival|expo|fair|session|assembly|plenary|legislature|dynasty|annual"
    r"|secolo|edizione|congresso|olimpiade|giornata|convegno|salone|fiera|rassegna|sessione"
    r"|legislatura|assemblea)\b",
    re.IGNORECASE,
)
_WORD_AFTER = re.compile(r"^\s*([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s*$")
_CONTEXT = 24
_LATIN1_END = 0x100

_REPLACEMENT = re.compile("\ufffd+")
_CONTINUATION = "".join(
    bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xC0)
)
_CONT = f"[{re.escape(_CONTINUATION)}]"
_MOJIBAKE = re.compile(
    rf"(?:[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}})+"
)
#: "â€" whose third byte (0x9D, undefined in Windows-1252) was dropped: a closing quote.
_BROKEN_QUOTE = re.compile(rf"â€(?!{_CONT})")
#: "cittÃ  " where the no-break space of "à" became a plain space.
_A_GRAVE_BEFORE_SPACE = re.compile(r"(?<=[^\W\d_])Ã(?= |$)", re.MULTILINE)


def check_debris(text: str, language: str, published: date | None = None) -> list[Finding]:
    """Placeholders and encoding damage in `text`."""
    return check_placeholders(text, language) + check_encoding_damage(text, language)


def check_placeholders(text: str, language: str, published: date | None = None) -> list[Finding]:
    """ "<>", "8,<>", "[NUMBER]", "{0}", "%s", "#VALUE!" and placeholder "XX"s."""
    findings = []
    for match in _PLACEHOLDER.finditer(text):
        findings.append(_placeholder_finding(text, match.start(), match.end()))
    for match in _X_TOKEN.finditer(text):
        if _x_is_placeholder(text, match, base_language(language)):
            findings.append(_placeholder_finding(text, match.start(), match.end()))
    return findings


def check_encoding_damage(text: str, language: str, published: date | None = None) -> list[Finding]:
    """ "�" and mojibake ("Ã¨", "â€™"), each with the character it probably was."""
    findings = []
    for match in _REPLACEMENT.finditer(text):
        message = _(
            "“{text}” marks characters lost when the text was decoded with the wrong encoding;"
            " restore the missing letter or symbol from the original"
        ).format(text=match.group())
        findings.append(finding_at(ENCODING_DAMAGE, text, match.start(), match.end(), message))
    for match in _MOJIBAKE.finditer(text):
        meant = _undo_mojibake(match.group())
        if meant is not None:
            findings.append(_mojibake_finding(text, match.start(), match.end(), meant))
    for pattern, meant in ((_BROKEN_QUOTE, "”"), (_A_GRAVE_BEFORE_SPACE, "à")):
        for match in pattern.finditer(text):
            findings.append(_mojibake_finding(text, match.start(), match.end(), meant))
    return findings


def _placeholder_finding(text: str, start: int, end: int) -> Finding:
    token = text[start:end]
    if token[0].isdigit() or token[-1].isdigit():
        message = _(
            "“{token}” is a figure with some of its digits replaced by a placeholder; the real"
            " number must be taken from the original"
        )
    else:
        message = _(
            "“{token}” is a placeholder left where a figure or a name was lost in translation"
            " or pasting; fill in the real value from the original"
        )
    return finding_at(PLACEHOLDER_DEBRIS, text, start, end, message.format(token=token))


def _x_is_placeholder(text: str, match: re.Match[str], language: str) -> bool:
    """ "XX" stands for a missing value unless it is a Roman numeral ("XX secolo")."""
    token = match.group()
    if not _ROMAN_X.fullmatch(token):
        return True  # digits mixed in, lower case, separators, or too many X for a numeral
    before = text[max(0, match.start() - _CONTEXT) : match.start()]
    after = text[match.end() : match.end() + _CONTEXT]
    if _CURRENCY_BEFORE.search(before) or _QUANTITY_AFTER.match(after):
        return True
    if _next_to_month_name(before, after, language):
        return True
    if _ROMAN_CONTEXT_AFTER.match(after):
        return False
    if language == "en":  # a numeral follows a name ("Super Bowl XX"), not a sentence's first word
        previous = _WORD_BEFORE.search(text, max(0, match.start() - _CONTEXT), match.start())
        if previous is None or not previous.group(1)[0].isupper():
            return True
        ahead = text[: previous.start()].rstrip()
        return not ahead or ahead.endswith((".", "!", "?", ":", "\n"))
    return False  # Italian and others write Roman numerals before many nouns


def _next_to_month_name(before: str, after: str, language: str) -> bool:
    months = _month_names(language)
    previous, following = _WORD_BEFORE.search(before), _WORD_AFTER.match(after)
    return any(word and word.group(1).lower() in months for word in (previous, following))


@lru_cache(maxsize=16)
def _month_names(language: str) -> frozenset[str]:
    names: set[str] = set()
    for code in {language or "en", "en"}:
        try:
            months = get_month_names("wide", locale=code)
        except (ValueError, LookupError):
            continue
        names.update(name.lower() for name in months.values())
    return frozenset(names)


def _undo_mojibake(run: str) -> str | None:
    """The text `run` was before UTF-8 bytes were read as Windows-1252, or None."""
    meant = None
    while True:
        try:
            raw = bytes(_cp1252_byte(char) for char in run)
            decoded = raw.decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return meant
        meant = decoded
        if not _MOJIBAKE.fullmatch(decoded):  # text damaged twice is repaired twice
            return meant
        run = decoded


def _cp1252_byte(char: str) -> int:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        if ord(char) < _LATIN1_END:  # the five bytes Windows-1252 leaves undefined
            return ord(char)
        raise ValueError(char) from None


def _mojibake_finding(text: str, start: int, end: int, meant: str) -> Finding:
    shown = _describe(meant)
    message = _(
        "“{damaged}” is encoding damage (UTF-8 text read as Windows-1252): it should probably"
        " be {meant}"
    ).format(damaged=text[start:end], meant=shown)
    return finding_at(ENCODING_DAMAGE, text, start, end, message)


def _describe(meant: str) -> str:
    names = {
        "\u00a0": _("a no-break space"),
        "’": _("an apostrophe or closing quote (’)"),
        "‘": _("an opening quote (‘)"),
        "“": _("an opening quotation mark (“)"),
        "”": _("a closing quotation mark (”)"),
        "–": _("a dash (–)"),
        "—": _("a dash (—)"),
        "…": _("an ellipsis (…)"),
    }
    if meant in names:
        return names[meant]
    if meant.isspace():
        return _("a space")
    return f"“{meant}”"

"""Guess the language of an article from its text.

Runs on every imported article, so it is deliberately cheap: a script check for
Chinese, Japanese and Korean, then a count of very common function words for the
Latin-script languages we meet (en, it, fr, de, es, pt). Proper names, which fill
press releases about fairs, are rarely function words, so they do not sway it.
"""

from __future__ import annotations

import re
from collections import Counter

#: Only this much of a text is looked at; more does not change the answer.
SAMPLE_CHARS = 5000

_MIN_WORDS = 3
_MIN_SCORE = 1.0
_MIN_CJK_CHARS = 3

_FUNCTION_WORDS: dict[str, str] = {
    "en": (
        "the of and to in a is was were for on that with as by at from it an be this are has"
        " have had which its will their been more also not or but after than said who they"
        " he she we his her there into about all would can these such other our during"
    ),
    "it": (
        "il lo la i gli le di del della dei degli delle dello dell nel nella nei nelle nell"
        " negli sul sulla sull sui al alla alle agli all ai dal dalla dall dai da in con per"
        " tra fra che è e ed un una uno non sono anche più come questo questa questi ha hanno"
        " stato stata stati essere ma se si sua suo loro cui dopo molto tutti tutto oltre"
        " verso presso durante ancora già l a"
    ),
    "fr": (
        "le la les de des du un une et est en que qui dans pour par sur au aux avec ce cette"
        " ces il elle ils sont pas ne plus a à été ont son sa ses leur nous vous mais ou où"
        " comme entre lors d l qu n"
    ),
    "es": (
        "el la los las de del y en que un una unos es se por para con al lo su sus como más"
        " pero fue ha han son está entre sobre también este esta desde hasta muy sin ya o"
    ),
    "pt": (
        "o a os as de do da dos das e em no na nos nas um uma que para com por pelo pela se"
        " não mais como foi ao à é são seu sua entre também está ser tem ou já mas sobre"
        " quando"
    ),
    "de": (
        "der die das und in den von zu mit ist im dem nicht ein eine einer eines auf für sich"
        " des auch es als an werden wurde wird aus bei nach sind hat oder um am zum zur über"
        " vom sie er wir noch nur wie dass"
    ),
}

_languages_of_word: dict[str, list[str]] = {}
for _language, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _languages_of_word.setdefault(_word, []).append(_language)

#: word -> (languages it is a function word of, the weight each gets). A word shared
#: by k languages ("la": it, fr, es) counts 1/k for each, so only telling words decide.
_WORD_LANGUAGES: dict[str, tuple[tuple[str, ...], float]] = {
    word: (tuple(languages), 1 / len(languages)) for word, languages in _languages_of_word.items()
}

#: Letters that only one of the candidate languages uses; each occurrence is a hint.
_TELLTALE_LETTERS: dict[str, str] = {
    "es": "ñ¿¡",
    "pt": "ãõ",
    "de": "ßäöü",
    "fr": "êûœëî",
}
_TELLTALE_WEIGHT = 0.5

#: Nearly every Italian word ends in a vowel; few other languages come close. When
#: almost all content words do, Italian gets this bonus (it settles "la", "a" ties).
_VOWEL_ENDINGS = tuple("aeiouàèéìòù")
_VOWEL_ENDING_SHARE = 0.85
_VOWEL_ENDING_MIN_WORDS = 3
_VOWEL_ENDING_BONUS = 1.0

_WORD = re.compile(r"[^\W\d_]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_ANY_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff]"
)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when it cannot tell."""
    sample = text[:SAMPLE_CHARS]
    by_script = _language_by_script(sample)
    if by_script is not None:
        return by_script
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    scores = _function_word_scores(words)
    if _mostly_vowel_endings(words):
        scores["it"] += _VOWEL_ENDING_BONUS
    for language, letters in _TELLTALE_LETTERS.items():
        scores[language] += _TELLTALE_WEIGHT * sum(sample.count(ch) for ch in letters)
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < _MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def normalise_language_tag(tag: str | None) -> str | None:
    """ "it" for "it-IT", "IT" or "it_IT"; None for an empty or malformed tag."""
    if not tag:
        return None
    primary = re.split(r"[-_\s]", tag.strip(), maxsplit=1)[0].lower()
    if 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha():
        return primary
    return None


def _language_by_script(sample: str) -> str | None:
    """zh, ja or ko when the text is mostly written in those scripts."""
    if _ANY_CJK.search(sample) is None:
        return None
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    cjk = han + kana + hangul
    if cjk < _MIN_CJK_CHARS:
        return None
    letters = sum(1 for ch in sample if ch.isalpha())
    if cjk < 0.3 * letters:
        return None
    if hangul >= max(han, kana):
        return "ko"
    if kana >= 0.1 * cjk:
        return "ja"
    return "zh"


def _function_word_scores(words: list[str]) -> Counter[str]:
    scores: Counter[str] = Counter()
    for word, count in Counter(words).items():
        languages, weight = _WORD_LANGUAGES.get(word, ((), 0.0))
        for language in languages:
            scores[language] += count * weight
    return scores


def _mostly_vowel_endings(words: list[str]) -> bool:
    content = [word for word in words if len(word) >= 4 and word not in _WORD_LANGUAGES]
    if len(content) < _VOWEL_ENDING_MIN_WORDS:
        return False
    vowel_ended = sum(1 for word in content if word.endswith(_VOWEL_ENDINGS))
    return vowel_ended >= _VOWEL_ENDING_SHARE * len(content)

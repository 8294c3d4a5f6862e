"""What a text check reports (a Finding) and what a check is (a CheckInfo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One problem in an article body.

    `start`/`end` are character offsets into the body and `text` is body[start:end];
    `message` says, for an editor, what is wrong and what it probably should be.
    `key` tells findings of one check with the same text apart when they are not the
    same problem (a near-duplicate names the other article); "" means `text` is enough.
    """

    check_id: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    key: str = ""


@dataclass(frozen=True)
class CheckInfo:
    """A check as the registry lists it: its stable id, what it looks for, its default severity."""

    check_id: str
    description: str
    severity: Severity


def finding_at(info: CheckInfo, text: str, start: int, end: int, message: str) -> Finding:
    """A Finding of check `info` for text[start:end]."""
    return Finding(info.check_id, info.severity, start, end, text[start:end], message)


def base_language(language: str) -> str:
    """ "it" for "it", "it-IT" or "it_IT"; "" when no language is given."""
    return (language or "").replace("-", "_").split("_")[0].lower()

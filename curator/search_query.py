"""Translate what an editor types in a search box into a safe SQLite FTS5 MATCH expression.

User syntax:

- bare words, AND-ed implicitly: ``fiera bologna``
- "quoted phrases" (typographic quotes “…” «…» work too): ``"fiera di bologna"``
- prefixes: ``autom*``, ``"fiera di bol"*``
- AND, OR, NOT in capitals (lowercase and/or/not are ordinary words), parentheses
- a leading minus excludes: ``fiera -milano`` is ``fiera NOT milano``
- column filters: ``title:fiera``, ``title:"fiera di bologna"``, ``title:(fiera OR salone)``

Precedence is FTS5's: NOT binds tighter than AND (explicit or implicit), AND tighter than OR.

Every term is emitted as an FTS5 string, split into the tokens FTS5's unicode61 tokenizer
would make, so ``fiera-milano`` becomes the phrase ``"fiera milano"`` and ``10,5`` the
phrase ``"10 5"``; a word made only of punctuation (``+``, ``--``) has no tokens and is
dropped, as the tokenizer drops it from the indexed text. Diacritics are left alone: the
index folds them (``remove_diacritics``), so ``citta`` and ``città`` find each other.

Token characters are judged with Python's Unicode database, while SQLite's tokenizer uses
Unicode 6.1: a symbol or punctuation mark added to Unicode since 2012 (many emoji) is a
separator here but part of a word for SQLite, so a query word glued to one may miss.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum, auto

__all__ = ["MAX_NESTING", "QuerySyntaxError", "highlight_terms", "query_terms", "to_fts5"]

#: How deeply parentheses and column filters may nest. FTS5's parser has a small fixed
#: stack ("parser stack overflow" at about 30 levels); ten is far beyond what people type.
MAX_NESTING = 10

_QUOTES = frozenset('"“”„«»')
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_COLUMN_PREFIX = re.compile(r"([^\W\d_]\w*):")
_BAREWORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SEPARATOR_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


class QuerySyntaxError(ValueError):
    """A query the editor has to fix; ``position`` is a 0-based offset into the query.

    ``message`` (also ``str()``) counts characters from 1, as an editor does.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message


def to_fts5(query: str, columns: Sequence[str] = ("title", "body")) -> str:
    """The FTS5 MATCH expression for an editor's query; raises QuerySyntaxError."""
    return _emit(_parse(query, columns))


def query_terms(query: str) -> list[str]:
    """The lowercase tokens a hit contains: for highlighting, without NOT-ed terms.

    A phrase contributes each of its tokens, a prefix its stem (``autom*`` gives
    ``autom``); duplicates are removed, first occurrence kept. Raises QuerySyntaxError.
    """
    return [token for token, _is_prefix in highlight_terms(query)]


def highlight_terms(query: str) -> list[tuple[str, bool]]:
    """Like query_terms, each token with whether it matches as a prefix (``autom*``)."""
    terms: dict[str, bool] = {}
    for term in _positive_terms(_parse(query, ("title", "body"))):
        last = len(term.tokens) - 1
        for index, token in enumerate(term.tokens):
            key = token.lower()
            terms[key] = terms.get(key, False) or (term.is_prefix and index == last)
    return list(terms.items())


# --- the syntax tree -------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    tokens: tuple[str, ...]
    is_prefix: bool


@dataclass(frozen=True)
class _ColumnFilter:
    column: str
    child: _Node


@dataclass(frozen=True)
class _And:
    children: tuple[_Node, ...]


@dataclass(frozen=True)
class _Or:
    children: tuple[_Node, ...]


@dataclass(frozen=True)
class _Not:
    """``kept NOT excluded[0] NOT excluded[1] ...`` (FTS5's NOT is binary, left-associative)."""

    kept: _Node
    excluded: tuple[_Node, ...]


_Node = _Term | _ColumnFilter | _And | _Or | _Not


def _all_of(nodes: Sequence[_Node]) -> _Node:
    """The conjunction of ``nodes``, with nested ANDs flattened into it."""
    children = [child for node in nodes for child in _children_of(node, _And)]
    return children[0] if len(children) == 1 else _And(tuple(children))


def _any_of(nodes: Sequence[_Node]) -> _Node:
    """The disjunction of ``nodes``, with nested ORs flattened into it."""
    children = [child for node in nodes for child in _children_of(node, _Or)]
    return children[0] if len(children) == 1 else _Or(tuple(children))


def _children_of(node: _Node, kind: type[_And] | type[_Or]) -> tuple[_Node, ...]:
    return node.children if isinstance(node, kind) else (node,)


def _excluding(kept: _Node, excluded: Sequence[_Node]) -> _Node:
    if not excluded:
        return kept
    if isinstance(kept, _Not):  # (a NOT b) NOT c is a NOT b NOT c
        return _Not(kept.kept, (*kept.excluded, *excluded))
    return _Not(kept, tuple(excluded))


def _column_filter(column: str, child: _Node) -> _ColumnFilter:
    if isinstance(child, _ColumnFilter) and child.column == column:
        return child
    return _ColumnFilter(column, child)


def _positive_terms(node: _Node) -> Iterator[_Term]:
    if isinstance(node, _Term):
        yield node
    elif isinstance(node, _ColumnFilter):
        yield from _positive_terms(node.child)
    elif isinstance(node, _Not):
        yield from _positive_terms(node.kept)
    else:
        for child in node.children:
            yield from _positive_terms(child)


# --- emitting FTS5 ---------------------------------------------------------------------


def _emit(node: _Node) -> str:
    if isinstance(node, _Term):
        text = _fts5_string(" ".join(node.tokens))
        return f"{text} *" if node.is_prefix else text
    if isinstance(node, _ColumnFilter):
        child = _emit(node.child)
        return f"{node.column} : {child if isinstance(node.child, _Term) else f'({child})'}"
    if isinstance(node, _Not):
        parts = [_emit_operand(node.kept, (_And, _Or))]
        parts += [_emit_operand(excluded, (_And, _Or, _Not)) for excluded in node.excluded]
        return " NOT ".join(parts)
    if isinstance(node, _And):
        return " AND ".join(_emit_operand(child, (_Or,)) for child in node.children)
    return " OR ".join(_emit(child) for child in node.children)


def _emit_operand(node: _Node, needs_parentheses: tuple[type, ...]) -> str:
    text = _emit(node)
    return f"({text})" if isinstance(node, needs_parentheses) else text


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# --- reading the query -----------------------------------------------------------------


class _Kind(Enum):
    TERM = auto()
    COLUMN = auto()
    AND = auto()
    OR = auto()
    NOT = auto()
    MINUS = auto()
    OPEN = auto()
    CLOSE = auto()


_CAN_START_OPERAND = frozenset({_Kind.TERM, _Kind.COLUMN, _Kind.OPEN})


@dataclass(frozen=True)
class _Token:
    kind: _Kind
    position: int
    typed: str
    term: _Term | None = None
    column: str = ""


def _is_token_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] not in "PSZ" and category not in _SEPARATOR_CATEGORIES


def _split_tokens(text: str) -> tuple[str, ...]:
    """The tokens unicode61 makes of ``text``; a run of combining marks alone is none."""
    tokens: list[str] = []
    start: int | None = None
    for index, char in enumerate(f"{text} "):
        if _is_token_char(char):
            if start is None:
                start = index
        elif start is not None:
            token = text[start:index]
            if any(unicodedata.category(c)[0] != "M" for c in token):
                tokens.append(token)
            start = None
    return tuple(tokens)


def _tokenize(query: str, columns: dict[str, str]) -> list[_Token]:
    tokens: list[_Token] = []
    index, end = 0, len(query)
    while index < end:
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            kind = _Kind.OPEN if char == "(" else _Kind.CLOSE
            tokens.append(_Token(kind, index, char))
            index += 1
        elif char in _QUOTES:
            index = _read_phrase(query, index, tokens)
        elif _starts_minus(query, index):
            tokens.append(_Token(_Kind.MINUS, index, "-"))
            index += 1
        else:
            index = _read_word(query, index, columns, tokens)
    return tokens


def _starts_minus(query: str, index: int) -> bool:
    if query[index] != "-" or index + 1 == len(query):
        return False
    after_boundary = index == 0 or query[index - 1].isspace() or query[index - 1] == "("
    following = query[index + 1]
    return after_boundary and (
        _is_token_char(following) or following in _QUOTES or following == "("
    )


def _read_phrase(query: str, start: int, tokens: list[_Token]) -> int:
    close = next((i for i in range(start + 1, len(query)) if query[i] in _QUOTES), None)
    if close is None:
        raise QuerySyntaxError(
            f"Unbalanced quote: the phrase starting at character {start + 1} is never closed",
            start,
        )
    index = close + 1
    while index < len(query) and query[index] == "*":
        index += 1
    parts = _split_tokens(query[start + 1 : close])
    if parts:
        term = _Term(parts, is_prefix=index > close + 1)
        tokens.append(_Token(_Kind.TERM, start, query[start:index], term=term))
    return index


def _read_word(query: str, start: int, columns: dict[str, str], tokens: list[_Token]) -> int:
    column_prefix = _COLUMN_PREFIX.match(query, start)
    if column_prefix:
        name = column_prefix.group(1)
        if name.lower() in columns:
            tokens.append(_Token(_Kind.COLUMN, start, f"{name}:", column=columns[name.lower()]))
        else:  # "author:x" is the words "author" and "x"
            _append_term(tokens, start, name, is_prefix=False)
        return column_prefix.end()
    index = start
    while index < len(query) and not _ends_word(query[index]):
        index += 1
    word = query[start:index]
    if word in _OPERATORS:
        tokens.append(_Token(_Kind[word], start, word))
        return index
    stem = word.rstrip("*")
    _append_term(tokens, start, word, is_prefix=len(stem) < len(word), text=stem)
    return index


def _ends_word(char: str) -> bool:
    return char.isspace() or char in "()" or char in _QUOTES


def _append_term(
    tokens: list[_Token], position: int, typed: str, *, is_prefix: bool, text: str | None = None
) -> None:
    parts = _split_tokens(typed if text is None else text)
    if parts:
        tokens.append(_Token(_Kind.TERM, position, typed, term=_Term(parts, is_prefix)))


# --- parsing ---------------------------------------------------------------------------


def _parse(query: str, columns: Sequence[str]) -> _Node:
    if not query.strip():
        raise QuerySyntaxError("The query is empty", 0)
    tokens = _tokenize(query, _column_lookup(columns))
    if not tokens:
        raise QuerySyntaxError("The query has no words to search for", 0)
    return _Parser(tokens).parse()


def _column_lookup(columns: Sequence[str]) -> dict[str, str]:
    for column in columns:
        if not _BAREWORD.fullmatch(column) or column.upper() in {*_OPERATORS, "NEAR"}:
            raise ValueError(f"{column!r} cannot be used as an FTS5 column filter")
    return {column.lower(): column for column in columns}


def _describe(token: _Token) -> str:
    if token.kind is _Kind.OPEN:
        return "an opening parenthesis"
    if token.kind is _Kind.CLOSE:
        return "a closing parenthesis"
    return f'"{token.typed}"'


class _Parser:
    """Recursive descent over the tokens: or_expr := and_expr (OR and_expr)*."""

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._next = 0
        self._nesting = 0

    def parse(self) -> _Node:
        node = self._or_expression(after=None)
        extra = self._peek()
        if extra is not None:  # only an unmatched ")" stops both loops early
            raise QuerySyntaxError(
                f"Closing parenthesis at character {extra.position + 1} has no opening one",
                extra.position,
            )
        return node

    def _peek(self) -> _Token | None:
        return self._tokens[self._next] if self._next < len(self._tokens) else None

    def _take(self) -> _Token:
        token = self._tokens[self._next]
        self._next += 1
        return token

    def _or_expression(self, after: _Token | None) -> _Node:
        alternatives = [self._and_expression(after)]
        while (token := self._peek()) is not None and token.kind is _Kind.OR:
            self._take()
            alternatives.append(self._and_expression(after=token))
        return _any_of(alternatives)

    def _and_expression(self, after: _Token | None) -> _Node:
        """Conjuncts, each with the NOTs that follow it: ``a b NOT c`` is a AND (b NOT c).

        That is how FTS5 reads it, and keeping a NOT on its own conjunct (rather than on
        all that precedes it) keeps long queries flat: FTS5's parser stack is small.
        """
        conjuncts: list[tuple[_Node, list[_Node]]] = [(self._operand(after), [])]
        while (token := self._peek()) is not None:
            if token.kind is _Kind.AND:
                self._take()
                negation = self._peek()
                if negation is not None and negation.kind in (_Kind.NOT, _Kind.MINUS):
                    self._take()  # "a AND NOT b" is FTS5's "a NOT b"
                    conjuncts[-1][1].append(self._operand(after=negation))
                else:
                    conjuncts.append((self._operand(after=token), []))
            elif token.kind in (_Kind.NOT, _Kind.MINUS):
                self._take()
                conjuncts[-1][1].append(self._operand(after=token))
            elif token.kind in _CAN_START_OPERAND:
                conjuncts.append((self._operand(after=None), []))
            else:
                break
        return _all_of([_excluding(kept, excluded) for kept, excluded in conjuncts])

    def _operand(self, after: _Token | None) -> _Node:
        token = self._peek()
        if token is None or token.kind not in _CAN_START_OPERAND:
            raise self._missing_operand(token, after)
        self._take()
        if token.kind is _Kind.TERM:
            assert token.term is not None
            return token.term
        self._enter(token)
        try:
            if token.kind is _Kind.COLUMN:
                return _column_filter(token.column, self._operand(after=token))
            node = self._or_expression(after=token)
            if self._peek() is None:
                raise QuerySyntaxError(
                    f"Opening parenthesis at character {token.position + 1} is never closed",
                    token.position,
                )
            self._take()  # the ")" that closes it
            return node
        finally:
            self._nesting -= 1

    def _enter(self, token: _Token) -> None:
        self._nesting += 1
        if self._nesting > MAX_NESTING:
            raise QuerySyntaxError(
                f"Too much nesting at character {token.position + 1}: at most {MAX_NESTING}"
                " levels of parentheses and column filters",
                token.position,
            )

    @staticmethod
    def _missing_operand(found: _Token | None, after: _Token | None) -> QuerySyntaxError:
        """The error for ``found`` standing where a word, phrase or group must be."""
        negation_first = found is not None and found.kind in (_Kind.NOT, _Kind.MINUS)
        if negation_first and (after is None or after.kind in (_Kind.OPEN, _Kind.OR)):
            assert found is not None
            example = "fiera NOT milano" if found.kind is _Kind.NOT else "fiera -milano"
            where = f'"{found.typed}" at character {found.position + 1}'
            if after is not None and after.kind is _Kind.OR:
                where += " cannot follow OR: it"
            return QuerySyntaxError(
                f"{where} needs something before it, e.g. {example}", found.position
            )
        if after is None or after.kind is _Kind.OPEN:
            if found is None:
                assert after is not None
                return QuerySyntaxError(
                    f"Opening parenthesis at character {after.position + 1} is never closed",
                    after.position,
                )
            if found.kind is _Kind.CLOSE and after is not None:
                return QuerySyntaxError(
                    f"The parentheses at character {after.position + 1} are empty",
                    after.position,
                )
            if found.kind is _Kind.CLOSE:
                return QuerySyntaxError(
                    f"Closing parenthesis at character {found.position + 1} has no opening one",
                    found.position,
                )
            return QuerySyntaxError(
                f"{_describe(found)} at character {found.position + 1} has nothing before it",
                found.position,
            )
        if found is None or found.kind is _Kind.CLOSE:
            return QuerySyntaxError(
                f"{_describe(after)} at character {after.position + 1} has nothing after it",
                after.position,
            )
        return QuerySyntaxError(
            f"{_describe(after)} at character {after.position + 1} must be followed by a word,"
            f' a "phrase" or a (group), not {_describe(found)}',
            found.position,
        )

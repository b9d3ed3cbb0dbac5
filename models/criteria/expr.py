"""Business Central filter expressions (`StringFilter.expr`) parsed into a small syntax tree.

Grammar, as BC: terms joined by `|` (or) and `&` (and, binding tighter than `|`), optionally grouped
with parentheses. A term is `A..B`, `..B`, `A..` (inclusive range), `<>X`, `<X`, `<=X`, `>X`, `>=X`,
`=X` or a value; in a value `*` stands for any characters (also none) and `?` for exactly one; `''` is
the blank value; a leading `@` makes the term case-insensitive. Text between single quotes is literal
(`'A|B'`), with `''` inside quotes standing for one quote. Unquoted spaces around a term are ignored.

Parsing reads every character a bounded number of times, so it is linear in the expression's length;
expressions over the limits (length, nesting, terms, length of one value) are refused first.
"""

from __future__ import annotations

from dataclasses import dataclass

from segmentum.models.criteria.limits import (
    MAX_EXPRESSION_LENGTH,
    MAX_NESTING,
    MAX_TERMS,
    MAX_VALUE_LENGTH,
    shown,
    text_problem,
)
from segmentum.models.sized_lru import SizedLRU

COMPARISON_OPS = ("<>", "<=", ">=", "<", ">", "=")
SPECIAL = "|&()"
WILDCARDS = "*?"  # any characters (also none); exactly one character


class CriteriaError(ValueError):
    """A malformed filter expression or filter value; the message names it."""

    def __init__(self, message: str, expression: str | None = None) -> None:
        super().__init__(message)
        self.expression = expression


@dataclass(frozen=True)
class Value:
    """A value with wildcards: the literal pieces, and between each two of them a wildcard (`*` or `?`).

    One piece is a plain value. `Value(("A", ""))` is `A*`: the gaps default to `*`.
    """

    pieces: tuple[str, ...]
    gaps: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.gaps and len(self.pieces) > 1:
            object.__setattr__(self, "gaps", ("*",) * (len(self.pieces) - 1))
        if len(self.gaps) != len(self.pieces) - 1 or any(gap not in WILDCARDS for gap in self.gaps):
            raise ValueError(f"{len(self.pieces)} pieces need {len(self.pieces) - 1} wildcards, got {self.gaps!r}")

    @staticmethod
    def literal(text: str) -> Value:
        return Value((text,))

    @property
    def is_pattern(self) -> bool:
        return len(self.pieces) > 1

    @property
    def text(self) -> str:
        return self.pieces[0]

    def matches_empty(self) -> bool:
        return all(piece == "" for piece in self.pieces) and "?" not in self.gaps

    def upper(self) -> Value:
        return Value(tuple(piece.upper() for piece in self.pieces), self.gaps)


@dataclass(frozen=True)
class Compare:
    op: str  # one of COMPARISON_OPS; wildcards only with = and <>
    value: Value
    ci: bool = False


@dataclass(frozen=True)
class Range:
    low: str | None  # None: open on that side
    high: str | None
    ci: bool = False


@dataclass(frozen=True)
class AnyOf:
    """`in` / `notIn`: one of (or none of) the values, compared exactly."""

    values: tuple[str, ...]
    negate: bool = False


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


Node = Compare | Range | AnyOf | Or | And


class _Term:
    """A term's characters, each flagged as quoted (literal) or not. An empty quoted part (`''`) is kept
    as an empty quoted character, so that it still counts as a value.

    Characters and flags sit in two flat lists rather than one tuple per character: millions of small
    tuples would make the garbage collector's work, and so parsing, grow faster than the input.
    """

    __slots__ = ("chars", "quoted")

    def __init__(self, chars: list[str] | None = None, quoted: list[bool] | None = None) -> None:
        self.chars: list[str] = chars if chars is not None else []
        self.quoted: list[bool] = quoted if quoted is not None else []

    def add(self, ch: str, quoted: bool) -> None:
        self.chars.append(ch)
        self.quoted.append(quoted)

    def __len__(self) -> int:
        return len(self.chars)

    def cut(self, start: int, end: int | None = None) -> _Term:
        return _Term(self.chars[start:end], self.quoted[start:end])

    def text(self) -> str:
        return "".join(self.chars)

    def strip(self) -> _Term:
        """Without the unquoted spaces at either end."""
        start, end = 0, len(self.chars)
        while start < end and not self.quoted[start] and self.chars[start].isspace():
            start += 1
        while end > start and not self.quoted[end - 1] and self.chars[end - 1].isspace():
            end -= 1
        return self if (start, end) == (0, len(self.chars)) else self.cut(start, end)

    def starts_with(self, token: str) -> bool:
        """Whether the term begins with `token`, unquoted."""
        if len(self.chars) < len(token):
            return False
        return all(not self.quoted[i] and self.chars[i] == ch for i, ch in enumerate(token))

    def ranges(self) -> list[int]:
        """Positions of unquoted `..` (non-overlapping)."""
        found: list[int] = []
        chars, quoted = self.chars, self.quoted
        i = 0
        while i < len(chars) - 1:
            if chars[i] == "." and chars[i + 1] == "." and not quoted[i] and not quoted[i + 1]:
                found.append(i)
                i += 2
            else:
                i += 1
        return found

    def has_wildcard(self) -> bool:
        return any(ch in WILDCARDS and ch and not q for ch, q in zip(self.chars, self.quoted, strict=True))

    def value(self) -> Value:
        """The term as a value, split at its unquoted wildcards."""
        pieces: list[str] = []
        gaps: list[str] = []
        current: list[str] = []
        for ch, quoted in zip(self.chars, self.quoted, strict=True):
            if ch and ch in WILDCARDS and not quoted:
                pieces.append("".join(current))
                gaps.append(ch)
                current = []
            else:
                current.append(ch)
        pieces.append("".join(current))
        return Value(tuple(pieces), tuple(gaps))


def parse(expression: str) -> Node:
    """The syntax tree of a BC filter expression; CriteriaError naming it when malformed or over a limit.

    A request reads one expression several times (its cost, its checks, its SQL), and the parse of a long one takes
    tens of milliseconds on the event loop: the trees (immutable) and the errors of recent expressions are kept."""
    known = _parsed.get(expression)
    if known is None:
        try:
            known = _Parser(expression).parse()
        except CriteriaError as exc:
            known = exc
        if len(expression) <= MAX_EXPRESSION_LENGTH:  # a longer one is refused at its first character
            _parsed.put(expression, known, len(expression))
    if isinstance(known, CriteriaError):
        raise CriteriaError(str(known), known.expression)
    return known


# Expressions of at most this many characters in all, least recently used out first: a tree takes some 40 bytes per
# character of its expression, so the cache stays near 20 MB at most.
_PARSED_CHARS = 500_000
_parsed: SizedLRU[str, Node | CriteriaError] = SizedLRU(_PARSED_CHARS)


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.pos = 0
        self.depth = 0
        self.terms = 0

    def error(self, reason: str) -> CriteriaError:
        return CriteriaError(f"The filter expression {shown(self.expression)} is not valid: {reason}.", self.expression)

    def peek(self) -> str:
        return self.expression[self.pos] if self.pos < len(self.expression) else ""

    def skip_spaces(self) -> None:
        while self.peek() and self.peek().isspace():
            self.pos += 1

    def parse(self) -> Node:
        problem = text_problem(self.expression, MAX_EXPRESSION_LENGTH)
        if problem:
            raise CriteriaError(f"The filter expression {problem}.", self.expression)
        node = self.parse_or()
        if self.pos < len(self.expression):
            raise self.error(f"unexpected {self.peek()!r} at position {self.pos + 1}")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek() == "|":
            self.pos += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_factor()]
        while self.peek() == "&":
            self.pos += 1
            items.append(self.parse_factor())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_factor(self) -> Node:
        self.skip_spaces()
        if self.peek() != "(":
            return self.parse_term()
        if self.depth >= MAX_NESTING:
            raise self.error(f"parentheses nest more than {MAX_NESTING} deep (the limit)")
        self.depth += 1
        self.pos += 1
        node = self.parse_or()
        if self.peek() != ")":
            raise self.error("a '(' is not closed")
        self.pos += 1
        self.depth -= 1
        self.skip_spaces()
        if self.peek() and self.peek() not in "|&)":
            raise self.error(f"unexpected {self.peek()!r} after ')'")
        return node

    def read_term(self) -> _Term:
        chars = _Term()
        text = self.expression
        while self.pos < len(text) and text[self.pos] not in "|&)":
            ch = text[self.pos]
            if ch == "(":
                raise self.error("a '(' must start a group; quote values that contain parentheses")
            if ch != "'":
                chars.add(ch, False)
                self.pos += 1
                continue
            chars.add("", True)
            self.pos += 1
            while True:
                if self.pos >= len(text):
                    raise self.error("a quote is not closed")
                if text[self.pos] == "'":
                    if text[self.pos + 1 : self.pos + 2] == "'":
                        chars.add("'", True)
                        self.pos += 2
                        continue
                    self.pos += 1
                    break
                chars.add(text[self.pos], True)
                self.pos += 1
        return chars

    def parse_term(self) -> Node:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise self.error(f"it has more than {MAX_TERMS:,} terms (the limit)")
        chars = self.read_term().strip()
        if not chars:
            raise self.error("a term is empty")
        if len(chars) > MAX_VALUE_LENGTH:
            limit = f"{MAX_VALUE_LENGTH:,} characters (the limit)"
            raise self.error(f"the term {shown(chars.text())} is longer than {limit}")
        ci = False
        if chars.starts_with("@"):
            ci, chars = True, chars.cut(1).strip()
            if not chars:
                raise self.error("'@' must be followed by a value")
        ranges = chars.ranges()
        if len(ranges) > 1:
            raise self.error("a range has more than one '..'")
        if ranges:
            return self.range_term(chars, ranges[0], ci)
        for op in COMPARISON_OPS:
            if chars.starts_with(op):
                rest = chars.cut(len(op)).strip()
                if not ci and rest.starts_with("@"):
                    ci, rest = True, rest.cut(1).strip()
                if not rest:
                    raise self.error(f"'{op}' must be followed by a value")
                if op not in ("=", "<>") and rest.has_wildcard():
                    raise self.error(f"'{op}' cannot be combined with a wildcard ('*' or '?')")
                return Compare(op, rest.value(), ci)
        return Compare("=", chars.value(), ci)

    def range_term(self, chars: _Term, at: int, ci: bool) -> Range:
        low, high = chars.cut(0, at).strip(), chars.cut(at + 2).strip()
        if not low and not high:
            raise self.error("a range needs at least one end")
        for side in (low, high):
            if side.has_wildcard():
                raise self.error("a range cannot contain a wildcard ('*' or '?')")
            if any(side.starts_with(op) for op in COMPARISON_OPS):
                raise self.error("a range cannot contain a comparison operator")
        return Range(low.text() if low else None, high.text() if high else None, ci)


def quote(value: str) -> str:
    """A literal value written so that `parse` reads it back unchanged."""
    plain = (
        value != ""
        and value == value.strip()
        and not any(ch in value for ch in SPECIAL + "'" + WILDCARDS)
        and ".." not in value
        and not value.startswith(("<", ">", "=", "@"))
    )
    return value if plain else "'" + value.replace("'", "''") + "'"


def pattern_text(value: Value) -> str:
    """A wildcard value written back as an expression."""
    if not value.is_pattern:
        return quote(value.text)
    out = [quote(value.pieces[0]) if value.pieces[0] else ""]
    for gap, piece in zip(value.gaps, value.pieces[1:], strict=True):
        out += [gap, quote(piece) if piece else ""]
    return "".join(out)

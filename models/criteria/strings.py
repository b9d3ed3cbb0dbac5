"""String filters (`StringFilter`) as syntax trees, compiled to SQL conditions with bound values.

Blank follows BC, where a field is never NULL but ''; here NULL and '' are both blank. Each tree is
first evaluated in Python on the blank value: when blank matches, the SQL is `col IS NULL OR (...)`,
so `<>X`, `..B` and `''` behave as BC without wrapping the column in functions.

Equality and wildcards without `@` are case-sensitive (SQLite's LIKE is not, so SQLite uses GLOB); with
`@` both sides are lower-cased (ILIKE on PostgreSQL). Ranges and `<`, `<=`, `>`, `>=` compare in the one
linguistic order of `models.criteria.collation`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from segmentum.models.criteria.collation import collate
from segmentum.models.criteria.expr import (
    And,
    AnyOf,
    Compare,
    CriteriaError,
    Node,
    Or,
    Range,
    Value,
    parse,
    pattern_text,
    quote,
)
from segmentum.models.sql import Params

_PY_COMPARE = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def string_node(flt: dict[str, Any] | None, *, upper: bool = False) -> Node | None:
    """All given operators of a StringFilter, ANDed; None when none is given.

    A blank `expr` is no filter, as in BC. `upper` upper-cases the values, for code columns, whose values
    are always stored upper-cased.
    """
    if not flt:
        return None

    def norm(value: Any) -> str:
        text = str(value)
        return text.upper() if upper else text

    items: list[Node] = []
    if flt.get("expr") is not None and str(flt["expr"]).strip():
        items.append(parse(norm(flt["expr"])))
    if flt.get("eq") is not None:
        items.append(Compare("=", Value.literal(norm(flt["eq"]))))
    if flt.get("ne") is not None:
        items.append(Compare("<>", Value.literal(norm(flt["ne"]))))
    if flt.get("in") is not None:
        items.append(AnyOf(tuple(norm(v) for v in flt["in"])))
    if flt.get("not_in") is not None:
        items.append(AnyOf(tuple(norm(v) for v in flt["not_in"]), negate=True))
    if flt.get("starts_with") is not None:
        items.append(Compare("=", Value((norm(flt["starts_with"]), ""))))
    if flt.get("contains") is not None:
        items.append(Compare("=", Value(("", norm(flt["contains"]), ""))))
    if flt.get("is_blank") is not None:
        items.append(Compare("=" if flt["is_blank"] else "<>", Value.literal("")))
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def string_text(flt: dict[str, Any], *, upper: bool = False) -> str:
    """A StringFilter as one BC expression ('' when no operator is given; a blank `expr` is no filter)."""
    def v(item: Any) -> str:
        return str(item).upper() if upper else str(item)

    parts: list[str] = []
    if flt.get("expr") is not None and str(flt["expr"]).strip():
        parts.append(v(flt["expr"]))
    if flt.get("eq") is not None:
        parts.append(quote(v(flt["eq"])))
    if flt.get("ne") is not None:
        parts.append("<>" + quote(v(flt["ne"])))
    if flt.get("in") is not None:
        parts.append("|".join(quote(v(x)) for x in flt["in"]) if flt["in"] else "(none)")
    if flt.get("not_in") is not None:
        parts += ["<>" + quote(v(x)) for x in flt["not_in"]]
    if flt.get("starts_with") is not None:
        parts.append(pattern_text(Value((v(flt["starts_with"]), ""))))
    if flt.get("contains") is not None:
        parts.append(pattern_text(Value(("", v(flt["contains"]), ""))))
    if flt.get("is_blank") is not None:
        parts.append("''" if flt["is_blank"] else "<>''")
    if len(parts) == 1:
        return parts[0]
    return "&".join(f"({p})" if "|" in p else p for p in parts)


def matches_blank(node: Node) -> bool:
    """Whether the blank value satisfies the tree (evaluated as the database would on '')."""
    if isinstance(node, Or):
        return any(matches_blank(item) for item in node.items)
    if isinstance(node, And):
        return all(matches_blank(item) for item in node.items)
    if isinstance(node, AnyOf):
        return ("" in node.values) != node.negate
    if isinstance(node, Range):
        # '' sorts before every other string in every collation.
        return node.low is None or node.low == ""
    if node.value.is_pattern:
        hit = node.value.matches_empty()
        return hit if node.op == "=" else not hit
    return bool(_PY_COMPARE[node.op]("", node.value.text))


def string_condition(node: Node, column: str, params: Params) -> str:
    """SQL for `column` (an expression that may be NULL) satisfying the tree."""
    inner = _sql(node, column, params)
    return f"({column} IS NULL OR {inner})" if matches_blank(node) else inner


def reference_condition(node: Node, fk: str, table: str, key: str, params: Params) -> str:
    """SQL for a nullable foreign key `fk` whose row in `table` has a `key` satisfying the tree.

    Written as `fk IN (SELECT id ...)` so that the master table is filtered once, not per row.
    """
    inner = _sql(node, f"cr_ref.{key}", params)
    subquery = f"{fk} IN (SELECT cr_ref.id FROM {table} cr_ref WHERE {inner})"
    return f"({fk} IS NULL OR {subquery})" if matches_blank(node) else subquery


def _sql(node: Node, col: str, p: Params) -> str:
    if isinstance(node, Or):
        exact = _exact_values(node)
        if exact is not None:  # `A|B|C`: one `IN` list, which the planner reads as one index condition
            return _sql(AnyOf(exact), col, p)
        return "(" + " OR ".join(_sql(item, col, p) for item in node.items) + ")"
    if isinstance(node, And):
        return "(" + " AND ".join(_sql(item, col, p) for item in node.items) + ")"
    if isinstance(node, AnyOf):
        if not node.values:
            return "1 = 1" if node.negate else "1 = 0"
        return f"{col} {'NOT IN' if node.negate else 'IN'} {p.add_list(list(node.values))}"
    if isinstance(node, Range):
        c = collate(f"lower({col})" if node.ci else col, p.dialect)
        parts = []
        if node.low is not None:
            parts.append(f"{c} >= {_bind(node.low, node.ci, p)}")
        if node.high is not None:
            parts.append(f"{c} <= {_bind(node.high, node.ci, p)}")
        return "(" + " AND ".join(parts) + ")"
    if node.value.is_pattern:
        like = _like(col, node.value, node.ci, p)
        return like if node.op == "=" else f"NOT ({like})"
    c = f"lower({col})" if node.ci else col
    if node.op not in ("=", "<>"):
        c = collate(c, p.dialect)
    return f"{c} {node.op} {_bind(node.value.text, node.ci, p)}"


def _exact_values(node: Or) -> tuple[str, ...] | None:
    """The values of an Or of case-sensitive equalities without wildcards (`A|B|C`); None for any other Or."""
    values = []
    for item in node.items:
        if not isinstance(item, Compare) or item.op != "=" or item.ci or item.value.is_pattern:
            return None
        values.append(item.value.text)
    return tuple(values)


def _bind(value: str, ci: bool, p: Params) -> str:
    return f"lower(CAST({p.add(value)} AS TEXT))" if ci else p.add(value)


def _pattern(value: Value, escape: Callable[[str], str], wildcards: dict[str, str]) -> str:
    out = [escape(value.pieces[0])]
    for gap, piece in zip(value.gaps, value.pieces[1:], strict=True):
        out += [wildcards[gap], escape(piece)]
    return "".join(out)


def _like(col: str, value: Value, ci: bool, p: Params) -> str:
    if p.dialect == "sqlite":
        glob = _pattern(value, _escape_glob, {"*": "*", "?": "?"})
        if ci:
            return f"lower({col}) GLOB lower(CAST({p.add(glob)} AS TEXT))"
        return f"{col} GLOB {p.add(glob)}"
    like = _pattern(value, _escape_like, {"*": "%", "?": "_"})
    return f"{col} {'ILIKE' if ci else 'LIKE'} {p.add(like)} ESCAPE '\\'"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _escape_glob(text: str) -> str:
    # GLOB has no escape character: metacharacters become one-character classes.
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)


__all__ = [
    "CriteriaError",
    "matches_blank",
    "reference_condition",
    "string_condition",
    "string_node",
    "string_text",
]

"""Look-ahead: the fields a query selects, fragments (inline or named) flattened."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import SelectedField, Selection


def selected_fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, fragments (inline or named) flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from selected_fields(selection.selections)

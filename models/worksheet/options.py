"""The options of a worksheet action, one type from the GraphQL input to the recorded action, the saved
action and its replay (BC's request-page options of Add / Reduce / Refine)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class ActionOptions:
    allow_existing_contacts: bool = False  # Add: a contact already on a line gets another line
    expand_companies: bool = False  # Add: every person of a selected contact's company ("Expand Contact")
    allow_related_companies: bool = False  # Add: the company of every selected person
    ignore_exclusion: bool = False  # Add: contacts marked Exclude from Segment too
    entire_companies: bool = False  # Reduce / Refine: a line is judged by its contact's whole company
    allow_no_filter: bool = False  # any action: run without any filter, on every contact

    @classmethod
    def of(cls, source: Any) -> ActionOptions:
        """The options held by a mapping (an input as a dict) or by a row with the option columns;
        what is missing or null is false."""
        get = source.get if isinstance(source, dict) else lambda name: getattr(source, name, False)
        return cls(**{f.name: bool(get(f.name)) for f in fields(cls)})

    def columns(self) -> dict[str, bool]:
        """The options as the columns of a recorded or saved action."""
        return asdict(self)


NO_OPTIONS = ActionOptions()

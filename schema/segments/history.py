"""What a segment's history answers beyond its events: who was in it at a moment, and what brought a line in."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from segmentum.models.contacts import Contact as ContactModel
from segmentum.models.enums import SegmentEntryKind
from segmentum.resolvers.loaders import load_fk
from segmentum.resolvers.segment_history import Entry, line_entry

if TYPE_CHECKING:
    from segmentum.schema.contacts.types import Contact
    from segmentum.schema.segments.types import SegmentCriteriaAction


@strawberry.type(description="What brought a line into a segment, and when.")
class SegmentEntry:
    kind: SegmentEntryKind = strawberry.field(description="What brought the line in.")
    at: datetime = strawberry.field(description="When it entered (UTC).")
    cause: str = strawberry.field(description="Why, as the membership history says it (action n, manual: action n, "
                                              "go back: action n, re-evaluation).")
    position: int | None = strawberry.field(description="The position of the action it names (for a Go Back, the "
                                                        "action undone); null for a re-evaluation.")
    recorded: strawberry.Private[object]

    @strawberry.field(description="The recorded action that brought the line in (its type, options and filters), "
                                  "while it is still recorded; null for a Go Back (its action is gone) or a "
                                  "re-evaluation.")
    def action(self) -> Annotated[SegmentCriteriaAction, strawberry.lazy("segmentum.schema.segments.types")] | None:
        return self.recorded  # type: ignore[return-value]

    @classmethod
    def of(cls, entry: Entry | None) -> SegmentEntry | None:
        if entry is None:
            return None
        return cls(kind=entry.kind, at=entry.at, cause=entry.cause, position=entry.position, recorded=entry.action)


async def entry(info: strawberry.Info, segment_id: int, at: datetime | None, cause: str | None) -> SegmentEntry | None:
    return SegmentEntry.of(await line_entry(info.context.loaders, segment_id, at, cause))


@strawberry.type(description="A contact that was a line of the segment at the moment asked for (one per line).")
class SegmentMember:
    segment_id: strawberry.Private[int]
    contact_id: strawberry.Private[int]
    entered_at: strawberry.Private[datetime]
    entered_cause: strawberry.Private[str]
    left_at: datetime | None = strawberry.field(description="When this stint ended (UTC), if it has: the contact "
                                                           "was still a line at the moment asked for.")

    @strawberry.field(description="The contact that was a line.")
    async def contact(
        self, info: strawberry.Info
    ) -> Annotated[Contact, strawberry.lazy("segmentum.schema.contacts.types")]:
        return await load_fk(info.context.loaders, ContactModel, self.contact_id)  # type: ignore[return-value]

    @strawberry.field(description="When and why it entered (the line's fields are not versioned: they show as "
                                  "they are now).")
    async def entry(self, info: strawberry.Info) -> SegmentEntry | None:
        return await entry(info, self.segment_id, self.entered_at, self.entered_cause)

"""Segment queries: segments, one segment by number, saved criteria, and the Add preview."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from segmentum.resolvers import segments
from segmentum.resolvers.commands import ActionOptions, PreviewRequest
from segmentum.schema.criteria.inputs import ContactCriteria
from segmentum.schema.errors import warnings_of
from segmentum.schema.inputs import plain
from segmentum.schema.relay import After, Before, Connection, First, Last
from segmentum.schema.segments.types import SavedSegmentCriteria, Segment, SegmentPreview
from segmentum.schema.selections import selected_fields


@strawberry.type
class SegmentQueries:
    @strawberry.field(description="Segments, by number.")
    async def segments(
        self, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[Segment]:
        return Connection.from_page(await segments.segments_page(first, after, last, before))

    @strawberry.field(description="The segment with this number, or null.")
    async def segment(
        self, info: strawberry.Info, no: Annotated[str, strawberry.argument(description="The segment's number.")]
    ) -> Segment | None:
        return await segments.segment_by_no(info.context.loaders, no)  # type: ignore[return-value]

    @strawberry.field(description="Saved segment criteria, by code.")
    async def saved_segment_criteria(
        self, first: First = None, after: After = None
    ) -> Connection[SavedSegmentCriteria]:
        return Connection.from_page(await segments.saved_criteria_page(first, after))

    @strawberry.field(description="What an Add with these criteria would bring; writes nothing.")
    async def segment_preview(
        self,
        info: strawberry.Info,
        criteria: Annotated[ContactCriteria, strawberry.argument(description="The criteria to try.")],
        expand_companies: Annotated[
            bool | None,
            strawberry.argument(description="Count the persons of each company selected too (default false)."),
        ] = False,
        allow_related_companies: Annotated[
            bool | None,
            strawberry.argument(description="Count the company of each person selected too (default false)."),
        ] = False,
        ignore_exclusion: Annotated[
            bool | None,
            strawberry.argument(description="Count contacts marked excludeFromSegment too (default false)."),
        ] = False,
    ) -> SegmentPreview:
        count, sample = _asked(info)
        options = ActionOptions(expand_companies=bool(expand_companies),
                                allow_related_companies=bool(allow_related_companies),
                                ignore_exclusion=bool(ignore_exclusion))
        total, ids, warnings = await segments.preview(PreviewRequest(plain(criteria), options, count, sample))
        return SegmentPreview(total=total, sample_ids=ids, remarks=warnings_of(warnings))


def _asked(info: strawberry.Info) -> tuple[bool, int]:
    """Whether this preview's `count` is selected, and the most contacts any of its `sample` fields asks for
    (0 without one): a preview runs only the statements its fields need."""
    count, sample = False, 0
    for preview in selected_fields(info.selected_fields):
        for part in selected_fields(preview.selections):
            if part.name == "count":
                count = True
            elif part.name == "sample":
                sample = max(sample, segments.sample_size(_int(part.arguments.get("first"))))
    return count, sample


def _int(value: Any) -> int | None:
    """An Int argument of a look-ahead: a literal comes as its text, a variable as its value (both validated)."""
    return None if value is None else int(value)

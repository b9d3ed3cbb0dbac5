"""Segment queries: segments, one segment by number, saved criteria, and the Add preview."""

from __future__ import annotations

import strawberry

from resolvers import segments
from schema.criteria.inputs import ContactCriteria, criteria_to_dict
from schema.errors import warnings_of
from schema.relay import Connection
from schema.segments.types import SavedSegmentCriteria, Segment, SegmentPreview


@strawberry.type
class SegmentQueries:
    @strawberry.field
    async def segments(
        self, first: int | None = None, after: str | None = None, last: int | None = None, before: str | None = None
    ) -> Connection[Segment]:
        return Connection.from_page(await segments.segments_page(first, after, last, before))

    @strawberry.field
    async def segment(self, info: strawberry.Info, no: str) -> Segment | None:
        return await segments.segment_by_no(info.context.loaders, no)  # type: ignore[return-value]

    @strawberry.field
    async def saved_segment_criteria(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[SavedSegmentCriteria]:
        return Connection.from_page(await segments.saved_criteria_page(first, after))

    @strawberry.field(description="What an Add with these criteria would bring; writes nothing.")
    async def segment_preview(
        self,
        criteria: ContactCriteria,
        expand_companies: bool | None = False,
        allow_related_companies: bool | None = False,
        ignore_exclusion: bool | None = False,
    ) -> SegmentPreview:
        count, ids, warnings = await segments.preview(criteria_to_dict(criteria), bool(expand_companies),
                                                      bool(allow_related_companies), bool(ignore_exclusion))
        return SegmentPreview(count=count, sample_ids=ids, warnings=warnings_of(warnings))

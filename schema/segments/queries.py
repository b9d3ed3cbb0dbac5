"""Segment queries: segments, one segment by number, saved criteria, and the Add preview."""

from __future__ import annotations

import strawberry

from models import segments as sm
from models.errors import DomainError
from models.worksheet.preview import preview
from resolvers.pagination import OrderKey, keyset_page
from schema.criteria.inputs import ContactCriteria, criteria_to_dict
from schema.errors import bad_user_input
from schema.relay import Connection
from schema.segments.types import SavedSegmentCriteria, Segment, SegmentPreview


@strawberry.type
class SegmentQueries:
    @strawberry.field
    async def segments(
        self, first: int | None = None, after: str | None = None, last: int | None = None, before: str | None = None
    ) -> Connection[Segment]:
        page = await keyset_page(
            sm.Segment, order=[OrderKey("t.no")], first=first, after=after, last=last, before=before
        )
        return Connection.from_page(page)  # type: ignore[return-value]

    @strawberry.field
    async def segment(self, info: strawberry.Info, no: str) -> Segment | None:
        return await info.context.loaders.by_key(sm.Segment, "no").load(no.strip().upper())  # type: ignore

    @strawberry.field
    async def saved_segment_criteria(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[SavedSegmentCriteria]:
        page = await keyset_page(sm.SavedSegmentCriteria, order=[OrderKey("t.code")], first=first, after=after)
        return Connection.from_page(page)  # type: ignore[return-value]

    @strawberry.field(description="What an Add with these criteria would bring; writes nothing.")
    async def segment_preview(
        self,
        criteria: ContactCriteria,
        expand_companies: bool | None = False,
        allow_related_companies: bool | None = False,
        ignore_exclusion: bool | None = False,
    ) -> SegmentPreview:
        try:
            count, ids = await preview(
                criteria_to_dict(criteria),
                expand_companies=bool(expand_companies),
                allow_related_companies=bool(allow_related_companies),
                ignore_exclusion=bool(ignore_exclusion),
            )
        except DomainError as exc:
            raise bad_user_input(str(exc)) from exc
        return SegmentPreview(count=count, sample_ids=ids)

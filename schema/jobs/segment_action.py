"""What a SEGMENT_ACTION job did: the fields of SegmentActionPayload, read from the job's result when it ends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from segmentum.models import segments as segment_models
from segmentum.schema.enums import ErrorCode, WarningCode
from segmentum.schema.errors import InputError, UserError, Warning

if TYPE_CHECKING:
    from segmentum.schema.segments.types import Segment


@strawberry.type(description="The outcome of a worksheet action that ran as a job (Job.segmentAction): the counts, "
                             "warnings and userErrors its SegmentActionPayload would have had. With userErrors, "
                             "the job changed nothing.")
class SegmentActionResult:
    segment_id: strawberry.Private[int | None]
    lines_added: int = strawberry.field(description="Number of lines the action added.")
    lines_removed: int = strawberry.field(description="Number of lines the action removed.")
    skipped_excluded: int = strawberry.field(description="Exclude from Segment")
    skipped_existing: int = strawberry.field(description="Already on a line, allowExistingContacts false")
    skipped_privacy_blocked: int = strawberry.field(
        description="Contacts selected but not added because they are privacy blocked.")
    user_errors: list[UserError] = strawberry.field(
        description="Why the action changed nothing when the job ran (the segment changed since the mutation "
                    "checked it); empty on success.")
    warnings: list[Warning] = strawberry.field(
        description="Remarks that did not stop the action, e.g. a criteria code that names no record.")

    @strawberry.field(description="The segment as the job left it; null when it no longer exists.")
    async def segment(self, info: strawberry.Info
                      ) -> Annotated[Segment, strawberry.lazy("segmentum.schema.segments.types")] | None:
        if self.segment_id is None:
            return None
        return await info.context.loaders.by_id(segment_models.Segment).load(self.segment_id)  # type: ignore[no-any-return]


def action_result_of(result: dict[str, Any] | None) -> SegmentActionResult | None:
    if result is None:
        return None
    return SegmentActionResult(
        segment_id=result.get("segmentId"),
        lines_added=int(result.get("linesAdded") or 0),
        lines_removed=int(result.get("linesRemoved") or 0),
        skipped_excluded=int(result.get("skippedExcluded") or 0),
        skipped_existing=int(result.get("skippedExisting") or 0),
        skipped_privacy_blocked=int(result.get("skippedPrivacyBlocked") or 0),
        user_errors=[InputError(field=e.get("field"), message=e["message"], code=ErrorCode(e["code"]))
                     for e in result.get("userErrors") or []],
        warnings=[Warning(code=WarningCode(w["code"]), message=w["message"], field=list(w["field"]))
                  for w in result.get("warnings") or []],
    )

"""Logging a segment, reusing a logged segment, sending a failed delivery again."""

from __future__ import annotations

import strawberry

from segmentum.resolvers import segment_log
from segmentum.resolvers.commands import ReuseLogged
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.interactions.log import InteractionLogEntryPayload
from segmentum.schema.interactions.types import LoggedSegment
from segmentum.schema.jobs.types import Job
from segmentum.schema.mutation import perform
from segmentum.schema.segments.inputs import SegmentActionPayload
from segmentum.schema.segments.mutations import action_payload
from segmentum.schema.segments.types import Segment


@strawberry.input(description="Log Segment: the segment to turn into interaction log entries, and what else to do.")
class SegmentLogInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    deliver: bool | None = strawberry.field(default=False, description="Queue e-mail and hard-copy delivery.")
    create_follow_up: bool | None = strawberry.field(
        default=False, description="A new segment with the same contacts (Reuse Logged Segment)."
    )


@strawberry.type(description=terms.payload("segment log"))
class SegmentLogPayload:
    logged_segment: LoggedSegment | None = strawberry.field(description=terms.payload_record("logged segment"))
    job: Job | None = strawberry.field(
        description="Set when the log runs as a job (large segments); the other fields follow when it ends."
    )
    delivery_job: Job | None = strawberry.field(
        description="The DELIVERY job that sends the e-mail and hard-copy entries (`deliver: true`), when the "
                    "log ran in the mutation; a log that runs as a job starts its delivery when it ends (see "
                    "`jobs(kind: [DELIVERY])`)."
    )
    follow_up_segment: Segment | None = strawberry.field(description=terms.payload_record("segment"))
    interactions_created: int = strawberry.field(
        description="Number of interaction log entries written (0 while a job logs it).")
    user_errors: list[UserError] = strawberry.field(
        description="LineError per failing line; nothing is written when any exists."
    )


@strawberry.input(description="Reuse Logged Segment: the segment to add to and the logged segment whose contacts to "
                              "add.")
class SegmentReuseLoggedInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    logged_segment_id: strawberry.ID = strawberry.field(description="Global ID of the logged segment.")
    ignore_exclusion: bool | None = strawberry.field(default=False, description=terms.IGNORE_EXCLUSION)
    confirm_existing_criteria: bool | None = strawberry.field(
        default=False, description=terms.CONFIRM_EXISTING_CRITERIA)


@strawberry.input(description="The interaction log entry to act on.")
class InteractionLogEntryRefInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)


@strawberry.type
class SegmentLogMutations:
    @strawberry.mutation(description="Log the segment: one interaction per line with a contact, all or nothing.")
    async def segment_log(self, input: SegmentLogInput) -> SegmentLogPayload:
        answer, errors = await perform(lambda: segment_log.log(input.segment_id, bool(input.deliver),
                                                               bool(input.create_follow_up)))
        if answer is None:
            return SegmentLogPayload(logged_segment=None, job=None, delivery_job=None, follow_up_segment=None,
                                     interactions_created=0, user_errors=errors)
        return SegmentLogPayload(logged_segment=answer.logged, job=answer.job, delivery_job=answer.delivery_job,
                                 follow_up_segment=answer.follow_up,
                                 interactions_created=answer.interactions_created, user_errors=[])

    @strawberry.mutation(description="Add the contacts of a logged segment's non-canceled interactions, once each.")
    async def segment_reuse_logged(self, input: SegmentReuseLoggedInput) -> SegmentActionPayload:
        reuse = ReuseLogged(input.segment_id, input.logged_segment_id, bool(input.ignore_exclusion),
                            bool(input.confirm_existing_criteria))
        return action_payload(*await perform(lambda: segment_log.reuse_logged_segment(reuse)))

    @strawberry.mutation(description="Queue a FAILED delivery again.")
    async def interaction_log_entry_resend(self, input: InteractionLogEntryRefInput) -> InteractionLogEntryPayload:
        obj, errors = await perform(lambda: segment_log.resend(input.id))
        return InteractionLogEntryPayload(interaction_log_entry=obj, user_errors=errors)

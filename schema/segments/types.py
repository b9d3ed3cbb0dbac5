"""Segment, SegmentLine, criteria actions, saved criteria, membership events and evaluations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry
from strawberry import relay

from segmentum.models import interactions as im
from segmentum.models import masters as mm
from segmentum.models import segments as sm
from segmentum.models import system as sys_models
from segmentum.models.contacts import Contact as ContactModel
from segmentum.resolvers import segment_history, segment_loaders, segments
from segmentum.resolvers.criteria import filter_texts
from segmentum.resolvers.loaders import load_fk
from segmentum.resolvers.segments import SAMPLE_DEFAULT, sample_size
from segmentum.schema import terms
from segmentum.schema.audit.created_by import ApiKeyRef, created_by_field
from segmentum.schema.enums import (
    CorrespondenceType,
    CriteriaSource,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    MembershipEventKind,
    SegmentAction,
    SegmentKind,
)
from segmentum.schema.errors import Warning
from segmentum.schema.interactions.content import InteractionLanguage, languages_field
from segmentum.schema.jobs.types import Job
from segmentum.schema.relay import After, Before, Connection, First, Last, ModelNode
from segmentum.schema.scalars import LineNo
from segmentum.schema.segments.history import SegmentEntry, SegmentMember, entry

if TYPE_CHECKING:
    from segmentum.schema.contacts.types import Contact
    from segmentum.schema.interactions.types import Campaign, InteractionGroup, InteractionTemplate
    from segmentum.schema.masters.salespeople import Salesperson

ContactRef = Annotated["Contact", strawberry.lazy("segmentum.schema.contacts.types")]
SalespersonRef = Annotated["Salesperson", strawberry.lazy("segmentum.schema.masters.salespeople")]
CampaignRef = Annotated["Campaign", strawberry.lazy("segmentum.schema.interactions.types")]
TemplateRef = Annotated["InteractionTemplate", strawberry.lazy("segmentum.schema.interactions.types")]
GroupRef = Annotated["InteractionGroup", strawberry.lazy("segmentum.schema.interactions.types")]


@strawberry.type(description="One source of a criteria action rendered as BC shows it (e.g. CONTACT: \"City: "
                             "GENT|BRUGGE; Type: PERSON\").")
class CriteriaFilterText:
    source: CriteriaSource = strawberry.field(description="The criteria source.")
    text: str = strawberry.field(description="The filters of the source as text, in BC's syntax.")


@strawberry.type(description="One criteria action of a segment (Add, Reduce or Refine) with its options and filters: "
                             "Go Back undoes the last one.")
class SegmentCriteriaAction:
    position: int = strawberry.field(description="1, 2, 3 ... in the order the actions were applied.")
    action: SegmentAction = strawberry.field(description="ADD, REDUCE or REFINE.")
    allow_existing_contacts: bool = strawberry.field(description=terms.ALLOW_EXISTING_CONTACTS)
    expand_companies: bool = strawberry.field(description=terms.EXPAND_COMPANIES)
    allow_related_companies: bool = strawberry.field(description=terms.ALLOW_RELATED_COMPANIES)
    ignore_exclusion: bool = strawberry.field(description=terms.IGNORE_EXCLUSION)
    entire_companies: bool = strawberry.field(description=terms.ENTIRE_COMPANIES)
    allow_no_filter: bool = strawberry.field(description=terms.ALLOW_NO_FILTER)
    lines_added: int = strawberry.field(description=terms.LINES_ADDED)
    lines_removed: int = strawberry.field(description=terms.LINES_REMOVED)
    criteria: strawberry.Private[dict]
    manual: strawberry.Private[bool]
    created_by: ApiKeyRef | None = created_by_field(
        "The API key whose request recorded the action (a replay records the key that asked for it); null for the "
        "actions of saved criteria (see SavedSegmentCriteria.createdBy) and for those the schedule recorded.")

    @strawberry.field(description="The filters of the action as BC shows them, one text per source.")
    async def filters(self, info: strawberry.Info) -> list[CriteriaFilterText]:
        texts = await filter_texts(info.context.loaders, self.criteria)
        return [CriteriaFilterText(source=source, text=text) for source, text in texts]

    @classmethod
    def is_type_of(cls, obj: object, _info: object) -> bool:
        return isinstance(obj, sm.SegmentCriteriaAction | sm.SavedSegmentCriteriaAction | cls)


@strawberry.type(description="A re-evaluation of a dynamic segment: its criteria applied again to the current "
                             "contacts.")
class SegmentEvaluation:
    lines_added: int | None = strawberry.field(description=terms.LINES_ADDED)
    lines_removed: int | None = strawberry.field(description=terms.LINES_REMOVED)
    started_at: datetime | None = strawberry.field(description=terms.STARTED_AT)
    finished_at: datetime | None = strawberry.field(description=terms.FINISHED_AT)
    job_id: strawberry.Private[int]

    @strawberry.field(description="The background job running it.")
    async def job(self, info: strawberry.Info) -> Job:
        return await info.context.loaders.by_id(sys_models.Job).load(self.job_id)  # type: ignore[no-any-return]


@strawberry.type(description="A contact entering or leaving a segment, when and why.")
class SegmentMembershipEvent:
    kind: MembershipEventKind = strawberry.field(description="ADDED or REMOVED.")
    at: datetime = strawberry.field(description=terms.AT)
    cause: str = strawberry.field(description="Why: the criteria action (action n), a manual line change (manual) or a "
                                              "re-evaluation.")
    contact_id: strawberry.Private[int]

    @strawberry.field(description=terms.CONTACT)
    async def contact(self, info: strawberry.Info) -> ContactRef:
        return await load_fk(info.context.loaders, ContactModel, self.contact_id)  # type: ignore[return-value]


@strawberry.type
class InteractionSetupRefs:
    """Salesperson, template, group and campaign: the interaction setup a header and its lines both carry."""

    salesperson_id: strawberry.Private[int | None]
    interaction_template_id: strawberry.Private[int | None]
    interaction_group_id: strawberry.Private[int | None]
    campaign_id: strawberry.Private[int | None]

    @strawberry.field(description=terms.SALESPERSON)
    async def salesperson(self, info: strawberry.Info) -> SalespersonRef | None:
        return await load_fk(info.context.loaders, mm.Salesperson, self.salesperson_id)  # type: ignore[return-value]

    @strawberry.field(description=terms.INTERACTION_TEMPLATE)
    async def interaction_template(self, info: strawberry.Info) -> TemplateRef | None:
        return await load_fk(  # type: ignore[return-value]
            info.context.loaders, im.InteractionTemplate, self.interaction_template_id
        )

    @strawberry.field(description=terms.INTERACTION_GROUP)
    async def interaction_group(self, info: strawberry.Info) -> GroupRef | None:
        return await load_fk(  # type: ignore[return-value]
            info.context.loaders, im.InteractionGroup, self.interaction_group_id
        )

    @strawberry.field(description=terms.CAMPAIGN)
    async def campaign(self, info: strawberry.Info) -> CampaignRef | None:
        return await load_fk(info.context.loaders, im.Campaign, self.campaign_id)  # type: ignore[return-value]


@strawberry.type(description="One contact on a segment, with the interaction values that logging the segment will "
                             "record.")
class SegmentLine(InteractionSetupRefs, ModelNode):
    model: ClassVar = sm.SegmentLine
    id: relay.NodeID[int]
    line_no: LineNo = strawberry.field(description=terms.LINE_NO)
    description: str | None = strawberry.field(description=terms.DESCRIPTION)
    date: date = strawberry.field(description=terms.DATE)
    subject: str | None = strawberry.field(description=terms.SUBJECT)
    language_code: str | None = strawberry.field(description=terms.LANGUAGE_CODE)
    cost_lcy: Decimal = strawberry.field(description=terms.COST_LCY)
    duration_min: int = strawberry.field(description=terms.DURATION_MIN)
    correspondence_type: CorrespondenceType = strawberry.field(description=terms.CORRESPONDENCE_TYPE)
    information_flow: InformationFlow = strawberry.field(description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy = strawberry.field(description=terms.INITIATED_BY)
    campaign_target: bool = strawberry.field(description=terms.CAMPAIGN_TARGET)
    campaign_response: bool = strawberry.field(description=terms.CAMPAIGN_RESPONSE)
    evaluation: Evaluation = strawberry.field(description=terms.EVALUATION)
    attempt_failed: bool = strawberry.field(description=terms.ATTEMPT_FAILED)
    segment_id: strawberry.Private[int]
    contact_id: strawberry.Private[int]
    contact_company_id: strawberry.Private[int | None]

    entered_at: strawberry.Private[datetime | None]
    entered_cause: strawberry.Private[str | None]

    @strawberry.field(description="The segment.")
    async def segment(self, info: strawberry.Info) -> Segment:
        return await load_fk(info.context.loaders, sm.Segment, self.segment_id)  # type: ignore[return-value]

    @strawberry.field(description="What brought the line in: the recorded action (its type, filters and options), "
                                  "a manual add, a Go Back or a re-evaluation, and when; null for a line from "
                                  "before entries were recorded.")
    async def entry(self, info: strawberry.Info) -> SegmentEntry | None:
        return await entry(info, self.segment_id, self.entered_at, self.entered_cause)

    @strawberry.field(description=terms.CONTACT)
    async def contact(self, info: strawberry.Info) -> ContactRef:
        return await load_fk(info.context.loaders, ContactModel, self.contact_id)  # type: ignore[return-value]

    @strawberry.field(description=terms.CONTACT_COMPANY)
    async def contact_company(self, info: strawberry.Info) -> ContactRef | None:
        return await load_fk(info.context.loaders, ContactModel, self.contact_company_id)  # type: ignore[return-value]


@strawberry.type(description="A segment: a worksheet of contacts built with criteria actions (Add, Reduce, Refine, Go "
                             "Back) and then logged as interactions, as BC's Segment.")
class Segment(InteractionSetupRefs, ModelNode):
    model: ClassVar = sm.Segment
    id: relay.NodeID[int]
    no: str = strawberry.field(description=terms.NO)
    description: str | None = strawberry.field(description=terms.DESCRIPTION)
    date: date = strawberry.field(description=terms.DATE)
    kind: SegmentKind = strawberry.field(description="STATIC (kept as built) or DYNAMIC (re-evaluated by workers every "
                                                     "refreshIntervalMinutes).")
    refresh_interval_minutes: int | None = strawberry.field(description=terms.REFRESH_INTERVAL_MINUTES)
    campaign_target: bool = strawberry.field(description=terms.CAMPAIGN_TARGET)
    campaign_response: bool = strawberry.field(description=terms.CAMPAIGN_RESPONSE)
    information_flow: InformationFlow = strawberry.field(description=terms.INFORMATION_FLOW)
    initiated_by: InitiatedBy = strawberry.field(description=terms.INITIATED_BY)
    unit_cost_lcy: Decimal = strawberry.field(description=terms.UNIT_COST_LCY)
    unit_duration_min: int = strawberry.field(description=terms.UNIT_DURATION_MIN)
    correspondence_type_default: CorrespondenceType = strawberry.field(description=terms.CORRESPONDENCE_TYPE_DEFAULT)
    ignore_contact_corres_type: bool = strawberry.field(description=terms.IGNORE_CONTACT_CORRES_TYPE)
    subject_default: str | None = strawberry.field(description=terms.SUBJECT_DEFAULT)
    language_code_default: str | None = strawberry.field(description=terms.LANGUAGE_CODE_DEFAULT)
    send_word_docs_as_attmt: bool = strawberry.field(
        description="BC's Send Word Docs. as Attmt.: e-mails carry the merged content and the uploaded attachment "
                    "as attachments, beside the merged body."
    )
    languages: list[InteractionLanguage] = languages_field("segment_id")

    @strawberry.field(description="The segment's lines, in line-number order.")
    async def lines(
        self, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[SegmentLine]:
        return Connection.from_page(await segments.lines_page(self.id, first, after, last, before))

    @strawberry.field(description="Number of lines (contacts) on the segment.")
    async def no_of_lines(self, info: strawberry.Info) -> int:
        return (await segment_loaders.line_totals(info.context.loaders).load(self.id))[0]  # type: ignore[no-any-return]

    @strawberry.field(description=terms.COST_LCY)
    async def cost_lcy(self, info: strawberry.Info) -> Decimal:
        return (await segment_loaders.line_totals(info.context.loaders).load(self.id))[1]  # type: ignore[no-any-return]

    @strawberry.field(description=terms.DURATION_MIN)
    async def duration_min(self, info: strawberry.Info) -> int:
        return (await segment_loaders.line_totals(info.context.loaders).load(self.id))[2]  # type: ignore[no-any-return]

    @strawberry.field(description="Number of criteria actions applied (Go Back removes the last).")
    async def no_of_criteria_actions(self, info: strawberry.Info) -> int:
        return len(await segment_loaders.criteria_actions(info.context.loaders).load(self.id))

    @strawberry.field(description="The criteria actions applied, in order.")
    async def criteria(self, info: strawberry.Info) -> list[SegmentCriteriaAction]:
        return await segment_loaders.criteria_actions(info.context.loaders).load(self.id)  # type: ignore[no-any-return]

    @strawberry.field(description="The latest re-evaluation, running or finished; null for a segment never "
                                  "re-evaluated.")
    async def last_evaluation(self, info: strawberry.Info) -> SegmentEvaluation | None:
        return await segment_loaders.last_evaluation(info.context.loaders).load(self.id)  # type: ignore[no-any-return]

    @strawberry.field(description="The contacts that were lines at `asOf`, each with when and why it entered, in "
                                  "the order they entered.")
    async def members(
        self, as_of: Annotated[datetime, strawberry.argument(description="The moment (with a time zone).")],
        first: First = None, after: After = None,
    ) -> Connection[SegmentMember]:  # type: ignore[type-var]
        def build(rows: list[dict]) -> list[SegmentMember]:
            return [SegmentMember(segment_id=self.id, contact_id=int(r["contact_id"]), entered_at=r["at"],
                                  entered_cause=r["cause"], left_at=r["left_at"]) for r in rows]

        return Connection.from_page(await segment_history.members_page(self.id, as_of, first, after, build))

    @strawberry.field(description="Contacts entering and leaving the segment, in the order it happened.")
    async def membership_events(
        self, first: First = None, after: After = None
    ) -> Connection[SegmentMembershipEvent]:  # type: ignore[type-var]
        return Connection.from_page(await segments.membership_events_page(self.id, first, after))


@strawberry.type(description="Criteria actions saved under a code, to reuse on other segments.")
class SavedSegmentCriteria(ModelNode):
    model: ClassVar = sm.SavedSegmentCriteria
    id: relay.NodeID[int]
    code: str = strawberry.field(description=terms.CODE)
    description: str | None = strawberry.field(description=terms.DESCRIPTION)
    created_by: ApiKeyRef | None = created_by_field("The API key whose request saved the criteria.")

    @strawberry.field(description="The saved criteria actions, in order.")
    async def actions(self, info: strawberry.Info) -> list[SegmentCriteriaAction]:
        return await segment_loaders.saved_actions(info.context.loaders).load(self.id)  # type: ignore[no-any-return]

    @strawberry.field(description="Number of criteria actions saved.")
    async def no_of_actions(self, info: strawberry.Info) -> int:
        return len(await segment_loaders.saved_actions(info.context.loaders).load(self.id))


@strawberry.type(description="What criteria would select, without changing anything.")
class SegmentPreview:
    # Computed by Query.segmentPreview for the fields the query selects (schema/segments/queries.py): no count
    # statement without `count`, no sample statement without `sample`.
    total: strawberry.Private[int | None]
    sample_ids: strawberry.Private[list[int]]
    remarks: strawberry.Private[list[Warning]]

    @strawberry.field(description="How many contacts the criteria select.")
    def count(self) -> int:
        if self.total is None:  # the look-ahead saw no `count`: a bug, not an input
            raise RuntimeError("SegmentPreview.count was resolved without being computed.")
        return self.total

    @strawberry.field(description="Remarks on the criteria, e.g. a code that names no record (the count is then "
                                  "probably not what was meant).")
    def warnings(self) -> list[Warning]:
        return self.remarks

    @strawberry.field(description="The first contacts selected, in the order an Add would number their lines.")
    async def sample(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many contacts to return (default 20, at most 100)."),
        ] = SAMPLE_DEFAULT,
    ) -> list[ContactRef]:
        ids = self.sample_ids[: sample_size(first)]
        found = await info.context.loaders.by_id(ContactModel).load_many(ids)
        return [c for c in found if c is not None]

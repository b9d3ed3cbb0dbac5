"""Contact (company or person), its profile answers and its interaction statistics.

Every field that reaches another table goes through a per-request loader (resolvers/contact_loaders.py),
so a page of contacts costs a fixed number of statements whatever its size.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from strawberry import relay

import segmentum.schema.enums  # noqa: F401 - registers the model enums with Strawberry
from segmentum.models import masters as mm
from segmentum.models.contacts import Contact as ContactModel
from segmentum.models.contacts import ContactProfileAnswer as ProfileAnswerRow
from segmentum.models.enums import ContactType, CorrespondenceType
from segmentum.resolvers import contact_loaders as cl
from segmentum.resolvers.loaders import fk_now, load_now
from segmentum.resolvers.pagination import Page, PaginationError, check_page_args
from segmentum.schema import terms
from segmentum.schema.contacts.prefetch import prefetch
from segmentum.schema.errors import bad_user_input
from segmentum.schema.masters.classifications import classification_lists
from segmentum.schema.relay import After, Connection, First, ModelNode

if TYPE_CHECKING:
    from segmentum.schema.interactions.types import InteractionLogEntry
    from segmentum.schema.masters.questionnaires import ProfileQuestionnaire
    from segmentum.schema.masters.salespeople import Salesperson
    from segmentum.schema.masters.territories import Territory
    from segmentum.schema.segments.types import SegmentLine

SalespersonRef = Annotated["Salesperson", strawberry.lazy("segmentum.schema.masters.salespeople")]
TerritoryRef = Annotated["Territory", strawberry.lazy("segmentum.schema.masters.territories")]
QuestionnaireRef = Annotated["ProfileQuestionnaire", strawberry.lazy("segmentum.schema.masters.questionnaires")]
SegmentLineRef = Annotated["SegmentLine", strawberry.lazy("segmentum.schema.segments.types")]
InteractionRef = Annotated["InteractionLogEntry", strawberry.lazy("segmentum.schema.interactions.types")]


async def _no_rows() -> int:
    return 0


EMPTY_PAGE: Page[Any] = Page(items=[], cursors=[], has_next_page=False, has_previous_page=False, count=_no_rows)


def check_first(first: int | None) -> None:
    try:
        check_page_args(first, None)
    except PaginationError as exc:
        raise bad_user_input(str(exc), exc.argument) from exc


async def nested_page(info: strawberry.Info, nested: cl.Nested, parent: int, first: int | None,
                      after: str | None, extra: Any = None) -> Page[Any]:
    """One page of a nested connection, batched with the same connection of the other parents."""
    check_first(first)
    try:
        return await cl.nested_pages(info.context.loaders, nested).load((parent, first, after, extra))
    except PaginationError as exc:  # a malformed cursor
        raise bad_user_input(str(exc), exc.argument) from exc


@strawberry.type(description="Totals of a contact's interactions (canceled ones excluded); a company's include its "
                             "persons' interactions.")
class ContactStatistics:
    """Over the contact's non-canceled interaction log entries; a company's count its persons' entries too (as
    BC's FlowFields by Contact Company No.)."""

    no_of_interactions: int = strawberry.field(description=terms.NO_OF_INTERACTIONS)
    cost_lcy: Decimal = strawberry.field(description=terms.COST_LCY)
    duration_min: int = strawberry.field(description=terms.DURATION_MIN)
    date_of_last_interaction: date | None = strawberry.field(description="Latest entry whose attempt did not fail.")
    last_date_attempted: date | None = strawberry.field(description="Latest entry initiated by us.")


@strawberry.type(description="An answer a contact gave to a question of a profile questionnaire.")
class ContactProfileAnswer:
    questionnaire: QuestionnaireRef = strawberry.field(description="The profile questionnaire.")
    question_line_no: int = strawberry.field(description=terms.QUESTION_LINE_NO)
    answer_line_no: int = strawberry.field(description=terms.ANSWER_LINE_NO)
    answer: str = strawberry.field(description="The answer's text.")

    @classmethod
    def from_row(cls, row: ProfileAnswerRow) -> ContactProfileAnswer:
        return cls(questionnaire=row.questionnaire, question_line_no=row.question.line_no,  # type: ignore[arg-type]
                   answer_line_no=row.answer.line_no, answer=row.answer.description)


async def _answers(rows: Awaitable[list[ProfileAnswerRow]]) -> list[ContactProfileAnswer]:
    return [ContactProfileAnswer.from_row(row) for row in await rows]


@strawberry.type(description="A company or a person (Business Central's Contact), with address, communication and the "
                             "classifications segments select by.")
class Contact(ModelNode):
    model: ClassVar = ContactModel
    id: relay.NodeID[int]
    no: str = strawberry.field(description=terms.NO)
    external_id: str | None = strawberry.field(
        description="A partner's own key for the contact (unique when set); contactImport in UPSERT mode matches on "
                    "it when a row has no number.")
    type: ContactType = strawberry.field(description=terms.CONTACT_TYPE)
    name: str = strawberry.field(description=terms.NAME)
    company_name: str | None = strawberry.field(
        description="Name of the company the person works for; the company's own name for a company.")
    first_name: str | None = strawberry.field(description=terms.FIRST_NAME)
    middle_name: str | None = strawberry.field(description=terms.MIDDLE_NAME)
    surname: str | None = strawberry.field(description=terms.SURNAME)
    job_title: str | None = strawberry.field(description=terms.JOB_TITLE)
    email: str | None = strawberry.field(description=terms.EMAIL)
    phone_no: str | None = strawberry.field(description=terms.PHONE_NO)
    mobile_phone_no: str | None = strawberry.field(description=terms.MOBILE_PHONE_NO)
    address: str | None = strawberry.field(description=terms.ADDRESS)
    address2: str | None = strawberry.field(description=terms.ADDRESS2)
    city: str | None = strawberry.field(description=terms.CITY)
    post_code: str | None = strawberry.field(description=terms.POST_CODE)
    county: str | None = strawberry.field(description=terms.COUNTY)
    country_code: str | None = strawberry.field(description=terms.COUNTRY_CODE)
    language_code: str | None = strawberry.field(description=terms.LANGUAGE_CODE)
    correspondence_type: CorrespondenceType = strawberry.field(description=terms.CORRESPONDENCE_TYPE)
    exclude_from_segment: bool = strawberry.field(description=terms.EXCLUDE_FROM_SEGMENT)
    privacy_blocked: bool = strawberry.field(description=terms.PRIVACY_BLOCKED)
    created_at: datetime = strawberry.field(description=terms.CREATED_AT)
    updated_at: datetime = strawberry.field(description="When the record was last changed (UTC).")
    company_id: strawberry.Private[int | None]
    salesperson_id: strawberry.Private[int | None]
    territory_id: strawberry.Private[int | None]

    # The relations below are plain (not async) resolvers: on a page whose look-ahead loaded them
    # (schema/contacts/prefetch.py) they return the value at once, elsewhere an awaitable of the loader.

    @strawberry.field(description="The company contact: itself for a company, null for an independent person.")
    def company(self, info: strawberry.Info) -> Contact | None:
        if self.company_id is not None and self.company_id == self.id:
            return self
        return fk_now(info.context.loaders, ContactModel, self.company_id)  # type: ignore[no-any-return]

    @strawberry.field(description="Persons of a company, by name; empty for a person.")
    async def persons(self, info: strawberry.Info, first: First = None,
                      after: After = None) -> Connection[Contact]:
        if self.type != ContactType.COMPANY:
            check_first(first)
            return Connection.from_page(EMPTY_PAGE)
        page = await nested_page(info, cl.PERSONS, self.id, first, after)
        await prefetch(info, page.items)
        return Connection.from_page(page)

    @strawberry.field(description=terms.SALESPERSON)
    def salesperson(self, info: strawberry.Info) -> SalespersonRef | None:
        return fk_now(info.context.loaders, mm.Salesperson, self.salesperson_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The contact's sales territory.")
    def territory(self, info: strawberry.Info) -> TerritoryRef | None:
        return fk_now(info.context.loaders, mm.Territory, self.territory_id)  # type: ignore[no-any-return]

    # One list per classification, in their declaration order (models/classifications.py).
    classification_lists(vars())

    @strawberry.field(description="The contact's answers to profile questions.")
    def profile_answers(self, info: strawberry.Info) -> list[ContactProfileAnswer]:
        rows = load_now(cl.profile_answers(info.context.loaders), self.id)
        if isinstance(rows, list):
            return [ContactProfileAnswer.from_row(row) for row in rows]
        return _answers(rows)  # type: ignore[return-value]

    @strawberry.field(description=terms.STATISTICS)
    def statistics(self, info: strawberry.Info) -> ContactStatistics:
        # The loader's Statistics has exactly ContactStatistics' fields, and ContactStatistics implements
        # no interface, so the schema reads it as is: no copy per contact.
        return load_now(cl.statistics(info.context.loaders), self.id)  # type: ignore[no-any-return]

    @strawberry.field(description="Lines of open segments that hold this contact.")
    def segment_lines(self, info: strawberry.Info) -> list[SegmentLineRef]:
        return load_now(cl.segment_lines(info.context.loaders), self.id)  # type: ignore[no-any-return]

    @strawberry.field(description="The contact's interaction log entries in entry order; a company's are every entry "
                                  "logged while the contact was of that company, its persons' too (the entries its "
                                  "statistics count).")
    async def interactions(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        include_canceled: Annotated[
            bool | None,
            strawberry.argument(description="Include canceled entries (default false)."),
        ] = False,
    ) -> Connection[InteractionRef]:
        nested = cl.COMPANY_INTERACTIONS if self.type == ContactType.COMPANY else cl.INTERACTIONS
        page = await nested_page(info, nested, self.id, first, after, bool(include_canceled))
        return Connection.from_page(page)

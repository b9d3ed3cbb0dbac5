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

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models import masters as mm
from models.contacts import Contact as ContactModel
from models.contacts import ContactProfileAnswer as ProfileAnswerRow
from models.enums import ContactType, CorrespondenceType
from resolvers import contact_loaders as cl
from resolvers.loaders import fk_now, load_now
from resolvers.pagination import Page, PaginationError, check_page_args
from schema.contacts.prefetch import prefetch
from schema.errors import bad_user_input
from schema.masters.classifications import classification_lists
from schema.relay import Connection, ModelNode

if TYPE_CHECKING:
    from schema.interactions.types import InteractionLogEntry
    from schema.masters.questionnaires import ProfileQuestionnaire
    from schema.masters.salespeople import Salesperson
    from schema.masters.territories import Territory
    from schema.segments.types import SegmentLine

SalespersonRef = Annotated["Salesperson", strawberry.lazy("schema.masters.salespeople")]
TerritoryRef = Annotated["Territory", strawberry.lazy("schema.masters.territories")]
QuestionnaireRef = Annotated["ProfileQuestionnaire", strawberry.lazy("schema.masters.questionnaires")]
SegmentLineRef = Annotated["SegmentLine", strawberry.lazy("schema.segments.types")]
InteractionRef = Annotated["InteractionLogEntry", strawberry.lazy("schema.interactions.types")]


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


@strawberry.type
class ContactStatistics:
    """Over the contact's non-canceled interaction log entries; a company's count its persons' entries too (as
    BC's FlowFields by Contact Company No.)."""

    no_of_interactions: int
    cost_lcy: Decimal
    duration_min: int
    date_of_last_interaction: date | None = strawberry.field(description="Latest entry whose attempt did not fail.")
    last_date_attempted: date | None = strawberry.field(description="Latest entry initiated by us.")


@strawberry.type
class ContactProfileAnswer:
    questionnaire: QuestionnaireRef
    question_line_no: int
    answer_line_no: int
    answer: str

    @classmethod
    def from_row(cls, row: ProfileAnswerRow) -> ContactProfileAnswer:
        return cls(questionnaire=row.questionnaire, question_line_no=row.question.line_no,  # type: ignore[arg-type]
                   answer_line_no=row.answer.line_no, answer=row.answer.description)


async def _answers(rows: Awaitable[list[ProfileAnswerRow]]) -> list[ContactProfileAnswer]:
    return [ContactProfileAnswer.from_row(row) for row in await rows]


@strawberry.type
class Contact(ModelNode):
    model: ClassVar = ContactModel
    id: relay.NodeID[int]
    no: str
    external_id: str | None = strawberry.field(
        description="A partner's own key for the contact (unique when set); contactImport in UPSERT mode matches on "
                    "it when a row has no number.")
    type: ContactType
    name: str
    company_name: str | None
    first_name: str | None
    middle_name: str | None
    surname: str | None
    job_title: str | None
    email: str | None
    phone_no: str | None
    mobile_phone_no: str | None
    address: str | None
    address2: str | None
    city: str | None
    post_code: str | None
    county: str | None
    country_code: str | None
    language_code: str | None
    correspondence_type: CorrespondenceType
    exclude_from_segment: bool
    privacy_blocked: bool
    created_at: datetime
    updated_at: datetime
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
    async def persons(self, info: strawberry.Info, first: int | None = None,
                      after: str | None = None) -> Connection[Contact]:
        if self.type != ContactType.COMPANY:
            check_first(first)
            return Connection.from_page(EMPTY_PAGE)
        page = await nested_page(info, cl.PERSONS, self.id, first, after)
        await prefetch(info, page.items)
        return Connection.from_page(page)

    @strawberry.field
    def salesperson(self, info: strawberry.Info) -> SalespersonRef | None:
        return fk_now(info.context.loaders, mm.Salesperson, self.salesperson_id)  # type: ignore[no-any-return]

    @strawberry.field
    def territory(self, info: strawberry.Info) -> TerritoryRef | None:
        return fk_now(info.context.loaders, mm.Territory, self.territory_id)  # type: ignore[no-any-return]

    # One list per classification, in their declaration order (models/classifications.py).
    classification_lists(vars())

    @strawberry.field
    def profile_answers(self, info: strawberry.Info) -> list[ContactProfileAnswer]:
        rows = load_now(cl.profile_answers(info.context.loaders), self.id)
        if isinstance(rows, list):
            return [ContactProfileAnswer.from_row(row) for row in rows]
        return _answers(rows)  # type: ignore[return-value]

    @strawberry.field
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
    async def interactions(self, info: strawberry.Info, first: int | None = None, after: str | None = None,
                           include_canceled: bool | None = False) -> Connection[InteractionRef]:
        nested = cl.COMPANY_INTERACTIONS if self.type == ContactType.COMPANY else cl.INTERACTIONS
        page = await nested_page(info, nested, self.id, first, after, bool(include_canceled))
        return Connection.from_page(page)

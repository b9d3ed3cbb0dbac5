"""Master data: salespeople, territories, the code + description classifications (business relations, industry
groups, mailing groups, job responsibilities, interaction groups) and profile questionnaires."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from tortoise.models import Model

from segmentum.models.line_references import guard_line_references
from segmentum.models.masters import ProfileQuestionnaire, Salesperson, Territory
from segmentum.models.rules import masters as master_rules
from segmentum.models.rules import questionnaires as questionnaire_rules
from segmentum.models.rules import ratings as rating_rules
from segmentum.models.rules import territories as territory_rules
from segmentum.resolvers.commands import CodeDescriptionFields, RatingFields, SalespersonFields, TerritoryFields
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import Page
from segmentum.resolvers.records import by_key, locked, page_by

M = TypeVar("M", bound=Model)


async def page_by_code(model: type[M], first: int | None, after: str | None, last: int | None,
                       before: str | None) -> Page[M]:
    return await page_by(model, "code", first, after, last, before)


def by_code(loaders: Loaders, model: type[M], code: str) -> Awaitable[M | None]:
    return by_key(loaders, model, code)


def territory_by_code(loaders: Loaders, code: str) -> Awaitable[Territory | None]:
    # Upper-cased only, not trimmed: territories have always been looked up so.
    return loaders.by_key(Territory, "code").load(code.upper())


# ------------------------------------------------------------------------------------ code + description


async def create_code_description(model: type[M], new: CodeDescriptionFields) -> M:
    return await master_rules.create_code_description(model, new.given())


async def update_code_description(model: type[M], global_id: Any, changes: CodeDescriptionFields) -> M:
    return await master_rules.update_code_description(await locked(model, global_id), changes.given())


async def delete_code_description(model: type[Model], global_id: Any) -> Any:
    await master_rules.delete_code_description(await locked(model, global_id))
    return global_id


# ------------------------------------------------------------------------------------ salespeople


async def create_salesperson(new: SalespersonFields) -> Salesperson:
    return await master_rules.create_salesperson(new.given())


async def update_salesperson(global_id: Any, changes: SalespersonFields) -> Salesperson:
    return await master_rules.update_salesperson(await locked(Salesperson, global_id), changes.given())


async def delete_salesperson(global_id: Any) -> Any:
    await guard_line_references()  # before the record's row lock (models.line_references)
    await master_rules.delete_salesperson(await locked(Salesperson, global_id))
    return global_id


# ------------------------------------------------------------------------------------ territories


async def create_territory(new: TerritoryFields) -> Territory:
    return await territory_rules.create_territory(new.given())


async def update_territory(global_id: Any, changes: TerritoryFields) -> Territory:
    return await territory_rules.update_territory(await locked(Territory, global_id), changes.given())


async def delete_territory(global_id: Any) -> Any:
    await territory_rules.delete_territory(await locked(Territory, global_id))
    return global_id


# ------------------------------------------------------------------------------------ questionnaires


async def create_questionnaire(data: dict[str, Any]) -> ProfileQuestionnaire:
    return await questionnaire_rules.create_questionnaire(data)


async def update_questionnaire(global_id: Any, changes: dict[str, Any]) -> ProfileQuestionnaire:
    return await questionnaire_rules.update_questionnaire(await locked(ProfileQuestionnaire, global_id), changes)


async def delete_questionnaire(global_id: Any) -> Any:
    await questionnaire_rules.delete_questionnaire(await locked(ProfileQuestionnaire, global_id))
    return global_id


async def set_rating(rating: RatingFields) -> int:
    """The points of an answer towards a rating question; the number of contacts rated."""
    _, rated = await rating_rules.set_rating(rating.given())
    return rated


async def delete_rating(rating: RatingFields) -> int:
    return await rating_rules.delete_rating(rating.given())

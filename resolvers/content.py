"""Content per language: the records of templates and segments, read through per-request loaders, and their
mutations (each on the locked owner)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable
from typing import Any

from segmentum.models.content import InteractionLanguage
from segmentum.models.interactions import InteractionTemplate
from segmentum.models.rules import content as rules
from segmentum.models.rules.common import get_for_update
from segmentum.resolvers.ids import decode_id
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.segments import locked_segment


def languages(loaders: Loaders, owner: str, owner_id: int) -> Awaitable[list[InteractionLanguage]]:
    """The language records of a template (`owner` = "template_id") or segment ("segment_id")."""

    async def batch(ids: list[int]) -> dict[int, list[InteractionLanguage]]:
        grouped: dict[int, list[InteractionLanguage]] = defaultdict(list)
        for record in await InteractionLanguage.filter(**{f"{owner}__in": ids}).order_by("language_code"):
            grouped[getattr(record, owner)].append(record)
        return grouped

    return loaders.many(f"languages.{owner}", batch).load(owner_id)


async def _template(template_id: Any) -> InteractionTemplate:
    return await get_for_update(InteractionTemplate, decode_id(template_id, "InteractionTemplate", "templateId"),
                                "templateId")


async def set_template_language(template_id: Any, data: dict[str, Any]) -> InteractionLanguage:
    template = await _template(template_id)
    return await rules.set_template_language(template, data)


async def delete_template_language(template_id: Any, code: Any) -> str:
    await rules.delete_template_language(await _template(template_id), code)
    return str(code).strip().upper()


async def set_segment_language(segment_id: Any, data: dict[str, Any]) -> InteractionLanguage:
    return await rules.set_segment_language(await locked_segment(segment_id), data)


async def delete_segment_language(segment_id: Any, code: Any) -> str:
    await rules.delete_segment_language(await locked_segment(segment_id), code)
    return str(code).strip().upper()

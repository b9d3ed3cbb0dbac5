"""Batched loads for master data: contact counts per classification, questionnaire lines."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from segmentum.models.classifications import Classification
from segmentum.models.masters import ProfileQuestionnaireLine, ProfileRating
from segmentum.models.sql import Params, fetch_all
from segmentum.resolvers.loaders import Loaders


def contact_counts(loaders: Loaders, classification: Classification) -> DataLoader[int, int]:
    """Contacts assigned each record of the classification (companies for company-level ones)."""
    table, column = classification.link_table, classification.link_fk

    async def batch(ids: list[int]) -> list[int]:
        p = Params()
        rows = await fetch_all(
            f"SELECT {column} AS k, COUNT(DISTINCT contact_id) AS n FROM {table}"
            f" WHERE {column} IN {p.add_list(ids)} GROUP BY {column}",
            p,
        )
        found = {row["k"]: int(row["n"]) for row in rows}
        return [found.get(i, 0) for i in ids]

    return loaders.get(("contact_counts", classification.key), batch)


def questionnaire_lines(loaders: Loaders) -> DataLoader[int, list[ProfileQuestionnaireLine]]:
    """All lines of each questionnaire, in line order."""

    async def batch(ids: list[int]) -> dict[int, list[ProfileQuestionnaireLine]]:
        grouped: dict[int, list[ProfileQuestionnaireLine]] = {}
        for line in await ProfileQuestionnaireLine.filter(questionnaire_id__in=ids).order_by("questionnaire_id",
                                                                                             "line_no"):
            grouped.setdefault(line.questionnaire_id, []).append(line)
        return grouped

    return loaders.many("questionnaire_lines", batch)


def question_ratings(loaders: Loaders) -> DataLoader[int, list[ProfileRating]]:
    """The rating table of each rating question (its answers' questionnaires read along), in answer order."""

    async def batch(ids: list[int]) -> dict[int, list[ProfileRating]]:
        grouped: dict[int, list[ProfileRating]] = {}
        rows = await ProfileRating.filter(question_id__in=ids).select_related("answer__questionnaire")
        for row in sorted(rows, key=lambda r: (r.answer.questionnaire.code, r.answer.line_no)):
            grouped.setdefault(row.question_id, []).append(row)
        return grouped

    return loaders.many("question_ratings", batch)

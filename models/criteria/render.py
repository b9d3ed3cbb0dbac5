"""Human-readable filter texts per source, as BC shows them on the Segment Criteria page.

Each text is "Caption: filter; Caption: filter" with the filter written in BC's expression syntax
(several operators on one field joined by '&'), e.g. (CONTACT, "City: GENT|BRUGGE; Type: PERSON").
Profile answers show their question and answer texts, looked up in the database: pass the captions
from `load_captions` (or use `render_filters_loaded`); without them the line numbers are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from models.criteria.registry import SOURCES
from models.criteria.sources import Captions
from models.enums import CriteriaSource
from models.sql import Params, fetch_all

SEPARATOR = "; "


def render_filters(
    criteria: dict[str, Any] | None, captions: Captions | None = None
) -> list[tuple[CriteriaSource, str]]:
    """(source, text) for every source that has a filter, in CriteriaSource order."""
    criteria = criteria or {}
    out: list[tuple[CriteriaSource, str]] = []
    for source in SOURCES:
        flt = criteria.get(source.key)
        parts = source.texts(flt, captions or {}) if flt else []
        if parts:
            out.append((source.source, SEPARATOR.join(parts)))
    return out


def caption_keys(criteria: dict[str, Any] | None) -> list[tuple[str, int]]:
    """What `render_filters` needs looked up for these criteria."""
    criteria = criteria or {}
    keys: list[tuple[str, int]] = []
    for source in SOURCES:
        flt = criteria.get(source.key)
        if flt:
            keys += source.caption_keys(flt)
    return keys


async def load_captions(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(question text, answer text) of each (questionnaire code, answer line no.) that exists.

    One statement reads the answer lines of the questionnaires named (a questionnaire is small; the line
    numbers asked for may be many).
    """
    wanted = set(keys)
    if not wanted:
        return {}
    p = Params()
    codes = sorted({code for code, _ in wanted})
    rows = await fetch_all(
        "SELECT q.code, a.line_no, a.description AS answer, COALESCE(qq.description, '') AS question"
        " FROM profile_questionnaire_line a JOIN profile_questionnaire q ON q.id = a.questionnaire_id"
        " LEFT JOIN profile_questionnaire_line qq ON qq.id = a.question_id"
        f" WHERE q.code IN {p.add_list(codes)} AND a.question_id IS NOT NULL",
        p,
    )
    found = {(str(r["code"]), int(r["line_no"])): (str(r["question"]), str(r["answer"])) for r in rows}
    return {key: found[key] for key in wanted if key in found}


async def render_filters_loaded(criteria: dict[str, Any] | None) -> list[tuple[CriteriaSource, str]]:
    """`render_filters` with the captions it needs looked up."""
    return render_filters(criteria, await load_captions(caption_keys(criteria)))

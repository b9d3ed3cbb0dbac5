"""The captions filter texts show for profile answers (`Criteria.texts`): the question and answer texts of each
(questionnaire code, answer line no.), looked up in the database."""

from __future__ import annotations

from collections.abc import Iterable

from segmentum.models.sql import Params, fetch_all


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


"""Master data for the benchmark base, inserted with explicit ids so that the set-based contact
statements can pick them by id (weighted "slot" arrays: an id repeated as often as its weight)."""

from __future__ import annotations

from typing import Any

import asyncpg

from segmentum.models.demo import data as D

# Extra vocabulary of the bench base (the demo seed's lists are reused for the rest).
COMPANY_SUFFIXES = ["NV", "BV", "BVBA", "SA", "SRL", "& Zonen", "& Co", "Group", "Solutions", "Logistics",
                    "Consult", "Systems", "Trading", "Interieur", "Foods", "Bouw", "Techniek", "Services"]
INDUSTRY_WEIGHTS = [14, 10, 12, 14, 10, 8, 9, 9, 8]  # aligned with D.INDUSTRY_GROUPS
JOB_WEIGHTS = [14, 16, 10, 8, 10, 8, 6, 8, 8]  # aligned with D.JOB_RESPONSIBILITIES
TEMPLATE_EVALUATED = {"MEETING", "DEMO", "CALLIN", "CALLOUT"}


def slots(weights: list[int]) -> list[int]:
    """1-based ids, each repeated `weight` times: a uniform pick in the list is a weighted pick of an id."""
    return [i + 1 for i, w in enumerate(weights) for _ in range(w)]


async def insert_masters(conn: asyncpg.Connection) -> dict[str, Any]:
    """Insert every master table; return the pick lists the contact statements need."""
    await conn.executemany(
        "INSERT INTO salesperson (id, code, name, email, blocked, privacy_blocked) VALUES ($1, $2, $3, $4, $5, false)",
        [(i + 1, c, n, f"{c.lower()}@{D.SALES_DOMAIN}", b) for i, (c, n, b) in enumerate(D.SALESPEOPLE)],
    )
    sales_ids = {c: i + 1 for i, (c, _n, _b) in enumerate(D.SALESPEOPLE)}
    await conn.executemany(
        "INSERT INTO territory (id, code, name) VALUES ($1, $2, $3)",
        [(i + 1, c, n) for i, (c, n) in enumerate(D.TERRITORIES)],
    )
    territory_ids = {c: i + 1 for i, (c, _n) in enumerate(D.TERRITORIES)}
    for table, rows in (
        ("business_relation", [(c, d) for c, d, _w in D.BUSINESS_RELATIONS]),
        ("industry_group", D.INDUSTRY_GROUPS),
        ("mailing_group", [(c, d) for c, d, _w in D.MAILING_GROUPS]),
        ("job_responsibility", [(c, d) for c, d, _t in D.JOB_RESPONSIBILITIES]),
        ("interaction_group", D.INTERACTION_GROUPS),
    ):
        await conn.executemany(
            f"INSERT INTO {table} (id, code, description) VALUES ($1, $2, $3)",
            [(i + 1, c, d) for i, (c, d) in enumerate(rows)],
        )
    await conn.executemany(
        "INSERT INTO campaign (id, no, description, starting_date, ending_date, salesperson_id) "
        "VALUES ($1, $2, $3, current_date - $4::int, current_date - $4::int + $5::int, $6)",
        [(n, f"CP{n:04d}", d, ago, days, sales_ids[sp]) for n, d, ago, days, sp in D.CAMPAIGNS],
    )
    group_ids = {c: i + 1 for i, (c, _d) in enumerate(D.INTERACTION_GROUPS)}
    await conn.executemany(
        "INSERT INTO interaction_template (id, code, description, group_id, unit_cost_lcy, unit_duration_min, "
        "information_flow, initiated_by, correspondence_type_default, campaign_id, campaign_target, "
        "campaign_response, ignore_contact_corres_type, language_code_default) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, false, NULL)",
        [
            (i + 1, c, d, group_ids[g], cost, mins, flow, by, corr, camp, tgt, resp)
            for i, (c, d, g, cost, mins, flow, by, corr, camp, tgt, resp, _w, _f) in enumerate(D.TEMPLATES)
        ],
    )
    questions = await _questionnaires(conn)
    await conn.execute(
        "CREATE TEMP TABLE bench_city (idx INTEGER PRIMARY KEY, city TEXT, post_code TEXT, country TEXT, "
        "territory_id INTEGER, language TEXT, phone TEXT, sales INTEGER[])"
    )
    await conn.executemany(
        "INSERT INTO bench_city VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [
            (i + 1, city, pc, country, territory_ids[t], lang, phone, [sales_ids[s] for s in D.TERRITORY_SALES[t]])
            for i, (city, pc, country, t, lang, phone, _w) in enumerate(D.CITIES)
        ],
    )
    await conn.execute(
        "CREATE TEMP TABLE bench_question (id INTEGER PRIMARY KEY, questionnaire_id INTEGER, contact_type TEXT, "
        "multiple BOOLEAN, answers INTEGER[])"
    )
    await conn.executemany("INSERT INTO bench_question VALUES ($1, $2, $3, $4, $5)", questions)
    await conn.execute(
        "INSERT INTO number_series (code, prefix, width, last_no) VALUES "
        f"('CONTACT', 'CT', 6, 0), ('SEGMENT', 'SEG', 5, 0), ('CAMPAIGN', 'CP', 4, {len(D.CAMPAIGNS)})"
    )
    return {
        "city_slots": slots([c[6] for c in D.CITIES]),
        "industry_slots": slots(INDUSTRY_WEIGHTS),
        "relation_slots": slots([w for _c, _d, w in D.BUSINESS_RELATIONS]),
        "mailing_slots": slots([w for _c, _d, w in D.MAILING_GROUPS]),
        "job_slots": slots(JOB_WEIGHTS),
        "job_titles": [titles[0] for _c, _d, titles in D.JOB_RESPONSIBILITIES],
        "template_slots": slots([t[11] for t in D.TEMPLATES]),
        "evaluated_templates": [i + 1 for i, t in enumerate(D.TEMPLATES) if t[0] in TEMPLATE_EVALUATED],
    }


async def _questionnaires(conn: asyncpg.Connection) -> list[tuple[int, int, str, bool, list[int]]]:
    """Questionnaires with their question and answer lines; returns (question id, questionnaire id,
    contact type, multiple answers, answer ids) per question."""
    questions = []
    line_id = 0
    for q_id, (code, desc, ctype, qs) in enumerate(D.QUESTIONNAIRES, start=1):
        await conn.execute(
            "INSERT INTO profile_questionnaire (id, code, description, contact_type) VALUES ($1, $2, $3, $4)",
            q_id, code, desc, ctype,
        )
        line_no = 0
        for text, multiple, answers in qs:
            line_id += 1
            line_no += 10000
            question_id = line_id
            await conn.execute(
                "INSERT INTO profile_questionnaire_line (id, questionnaire_id, line_no, type, description, "
                "multiple_answers, question_id) VALUES ($1, $2, $3, 'QUESTION', $4, $5, NULL)",
                question_id, q_id, line_no, text, multiple,
            )
            answer_ids = []
            for answer in answers:
                line_id += 1
                line_no += 10000
                answer_ids.append(line_id)
                await conn.execute(
                    "INSERT INTO profile_questionnaire_line (id, questionnaire_id, line_no, type, description, "
                    "multiple_answers, question_id) VALUES ($1, $2, $3, 'ANSWER', $4, false, $5)",
                    line_id, q_id, line_no, answer, question_id,
                )
            questions.append((question_id, q_id, ctype, multiple, answer_ids))
    return questions

"""The set-based statements that fill the contact base: a handful of INSERT ... SELECT over generate_series.

Layout of contact ids: every id ending in 1 is a company (its own company), every id ending in 0 an
independent person, the rest persons of a company chosen with a skew (a few large companies, many small).
`random()` is seeded once per session, so a given size always gives the same base.
"""

from __future__ import annotations

from typing import Any

from bench.masters import COMPANY_SUFFIXES
from segmentum.models.demo import data as D

NO = "'CT' || CASE WHEN s.g < 1000000 THEN lpad(s.g::text, 6, '0') ELSE s.g::text END"


def pick(array: str, n: int) -> str:
    """A uniform pick in a 1-based SQL array parameter of known length."""
    return f"({array})[1 + floor(random() * {n})::int]"


def contact_statements(n: int, v: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    companies = (n - 1) // 10 + 1
    cities = len(v["city_slots"])
    job_pick = f"($5::int[])[(1 + abs(hashint4(s.g)::bigint) % {len(v['job_slots'])})::int]"
    company_sql = f"""
INSERT INTO contact (id, no, type, name, company_id, company_name, address, city, post_code, country_code,
  language_code, phone_no, email, salesperson_id, territory_id, correspondence_type, exclude_from_segment,
  privacy_blocked, created_at, updated_at)
SELECT s.g, {NO}, 'COMPANY', s.nm, s.g, s.nm, s.street || ' ' || s.house, c.city, c.post_code, c.country,
  c.language, c.phone || ' ' || (100000 + s.g % 900000)::text, 'info@company' || s.g || '.example.com',
  CASE WHEN s.r1 < 0.9 THEN c.sales[1 + floor(s.r2 * cardinality(c.sales))::int] END, c.territory_id,
  CASE WHEN s.r3 < 0.7 THEN 'EMAIL' WHEN s.r3 < 0.85 THEN 'HARD_COPY' ELSE 'NONE' END,
  s.r4 < 0.03, s.r5 < 0.01, s.created, s.created
FROM (
  SELECT g, CASE WHEN random() < 0.6 THEN {pick('$1::text[]', len(D.SURNAMES))}
                 ELSE {pick('$2::text[]', len(D.BRAND_WORDS))} END
            || ' ' || {pick('$3::text[]', len(COMPANY_SUFFIXES))} AS nm,
         {pick('$4::text[]', len(D.STREETS_NL))} AS street, (1 + floor(random() * 200))::int::text AS house,
         {pick('$5::int[]', cities)} AS ci, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
         random() AS r5, now() - random() * interval '3000 days' AS created
  FROM generate_series(1, {n}, 10) g
) s JOIN bench_city c ON c.idx = s.ci"""
    company_args = [D.SURNAMES, D.BRAND_WORDS, COMPANY_SUFFIXES, D.STREETS_NL, v["city_slots"]]
    # Persons of a company mostly share its address and salesperson; independents live anywhere.
    person_sql = f"""
INSERT INTO contact (id, no, type, name, company_id, company_name, first_name, surname, job_title, email,
  phone_no, mobile_phone_no, address, city, post_code, country_code, language_code, salesperson_id,
  territory_id, correspondence_type, exclude_from_segment, privacy_blocked, created_at, updated_at)
SELECT s.g, {NO}, 'PERSON', s.fn || ' ' || s.sn, co.id, co.company_name, s.fn, s.sn,
  CASE WHEN co.id IS NOT NULL THEN ($6::text[])[{job_pick}] END,
  lower(s.fn) || '.' || lower(replace(s.sn, ' ', '')) || s.g || CASE WHEN co.id IS NULL THEN '@mail.example.com'
    ELSE '@company' || co.id || '.example.com' END,
  CASE WHEN co.id IS NOT NULL THEN co.phone_no ELSE c.phone || ' ' || (100000 + s.g % 900000)::text END,
  '+32 47' || (1000000 + s.g % 9000000)::text,
  CASE WHEN s.home THEN s.street || ' ' || s.house ELSE co.address END,
  CASE WHEN s.home THEN c.city ELSE co.city END, CASE WHEN s.home THEN c.post_code ELSE co.post_code END,
  CASE WHEN s.home THEN c.country ELSE co.country_code END, CASE WHEN s.home THEN c.language ELSE co.language_code END,
  CASE WHEN co.id IS NOT NULL THEN co.salesperson_id WHEN s.r1 < 0.7
       THEN c.sales[1 + floor(s.r2 * cardinality(c.sales))::int] END,
  CASE WHEN s.home THEN c.territory_id ELSE co.territory_id END,
  CASE WHEN s.r3 < 0.7 THEN 'EMAIL' WHEN s.r3 < 0.85 THEN 'HARD_COPY' ELSE 'NONE' END,
  s.r4 < 0.03, s.r5 < 0.01, s.created, s.created
FROM (
  SELECT g, cid, cid IS NULL OR random() < 0.1 AS home, {pick('$1::text[]', len(D.FIRST_NAMES))} AS fn,
         {pick('$2::text[]', len(D.SURNAMES))} AS sn, {pick('$3::text[]', len(D.STREETS_NL))} AS street,
         (1 + floor(random() * 200))::int::text AS house, {pick('$4::int[]', cities)} AS ci,
         random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
         now() - random() * interval '3000 days' AS created
  FROM (SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 10 * floor(power(random(), 1.4) * {companies})::int + 1 END AS cid
        FROM generate_series(1, {n}) g WHERE g % 10 <> 1) x
) s JOIN bench_city c ON c.idx = s.ci LEFT JOIN contact co ON co.id = s.cid"""
    person_args = [D.FIRST_NAMES, D.SURNAMES, D.STREETS_NL, v["city_slots"], v["job_slots"], v["job_titles"]]
    return [("companies", company_sql, company_args), ("persons", person_sql, person_args)]


def _pairs(table: str, fk: str, source: str, slots: list[int], first: str, second: float) -> str:
    """One link per contact of `source` (alias x, column id) with a weighted master when `first` holds,
    and a second, different master with probability `second`."""
    k = max(slots)
    return f"""
INSERT INTO {table} (contact_id, {fk})
SELECT s.id, v.mid FROM (
  SELECT x.id, {first} AS a, CASE WHEN random() < {second} THEN 1 + floor(random() * {k - 1})::int END AS off
  FROM ({source}) x
) s CROSS JOIN LATERAL (VALUES (s.a), (CASE WHEN s.a IS NOT NULL THEN 1 + (s.a - 1 + s.off) % {k} END)) v(mid)
WHERE v.mid IS NOT NULL"""


def link_statements(n: int, v: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    companies = "SELECT id FROM contact WHERE type = 'COMPANY'"
    weighted = "($1::int[])[1 + floor(random() * $2::int)::int]"
    job_first = "($1::int[])[(1 + abs(hashint4(x.id)::bigint) % $2::int)::int]"  # the same pick as the job title
    return [
        ("industry groups", _pairs("contact_industry_group", "industry_group_id", companies,
                                   v["industry_slots"], weighted, 0.25),
         [v["industry_slots"], len(v["industry_slots"])]),
        ("business relations", _pairs("contact_business_relation", "business_relation_id", companies,
                                      v["relation_slots"], weighted, 0.15),
         [v["relation_slots"], len(v["relation_slots"])]),
        ("mailing groups", _pairs("contact_mailing_group", "mailing_group_id", "SELECT id FROM contact",
                                  v["mailing_slots"], f"CASE WHEN random() < 0.55 THEN {weighted} END", 0.3),
         [v["mailing_slots"], len(v["mailing_slots"])]),
        ("job responsibilities", _pairs("contact_job_responsibility", "job_responsibility_id",
                                        "SELECT id FROM contact WHERE type = 'PERSON' AND company_id IS NOT NULL",
                                        v["job_slots"], job_first, 0.2), [v["job_slots"], len(v["job_slots"])]),
        ("profile answers", PROFILE_SQL, []),
        ("interactions", INTERACTION_SQL.format(n=n, m=n // 2, t=len(v["template_slots"])),
         [v["template_slots"], v["evaluated_templates"]]),
    ]


PROFILE_SQL = """
INSERT INTO contact_profile_answer (contact_id, questionnaire_id, question_id, answer_id)
SELECT s.id, s.questionnaire_id, s.qid, v.aid FROM (
  SELECT c.id, q.questionnaire_id, q.id AS qid, q.answers, 1 + floor(random() * cardinality(q.answers))::int AS a,
         CASE WHEN q.multiple AND random() < 0.4 THEN 1 + floor(random() * (cardinality(q.answers) - 1))::int END AS off
  FROM contact c JOIN bench_question q ON q.contact_type = c.type
  WHERE random() < CASE WHEN c.type = 'COMPANY' THEN 0.6 ELSE 0.25 END
) s CROSS JOIN LATERAL (VALUES (s.answers[s.a]), (s.answers[1 + (s.a - 1 + s.off) % cardinality(s.answers)])) v(aid)
WHERE v.aid IS NOT NULL"""

# About one entry per two contacts over the last two years, from the template's defaults.
INTERACTION_SQL = """
INSERT INTO interaction_log_entry (contact_id, contact_company_id, date, description, template_id, group_id,
  information_flow, initiated_by, cost_lcy, duration_min, salesperson_id, campaign_id, campaign_target,
  campaign_response, correspondence_type, language_code, evaluation, attempt_failed, canceled, delivery_status,
  created_at)
SELECT c.id, c.company_id, s.d, t.description, t.id, t.group_id, t.information_flow, t.initiated_by,
  t.unit_cost_lcy, t.unit_duration_min, COALESCE(c.salesperson_id, 1 + s.g % 7), t.campaign_id, t.campaign_target,
  t.campaign_response, t.correspondence_type_default, c.language_code,
  CASE WHEN t.id = ANY($2::int[]) THEN (ARRAY['VERY_POSITIVE', 'POSITIVE', 'POSITIVE', 'NEUTRAL', 'NEUTRAL',
       'NEUTRAL', 'NEGATIVE', 'NEGATIVE', 'VERY_NEGATIVE', 'NONE'])[1 + floor(s.r3 * 10)::int] ELSE 'NONE' END,
  s.r1 < 0.03, s.r2 < 0.02, 'NONE', s.d + time '09:00' + s.r3 * interval '9 hours'
FROM (
  SELECT g, 1 + floor(random() * {n})::int AS cid, ($1::int[])[1 + floor(random() * {t})::int] AS tid,
         current_date - floor(power(random(), 1.3) * 730)::int AS d, random() AS r1, random() AS r2, random() AS r3
  FROM generate_series(1, {m}) g
) s JOIN contact c ON c.id = s.cid JOIN interaction_template t ON t.id = s.tid"""

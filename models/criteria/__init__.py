"""The criteria engine: one language (ContactCriteria) for contact lists and segment actions.

Criteria arrive in a plain form, read once into a typed value (`Criteria.parse`, models.criteria.value) that
answers the rest; its stored form (what segment actions record as JSON) is the same plain form. Keys are the Python
(snake_case) names of the GraphQL input fields; omitted and null fields are left out; enum values are
their names as strings; dates are ISO strings (date objects are accepted too):

    {
      "contact": {                          # ContactFieldsFilter: fields of the contact itself
        "no": S, "name": S, "company_no": S, "city": S, "post_code": S, "country_code": S,
        "county": S, "territory_code": S, "salesperson_code": S, "language_code": S,
        "job_title": S, "email": S,
        "type": "COMPANY" | "PERSON",
        "correspondence_type": ["NONE" | "HARD_COPY" | "EMAIL", ...],
        "exclude_from_segment": bool, "privacy_blocked": bool,
        "created_at": D
      },
      "profile_answer": {"questionnaire_code": "CUSTOMER", "answer_line_nos": [10000, ...]},
      "mailing_group": {"code": S},
      "interaction": {                      # all on the same interaction log entry
        "date": D, "template_code": S, "group_code": S, "campaign_no": S, "segment_no": S,
        "salesperson_code": S, "evaluation": ["POSITIVE", ...],
        "information_flow": "NONE" | "OUTBOUND" | "INBOUND", "initiated_by": "NONE" | "US" | "THEM",
        "campaign_target": bool, "campaign_response": bool, "attempt_failed": bool, "canceled": bool
      },
      "job_responsibility": {"code": S},
      "industry_group": {"code": S},        # on the contact's company
      "business_relation": {"code": S},     # on the contact's company
      "segment": {"segment_no": S}          # has a line in an open segment
    }

    S (StringFilter): {"eq": str, "ne": str, "in": [str], "not_in": [str], "starts_with": str,
                       "contains": str, "is_blank": bool, "expr": "BC filter expression"}
    D (DateFilter):   {"eq": "YYYY-MM-DD", "from": ..., "to": ..., "within_last_days": int,
                       "older_than_days": int, "is_blank": bool}

All operators given in one filter must hold (AND). Values of Code fields (Kind.CODE in the registry; the kinds
are classes, in models.criteria.kinds: every number and code, post code, country code, language code) are
upper-cased, as they are stored.
An empty `in` / `correspondence_type` / `evaluation` / `answer_line_nos` list matches nothing. A source
given as an empty object, and a blank `expr`, add no condition. The sources, their fields and kinds are
declared once, in `models.criteria.registry`; the limits on input in `models.criteria.limits`.
"""

from segmentum.models.criteria.expr import CriteriaError, parse
from segmentum.models.criteria.query import count_matching_contacts, matching_contact_ids
from segmentum.models.criteria.registry import SOURCE_KEYS, SOURCES
from segmentum.models.criteria.render import load_captions
from segmentum.models.criteria.value import Criteria

__all__ = [
    "SOURCES",
    "SOURCE_KEYS",
    "Criteria",
    "CriteriaError",
    "count_matching_contacts",
    "load_captions",
    "matching_contact_ids",
    "parse",
]

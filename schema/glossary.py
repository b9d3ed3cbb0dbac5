"""Descriptions of the code-and-description inputs and criteria-input elements, applied by schema/describe.py.

Every other element of the schema is described where it is defined (terms shared by several in schema/terms.py;
the classifications' from their declarations, models/classifications.py). The code-and-description inputs of
schema/inputs.py and the criteria inputs (schema/criteria/inputs.py) are still to move theirs beside their
definitions; until then they are listed here,
keyed by `Type`, `Type.field` or `Type.field(argument)`, and a test fails on any element left undescribed.
"""

from __future__ import annotations

import re

from segmentum.schema import terms

# Meanings shared by several of these elements (the operators of StringFilter, DecimalFilter, ...).
_WORDS = {
    "eq": "Equal to this value.",
    "ne": "Not equal to this value.",
    "in": "Equal to one of these values.",
    "isBlank": "True: only blank (empty or null) values; false: only non-blank ones.",
    "lt": "Less than this value.",
    "lte": "Less than or equal to this value.",
    "gt": "Greater than this value.",
    "gte": "Greater than or equal to this value.",
}


def _condition(name: str, meaning: str) -> str:
    """A criteria filter field on a contact or entry field: short meanings ("City.") say it all."""
    if len(meaning.split()) <= 4:
        spaced = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
        return "Condition on the " + re.sub(r"\bno\b", "number", spaced) + "."
    return f"Condition on `{name}`: {meaning}"


DESCRIPTIONS: dict[str, str] = {
    # The classifications: schema/masters/classifications.py, schema/inputs.py
    "CodeDescriptionInput": "A new master record of the code-and-description kind (business relation, industry group, "
                            "mailing group, job responsibility, interaction group).",
    "CodeDescriptionInput.code": terms.CODE,
    "CodeDescriptionInput.description": terms.DESCRIPTION,
    "CodeDescriptionUpdateInput": "A new description for a master record of the code-and-description kind.",
    "CodeDescriptionUpdateInput.id": terms.ID_TO_CHANGE,
    "CodeDescriptionUpdateInput.description": terms.DESCRIPTION,
    # The criteria inputs: schema/criteria/inputs.py
    "ContactCriteria.contact": "Conditions on the contact's own fields.",
    "ContactCriteria.profileAnswer": "Contacts with one of these answers to a profile questionnaire.",
    "ContactCriteria.interaction": "Contacts with an interaction log entry matching the filter.",
    "ContactCriteria.segment": "Contacts on a line of a segment matching the filter.",
    "ContactFieldsFilter": "Conditions on the contact's own fields; all given conditions must hold.",
    "ContactFieldsFilter.no": "Condition on the contact's number (BC's No.).",
    "ContactFieldsFilter.type": "Only companies, or only persons.",
    "ContactFieldsFilter.name": _condition("name", terms.NAME),
    "ContactFieldsFilter.companyNo": _condition("companyNo",
                                                "The number of the company a contact belongs to (a company's own "
                                                "number for a company)."),
    "ContactFieldsFilter.city": _condition("city", terms.CITY),
    "ContactFieldsFilter.postCode": _condition("postCode", terms.POST_CODE),
    "ContactFieldsFilter.countryCode": _condition("countryCode", terms.COUNTRY_CODE),
    "ContactFieldsFilter.county": _condition("county", terms.COUNTY),
    "ContactFieldsFilter.territoryCode": "Condition on the code of the territory; a code that names no record is a "
                                         "warning UNKNOWN_CODE.",
    "ContactFieldsFilter.salespersonCode": "Condition on the code of the salesperson; a code that names no record is a "
                                           "warning UNKNOWN_CODE.",
    "ContactFieldsFilter.languageCode": _condition("languageCode", terms.LANGUAGE_CODE),
    "ContactFieldsFilter.jobTitle": _condition("jobTitle", terms.JOB_TITLE),
    "ContactFieldsFilter.email": _condition("email", terms.EMAIL),
    "ContactFieldsFilter.correspondenceType": _condition("correspondenceType", terms.CORRESPONDENCE_TYPE),
    "ContactFieldsFilter.excludeFromSegment": _condition("excludeFromSegment", terms.EXCLUDE_FROM_SEGMENT),
    "ContactFieldsFilter.privacyBlocked": _condition("privacyBlocked", terms.PRIVACY_BLOCKED),
    "ContactFieldsFilter.createdAt": "Condition on when the contact was created (its UTC date).",
    "StringFilter.eq": _WORDS["eq"],
    "StringFilter.ne": _WORDS["ne"],
    "StringFilter.in": _WORDS["in"],
    "StringFilter.notIn": "Equal to none of these values.",
    "StringFilter.startsWith": "Starts with this text.",
    "StringFilter.contains": "Contains this text.",
    "StringFilter.isBlank": _WORDS["isBlank"],
    "DateFilter.eq": _WORDS["eq"],
    "DateFilter.isBlank": _WORDS["isBlank"],
    "ProfileAnswerFilter.questionnaireCode": _condition("questionnaireCode", terms.QUESTIONNAIRE_CODE),
    "ProfileAnswerFilter.answerLineNos": _condition("answerLineNos",
                                                    "Line numbers of the answers; any of them matches (omitted: any "
                                                    "answer of the questionnaire)."),
    "CodeFilter": "A condition on a master's code (industry group, mailing group, ...), in BC's filter syntax or with "
                  "the operators.",
    "CodeFilter.code": "The condition on the code.",
    "InteractionFilter.date": _condition("date", terms.DATE),
    "InteractionFilter.templateCode": _condition("templateCode", terms.TEMPLATE_CODE),
    "InteractionFilter.groupCode": _condition("groupCode", terms.GROUP_CODE),
    "InteractionFilter.campaignNo": _condition("campaignNo", terms.CAMPAIGN_NO),
    "InteractionFilter.segmentNo": _condition("segmentNo", terms.SEGMENT_NO),
    "InteractionFilter.salespersonCode": "Condition on the code of the salesperson; a code that names no record is a "
                                         "warning UNKNOWN_CODE.",
    "InteractionFilter.evaluation": _condition("evaluation", terms.EVALUATION),
    "InteractionFilter.informationFlow": _condition("informationFlow", terms.INFORMATION_FLOW),
    "InteractionFilter.initiatedBy": _condition("initiatedBy", terms.INITIATED_BY),
    "InteractionFilter.campaignTarget": _condition("campaignTarget", terms.CAMPAIGN_TARGET),
    "InteractionFilter.campaignResponse": _condition("campaignResponse", terms.CAMPAIGN_RESPONSE),
    "InteractionFilter.attemptFailed": _condition("attemptFailed", terms.ATTEMPT_FAILED),
    "InteractionFilter.canceled": _condition("canceled", terms.CANCELED),
    "InteractionFilter.description": _condition("description", terms.DESCRIPTION),
    "InteractionFilter.subject": _condition("subject", terms.SUBJECT),
    "InteractionFilter.costLcy": _condition("costLcy", terms.COST_LCY),
    "InteractionFilter.durationMin": _condition("durationMin", terms.DURATION_MIN),
    "InteractionFilter.correspondenceType": _condition("correspondenceType", terms.CORRESPONDENCE_TYPE),
    "DecimalFilter.eq": _WORDS["eq"],
    "DecimalFilter.ne": _WORDS["ne"],
    "DecimalFilter.in": _WORDS["in"],
    "DecimalFilter.lt": _WORDS["lt"],
    "DecimalFilter.lte": _WORDS["lte"],
    "DecimalFilter.gt": _WORDS["gt"],
    "DecimalFilter.gte": _WORDS["gte"],
    "IntFilter.eq": _WORDS["eq"],
    "IntFilter.ne": _WORDS["ne"],
    "IntFilter.in": _WORDS["in"],
    "IntFilter.lt": _WORDS["lt"],
    "IntFilter.lte": _WORDS["lte"],
    "IntFilter.gt": _WORDS["gt"],
    "IntFilter.gte": _WORDS["gte"],
    "SegmentMembershipFilter.segmentNo": _condition("segmentNo", terms.SEGMENT_NO),
}

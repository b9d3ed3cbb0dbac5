"""Descriptions of the classification and criteria-input elements, applied by schema/describe.py.

Every other element of the schema is described where it is defined (terms shared by several in schema/terms.py).
The classifications (business relation, industry group, mailing group, job responsibility: schema/masters/
classifications.py, with the code-and-description inputs of schema/inputs.py) and the criteria inputs
(schema/criteria/inputs.py) are still to move theirs beside their definitions; until then they are listed here,
keyed by `Type`, `Type.field` or `Type.field(argument)`, and a test fails on any element left undescribed.
"""

from __future__ import annotations

import re

from schema import terms

# Meanings shared by several of these elements (the operators of StringFilter, DecimalFilter, ...).
_WORDS = {
    "noOfContacts": "Number of contacts that have it.",
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
    "Query.businessRelations": "Business relations, by code.",
    "Query.businessRelations(first)": terms.PAGE_FIRST,
    "Query.businessRelations(after)": terms.PAGE_AFTER,
    "Query.businessRelations(last)": terms.PAGE_LAST,
    "Query.businessRelations(before)": terms.PAGE_BEFORE,
    "Query.industryGroups": "Industry groups, by code.",
    "Query.industryGroups(first)": terms.PAGE_FIRST,
    "Query.industryGroups(after)": terms.PAGE_AFTER,
    "Query.industryGroups(last)": terms.PAGE_LAST,
    "Query.industryGroups(before)": terms.PAGE_BEFORE,
    "Query.mailingGroups": "Mailing groups, by code.",
    "Query.mailingGroups(first)": terms.PAGE_FIRST,
    "Query.mailingGroups(after)": terms.PAGE_AFTER,
    "Query.mailingGroups(last)": terms.PAGE_LAST,
    "Query.mailingGroups(before)": terms.PAGE_BEFORE,
    "Query.jobResponsibilities": "Job responsibilities, by code.",
    "Query.jobResponsibilities(first)": terms.PAGE_FIRST,
    "Query.jobResponsibilities(after)": terms.PAGE_AFTER,
    "Query.jobResponsibilities(last)": terms.PAGE_LAST,
    "Query.jobResponsibilities(before)": terms.PAGE_BEFORE,
    "Query.businessRelation": "The business relation with this code, or null.",
    "Query.businessRelation(code)": terms.CODE_ARGUMENT,
    "Query.industryGroup": "The industry group with this code, or null.",
    "Query.industryGroup(code)": terms.CODE_ARGUMENT,
    "Query.mailingGroup": "The mailing group with this code, or null.",
    "Query.mailingGroup(code)": terms.CODE_ARGUMENT,
    "Query.jobResponsibility": "The job responsibility with this code, or null.",
    "Query.jobResponsibility(code)": terms.CODE_ARGUMENT,
    "BusinessRelation": "A kind of relationship with a company (customer, vendor, bank, ...): BC's Business Relation.",
    "BusinessRelation.code": terms.CODE,
    "BusinessRelation.description": terms.DESCRIPTION,
    "BusinessRelation.noOfContacts": _WORDS["noOfContacts"],
    "IndustryGroup": "A sector a company works in (retail, wholesale, ...): BC's Industry Group.",
    "IndustryGroup.code": terms.CODE,
    "IndustryGroup.description": terms.DESCRIPTION,
    "IndustryGroup.noOfContacts": _WORDS["noOfContacts"],
    "MailingGroup": "A group of contacts that receive the same mailings (newsletter, Christmas card, ...).",
    "MailingGroup.code": terms.CODE,
    "MailingGroup.description": terms.DESCRIPTION,
    "MailingGroup.noOfContacts": _WORDS["noOfContacts"],
    "JobResponsibility": "A responsibility a person has in a company (purchasing, IT, management, ...).",
    "JobResponsibility.code": terms.CODE,
    "JobResponsibility.description": terms.DESCRIPTION,
    "JobResponsibility.noOfContacts": _WORDS["noOfContacts"],
    "Mutation.businessRelationCreate": terms.create_mutation("business relation"),
    "Mutation.businessRelationUpdate": terms.update_mutation("business relation"),
    "Mutation.businessRelationDelete": terms.delete_mutation("business relation"),
    "Mutation.industryGroupCreate": terms.create_mutation("industry group"),
    "Mutation.industryGroupUpdate": terms.update_mutation("industry group"),
    "Mutation.industryGroupDelete": terms.delete_mutation("industry group"),
    "Mutation.mailingGroupCreate": terms.create_mutation("mailing group"),
    "Mutation.mailingGroupUpdate": terms.update_mutation("mailing group"),
    "Mutation.mailingGroupDelete": terms.delete_mutation("mailing group"),
    "Mutation.jobResponsibilityCreate": terms.create_mutation("job responsibility"),
    "Mutation.jobResponsibilityUpdate": terms.update_mutation("job responsibility"),
    "Mutation.jobResponsibilityDelete": terms.delete_mutation("job responsibility"),
    "BusinessRelationPayload": terms.payload("business relation"),
    "BusinessRelationPayload.businessRelation": terms.payload_record("business relation"),
    "BusinessRelationPayload.userErrors": terms.USER_ERRORS,
    "CodeDescriptionInput": "A new master record of the code-and-description kind (business relation, industry group, "
                            "mailing group, job responsibility, interaction group).",
    "CodeDescriptionInput.code": terms.CODE,
    "CodeDescriptionInput.description": terms.DESCRIPTION,
    "CodeDescriptionUpdateInput": "A new description for a master record of the code-and-description kind.",
    "CodeDescriptionUpdateInput.id": terms.ID_TO_CHANGE,
    "CodeDescriptionUpdateInput.description": terms.DESCRIPTION,
    "IndustryGroupPayload": terms.payload("industry group"),
    "IndustryGroupPayload.industryGroup": terms.payload_record("industry group"),
    "IndustryGroupPayload.userErrors": terms.USER_ERRORS,
    "MailingGroupPayload": terms.payload("mailing group"),
    "MailingGroupPayload.mailingGroup": terms.payload_record("mailing group"),
    "MailingGroupPayload.userErrors": terms.USER_ERRORS,
    "JobResponsibilityPayload": terms.payload("job responsibility"),
    "JobResponsibilityPayload.jobResponsibility": terms.payload_record("job responsibility"),
    "JobResponsibilityPayload.userErrors": terms.USER_ERRORS,
    # The criteria inputs: schema/criteria/inputs.py
    "ContactCriteria.contact": "Conditions on the contact's own fields.",
    "ContactCriteria.profileAnswer": "Contacts with one of these answers to a profile questionnaire.",
    "ContactCriteria.mailingGroup": "Contacts in a mailing group matching the filter.",
    "ContactCriteria.interaction": "Contacts with an interaction log entry matching the filter.",
    "ContactCriteria.jobResponsibility": "Persons with a job responsibility matching the filter.",
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

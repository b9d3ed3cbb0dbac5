"""The words many descriptions share, each written once: Business Central's terms and the API's repeated shapes.

A GraphQL description sits with the type, field, argument or enum value it describes; when several elements mean
the same thing (`no`, `costLcy`, a contact's `city` on Contact, its inputs and its criteria), they name the term
here, so that the API reads the same everywhere. LCY is the local currency (amounts in the company's own currency);
a `no` is a record's number (BC's "No."), its business key, given by a number series when omitted.
"""

from __future__ import annotations

# The business key and the attributes of many records
NO = "Number (BC's No.): the record's business key, unique; from the number series when omitted on create."
CODE = (
    "Code: the record's business key, unique, at most 10 characters (20 for salespeople and questionnaires), stored "
    "upper-case."
)
DESCRIPTION = "Description shown in lists and on documents."
NAME = "Name."
BLOCKED = "Blocked: may no longer be used on new records."
CREATED_AT = "When the record was created (UTC)."

# A contact's fields (the contact, its create and update inputs, the criteria on it)
CONTACT_TYPE = "COMPANY or PERSON. A person may work for a company (companyName, company) or be independent."
FIRST_NAME = "A person's first name."
MIDDLE_NAME = "A person's middle name."
SURNAME = "A person's surname."
JOB_TITLE = "A person's job title."
ADDRESS = "Street and house number."
ADDRESS2 = "Second address line."
CITY = "City."
POST_CODE = "Post code."
COUNTY = "County or state."
COUNTRY_CODE = "Country/region code (ISO 3166, e.g. BE)."
PHONE_NO = "Phone number."
MOBILE_PHONE_NO = "Mobile phone number."
EMAIL = "Email address."
LANGUAGE_CODE = "Language of correspondence with the contact (e.g. ENU, NLB)."
CORRESPONDENCE_TYPE = (
    "How the contact receives correspondence: hard copy or email (BC's Correspondence Type); NONE uses the template's "
    "default."
)
EXCLUDE_FROM_SEGMENT = "Exclude from Segment: criteria actions skip the contact (unless ignoreExclusion)."
PRIVACY_BLOCKED = "Privacy Blocked: the contact (or salesperson) may not be contacted or added to segments."
SALESPERSON = "The salesperson responsible."
CONTACT = "The contact."
CONTACT_ID = "Global ID of the contact."
CONTACT_COMPANY = (
    "The company of the contact (the contact itself when it is a company); null for an independent person."
)

# Interaction statistics (LCY: the local currency, the company's own)
STATISTICS = "Totals of the interactions (count, cost in LCY, duration), canceled ones excluded."
NO_OF_INTERACTIONS = "Number of interactions (canceled ones excluded)."
COST_LCY = "Cost in LCY, the local currency (the company's own currency)."
DURATION_MIN = "Duration in minutes."

# Profile questionnaires
QUESTIONNAIRE_CONTACT_TYPE = "Whether the questionnaire is about companies or persons."
QUESTIONS = "The questions, in line order, with their answers."
ANSWERS = "The possible answers, in line order."
MULTIPLE_ANSWERS = "Whether a contact may give more than one answer to the question."
LINE_NO = "Line number (BC's Line No.): the position, in steps of 10000."
QUESTION_LINE_NO = "Line number of the question in its questionnaire."
ANSWER_LINE_NO = "Line number of the answer in its questionnaire."
QUESTIONNAIRE_CODE = "Code of the profile questionnaire."

# Campaigns, interaction templates and interaction log entries
CAMPAIGN = "The campaign it belongs to."
CAMPAIGN_NO = "Number of the campaign it belongs to."
CAMPAIGN_TARGET = "Campaign Target: the contact is a target of the campaign."
CAMPAIGN_RESPONSE = "Campaign Response: the interaction is a response to the campaign."
STARTING_DATE = "First day of the campaign."
ENDING_DATE = "Last day of the campaign."
INTERACTION_GROUP = "The interaction group."
GROUP_CODE = "Code of the interaction group."
INTERACTION_TEMPLATE = "The interaction template."
TEMPLATE_CODE = "Code of the interaction template."
UNIT_COST_LCY = "Cost of one interaction in LCY, the local currency (the company's own currency)."
UNIT_DURATION_MIN = "Duration of one interaction in minutes."
CORRESPONDENCE_TYPE_DEFAULT = (
    "Correspondence Type (Default): how interactions are sent when the contact has no preference or "
    "ignoreContactCorresType is set."
)
IGNORE_CONTACT_CORRES_TYPE = "Ignore Contact Corres. Type: use correspondenceTypeDefault for every contact."
LANGUAGE_CODE_DEFAULT = "Language Code (Default): the language when the contact has none."
INFORMATION_FLOW = "Information Flow: OUTBOUND (to the contact) or INBOUND (from it)."
INITIATED_BY = "Initiated By: US or THEM."
EVALUATION = "How the interaction went (BC's Evaluation)."
ATTEMPT_FAILED = "Attempt Failed: the interaction was tried but did not reach the contact."
SUBJECT = "Subject of the interaction (e.g. the letter's subject)."
SUBJECT_DEFAULT = "Subject (Default): the subject of the interactions logged from the segment."
DATE = "Date (of the interaction, or the segment's date)."
CANCELED = "Canceled: the interaction (or logged segment) was undone; kept, not counted."
ENTRY_NO = "Entry number (BC's Entry No.), in the order logged."
SEND_WORD_DOCS_AS_ATTMT = (
    "BC's Send Word Docs. as Attmt.: an e-mail carries the merged content and the uploaded attachment as attachments, "
    "beside the merged body."
)
BODY = (
    "Text or HTML with merge fields such as {{ contact.name }} (only the documented fields, see the README); an "
    "unknown field is a userError UNKNOWN_FIELD; null or empty removes the body."
)
BODY_FORMAT = "TEXT (default) or HTML."

# Segments and their criteria actions (the options of BC's Add / Reduce / Refine Contacts pages)
SEGMENT_NO = "Number of the segment it came from."
SEGMENT_ID = "Global ID of the segment."
REFRESH_INTERVAL_MINUTES = "DYNAMIC segments: how often workers re-evaluate the criteria, in minutes."
CRITERIA = "The criteria: filters by source (contact fields and related records); all given sources must match."
ALLOW_EXISTING_CONTACTS = "Allow Existing Contacts: add contacts already on the segment again (default false)."
EXPAND_COMPANIES = "Expand Contact: for each company selected, add its persons too (default false)."
ALLOW_RELATED_COMPANIES = "Allow Company with Persons: for each person selected, add its company too (default false)."
IGNORE_EXCLUSION = "Ignore Exclusion: also select contacts marked excludeFromSegment (default false)."
ENTIRE_COMPANIES = (
    "Entire Companies: remove (Reduce) or keep (Refine) a company's contacts all together (default false)."
)
ALLOW_NO_FILTER = "Allow an action without any filter, which selects every contact (default false: NO_FILTER)."
CONFIRM_EXISTING_CRITERIA = (
    "Confirm that the saved criteria are added after the segment's existing actions (default false: refused when the "
    "segment has actions)."
)
LINES_ADDED = "Number of lines the action (or evaluation) added."
LINES_REMOVED = "Number of lines the action (or evaluation) removed."

# The operators of the criteria filters (StringFilter, DecimalFilter, ...: schema/criteria/inputs.py)
EQ = "Equal to this value."
NE = "Not equal to this value."
IN = "Equal to one of these values."
IS_BLANK = "True: only blank (empty or null) values; false: only non-blank ones."
LT = "Less than this value."
LTE = "Less than or equal to this value."
GT = "Greater than this value."
GTE = "Greater than or equal to this value."

# Background work
STATUS = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELED."
STARTED_AT = "When it started (UTC); null while queued."
FINISHED_AT = "When it finished (UTC); null while running."
AT = "When it happened (UTC)."

# The shapes of queries and mutations
CODE_ARGUMENT = "The code (case does not matter)."
ID_TO_CHANGE = "Global ID of the record to change."
USER_ERRORS = "Why the mutation changed nothing, one error per problem, each naming its input field; empty on success."

# Paging arguments of every connection field (schema/relay.py gives them as First, After, Last, Before).
PAGE_FIRST = ("Page forward: at most this many items after `after` (default 20 when neither `first` nor `last` is "
              "given, at most 100).")
PAGE_AFTER = "Page forward from this cursor (an edge's `cursor` or `pageInfo.endCursor`); omitted: from the start."
PAGE_LAST = "Page backward: at most this many items before `before` (at most 100)."
PAGE_BEFORE = "Page backward from this cursor (an edge's `cursor` or `pageInfo.startCursor`); omitted: from the end."


def payload(thing: str) -> str:
    """A mutation payload: `payload("territory")` for TerritoryPayload."""
    return (f"The result of a {thing} mutation: what it changed, as it is now, and userErrors (empty on success; "
            "when not empty, nothing was changed).")


def payload_record(thing: str) -> str:
    """The record a payload returns."""
    return f"The {thing} as the mutation left it; null when it had userErrors."


def looked_up(thing: str) -> str:
    """An input field naming a record by its code."""
    return f"Code of the {thing} (looked up; a code that names none is a userError NOT_FOUND)."


def condition(field: str, meaning: str) -> str:
    """A criteria filter on a field that a term describes: `condition("costLcy", COST_LCY)`."""
    return f"Condition on `{field}`: {meaning}"


def warned_code(thing: str) -> str:
    """A criteria filter on a code that a missing record only warns about (the criteria still run)."""
    return f"Condition on the code of the {thing}; a code that names no record is a warning UNKNOWN_CODE."


def create_mutation(thing: str) -> str:
    return f"Create a {thing}; its code must be new (ALREADY_EXISTS otherwise)."


def update_mutation(thing: str) -> str:
    return f"Change a {thing}: only the fields given are changed (null clears an optional one)."


def delete_mutation(thing: str) -> str:
    return f"Delete a {thing}; refused (IN_USE) while other records use it. Returns its ID as deletedId."

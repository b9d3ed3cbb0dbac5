"""Profile questionnaires with their questions and answers: type, inputs, queries and mutations."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar

import strawberry
from strawberry import relay

import segmentum.schema.enums  # noqa: F401 - registers the model enums with Strawberry
from segmentum.models.enums import ContactType, ProfileLineType
from segmentum.models.masters import ProfileQuestionnaire as QuestionnaireModel
from segmentum.models.masters import ProfileQuestionnaireLine
from segmentum.resolvers import masters
from segmentum.resolvers.commands import RatingFields
from segmentum.resolvers.master_loaders import question_ratings, questionnaire_lines
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import command, plain, provided
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from segmentum.schema.relay import After, Before, Connection, First, Last, ModelNode


@strawberry.type(description="A possible answer of a profile question.")
class ProfileAnswer:
    line_no: int = strawberry.field(description=terms.LINE_NO)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    from_value: Decimal | None = strawberry.field(
        default=None, description="A rating question's answer: the least sum of points that gives it.")
    to_value: Decimal | None = strawberry.field(
        default=None, description="A rating question's answer: the greatest sum of points that gives it.")


@strawberry.type(description="How many points an answer counts towards a rating question (BC's Rating table).")
class ProfileRatingPoints:
    answer_questionnaire_code: str = strawberry.field(description="The questionnaire of the answer.")
    answer_line_no: int = strawberry.field(description=terms.ANSWER_LINE_NO)
    points: Decimal = strawberry.field(description="The points the answer counts towards the rating question.")


async def _ratings(root: strawberry.Parent[ProfileQuestion], info: strawberry.Info) -> list[ProfileRatingPoints]:
    if not root.rating:
        return []
    rows = await question_ratings(info.context.loaders).load(root.question_id)
    return [ProfileRatingPoints(answer_questionnaire_code=r.answer.questionnaire.code,
                                answer_line_no=r.answer.line_no, points=r.points) for r in rows]


@strawberry.type(description="A question of a questionnaire, with its possible answers.")
class ProfileQuestion:
    line_no: int = strawberry.field(description=terms.LINE_NO)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    multiple_answers: bool = strawberry.field(description=terms.MULTIPLE_ANSWERS)
    answers: list[ProfileAnswer] = strawberry.field(description=terms.ANSWERS)
    question_id: strawberry.Private[int]
    rating: bool = strawberry.field(
        default=False, description="A rating question: each contact's answer is computed from the points of its "
                                   "answers to other questions (ratings), recomputed when they change.")
    ratings: list[ProfileRatingPoints] = strawberry.field(
        resolver=_ratings, description="The points each answer counts towards this rating question.")


def group_questions(lines: list[ProfileQuestionnaireLine]) -> list[ProfileQuestion]:
    """Questions in line order, each with the answer lines that belong to it."""
    questions: dict[int, ProfileQuestion] = {}
    for line in lines:
        if line.type == ProfileLineType.QUESTION:
            questions[line.id] = ProfileQuestion(line_no=line.line_no, description=line.description,
                                                 multiple_answers=line.multiple_answers, answers=[],
                                                 question_id=line.id, rating=line.rating)
        elif line.question_id in questions:
            questions[line.question_id].answers.append(ProfileAnswer(
                line_no=line.line_no, description=line.description, from_value=line.from_value,
                to_value=line.to_value))
    return list(questions.values())


async def _questions(root: strawberry.Parent[QuestionnaireModel], info: strawberry.Info) -> list[ProfileQuestion]:
    return group_questions(await questionnaire_lines(info.context.loaders).load(root.id))


@strawberry.type(description="A questionnaire of profile questions and their answers, for companies or persons (BC's "
                             "Profile Questionnaire).")
class ProfileQuestionnaire(ModelNode):
    model: ClassVar = QuestionnaireModel
    id: relay.NodeID[int]
    code: str = strawberry.field(description=terms.CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    contact_type: ContactType | None = strawberry.field(description=terms.QUESTIONNAIRE_CONTACT_TYPE)
    questions: list[ProfileQuestion] = strawberry.field(resolver=_questions, description=terms.QUESTIONS)


@strawberry.input(description="The range of points (inclusive) that gives an answer of a rating question.")
class ProfileAnswerRangeInput:
    from_value: Decimal = strawberry.field(description="The least sum of points that gives the answer.")
    to_value: Decimal = strawberry.field(description="The greatest sum of points that gives the answer.")


@strawberry.input(description="A question to add to a questionnaire, with its answers.")
class ProfileQuestionInput:
    description: str = strawberry.field(description=terms.DESCRIPTION)
    multiple_answers: bool | None = strawberry.field(default=False, description=terms.MULTIPLE_ANSWERS)
    answers: list[str] = strawberry.field(description=terms.ANSWERS)
    rating: bool | None = strawberry.field(
        default=False, description="A rating question: its answers are computed (give answerRanges).")
    answer_ranges: list[ProfileAnswerRangeInput] | None = strawberry.field(
        default=None, description="A rating question: the range of points of each answer, in answer order; "
                                  "ranges may not overlap.")


@strawberry.input(description="One answer's points towards a rating question; the answer may belong to another "
                              "questionnaire (answerQuestionnaireCode, default the rating question's).")
class ProfileRatingInput:
    questionnaire_code: str = strawberry.field(description=terms.QUESTIONNAIRE_CODE)
    question_line_no: int = strawberry.field(description=terms.QUESTION_LINE_NO)
    answer_questionnaire_code: str | None = strawberry.field(
        default=None, description=terms.looked_up("answer questionnaire"))
    answer_line_no: int = strawberry.field(description=terms.ANSWER_LINE_NO)
    points: Decimal = strawberry.field(description="The points the answer counts (may be negative).")


@strawberry.input(description="Which answer stops counting towards which rating question.")
class ProfileRatingRefInput:
    questionnaire_code: str = strawberry.field(description=terms.QUESTIONNAIRE_CODE)
    question_line_no: int = strawberry.field(description=terms.QUESTION_LINE_NO)
    answer_questionnaire_code: str | None = strawberry.field(
        default=None, description=terms.looked_up("answer questionnaire"))
    answer_line_no: int = strawberry.field(description=terms.ANSWER_LINE_NO)


@strawberry.type(description=terms.payload("profile rating"))
class ProfileRatingPayload:
    contacts_rated: int | None = strawberry.field(
        description="How many contacts have an answer to the rating question after the change (all recomputed).")
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.input(description="A new profile questionnaire with its questions and answers.")
class ProfileQuestionnaireCreateInput:
    code: str = strawberry.field(description=terms.CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    contact_type: ContactType | None = strawberry.field(default=None, description=terms.QUESTIONNAIRE_CONTACT_TYPE)
    questions: list[ProfileQuestionInput] = strawberry.field(description=terms.QUESTIONS)


@strawberry.input(description="Changes to a profile questionnaire: only the fields given change.")
class ProfileQuestionnaireUpdateInput:
    id: strawberry.ID = strawberry.field(description=terms.ID_TO_CHANGE)
    description: str | None = strawberry.field(default=strawberry.UNSET, description=terms.DESCRIPTION)
    contact_type: ContactType | None = strawberry.field(
        default=strawberry.UNSET, description=terms.QUESTIONNAIRE_CONTACT_TYPE)
    questions: list[ProfileQuestionInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Replaces all questions and answers; refused (IN_USE) while a contact has an answer.",
    )


@strawberry.type(description=terms.payload("profile questionnaire"))
class ProfileQuestionnairePayload:
    profile_questionnaire: ProfileQuestionnaire | None = strawberry.field(
        description=terms.payload_record("profile questionnaire"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


def _changes(input: ProfileQuestionnaireUpdateInput) -> dict[str, Any]:
    changes: dict[str, Any] = provided(input)
    if "questions" in changes:
        changes["questions"] = plain(changes["questions"])
    return changes


@strawberry.type
class QuestionnaireQueries:
    @strawberry.field(description="Profile questionnaires, by code.")
    async def profile_questionnaires(self, first: First = None, after: After = None,
                                     last: Last = None,
                                     before: Before = None) -> Connection[ProfileQuestionnaire]:
        return Connection.from_page(await masters.page_by_code(QuestionnaireModel, first, after, last, before))

    @strawberry.field(description="The profile questionnaire with this code, or null.")
    async def profile_questionnaire(
        self, info: strawberry.Info, code: Annotated[str, strawberry.argument(description=terms.CODE_ARGUMENT)]
    ) -> ProfileQuestionnaire | None:
        return await masters.by_code(info.context.loaders, QuestionnaireModel, code)  # type: ignore[return-value]


@strawberry.type
class QuestionnaireMutations:
    @strawberry.mutation(description=terms.create_mutation("profile questionnaire"))
    async def profile_questionnaire_create(self, input: ProfileQuestionnaireCreateInput) -> ProfileQuestionnairePayload:
        obj, errors = await perform(lambda: masters.create_questionnaire(plain(input)))
        return ProfileQuestionnairePayload(profile_questionnaire=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("profile questionnaire"))
    async def profile_questionnaire_update(self, input: ProfileQuestionnaireUpdateInput) -> ProfileQuestionnairePayload:
        obj, errors = await perform(lambda: masters.update_questionnaire(input.id, _changes(input)))
        return ProfileQuestionnairePayload(profile_questionnaire=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("profile questionnaire"))
    async def profile_questionnaire_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_questionnaire(input.id), input)

    @strawberry.mutation(description="Set how many points an answer counts towards a rating question; every "
                                     "contact's answer to it is recomputed.")
    async def profile_rating_set(self, input: ProfileRatingInput) -> ProfileRatingPayload:
        rating = command(RatingFields, input, nulls=False)
        rated, errors = await perform(lambda: masters.set_rating(rating))
        return ProfileRatingPayload(contacts_rated=rated, user_errors=errors)

    @strawberry.mutation(description="Stop an answer counting towards a rating question; every contact's answer to "
                                     "it is recomputed.")
    async def profile_rating_delete(self, input: ProfileRatingRefInput) -> ProfileRatingPayload:
        rating = command(RatingFields, input, nulls=False)
        rated, errors = await perform(lambda: masters.delete_rating(rating))
        return ProfileRatingPayload(contacts_rated=rated, user_errors=errors)

"""Profile questionnaires with their questions and answers: type, inputs, queries and mutations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import strawberry
from strawberry import relay

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models.enums import ContactType, ProfileLineType
from models.masters import ProfileQuestionnaire as QuestionnaireModel
from models.masters import ProfileQuestionnaireLine
from resolvers import masters
from resolvers.master_loaders import question_ratings, questionnaire_lines
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from schema.relay import Connection, ModelNode


@strawberry.type
class ProfileAnswer:
    line_no: int
    description: str
    from_value: Decimal | None = strawberry.field(
        default=None, description="A rating question's answer: the least sum of points that gives it.")
    to_value: Decimal | None = strawberry.field(
        default=None, description="A rating question's answer: the greatest sum of points that gives it.")


@strawberry.type(description="How many points an answer counts towards a rating question (BC's Rating table).")
class ProfileRatingPoints:
    answer_questionnaire_code: str
    answer_line_no: int
    points: Decimal


async def _ratings(root: strawberry.Parent[ProfileQuestion], info: strawberry.Info) -> list[ProfileRatingPoints]:
    if not root.rating:
        return []
    rows = await question_ratings(info.context.loaders).load(root.question_id)
    return [ProfileRatingPoints(answer_questionnaire_code=r.answer.questionnaire.code,
                                answer_line_no=r.answer.line_no, points=r.points) for r in rows]


@strawberry.type
class ProfileQuestion:
    line_no: int
    description: str
    multiple_answers: bool
    answers: list[ProfileAnswer]
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


@strawberry.type
class ProfileQuestionnaire(ModelNode):
    model: ClassVar = QuestionnaireModel
    id: relay.NodeID[int]
    code: str
    description: str
    contact_type: ContactType | None
    questions: list[ProfileQuestion] = strawberry.field(resolver=_questions)


@strawberry.input
class ProfileAnswerRangeInput:
    from_value: Decimal
    to_value: Decimal


@strawberry.input
class ProfileQuestionInput:
    description: str
    multiple_answers: bool | None = False
    answers: list[str]
    rating: bool | None = strawberry.field(
        default=False, description="A rating question: its answers are computed (give answerRanges).")
    answer_ranges: list[ProfileAnswerRangeInput] | None = strawberry.field(
        default=None, description="A rating question: the range of points of each answer, in answer order; "
                                  "ranges may not overlap.")


@strawberry.input(description="One answer's points towards a rating question; the answer may belong to another "
                              "questionnaire (answerQuestionnaireCode, default the rating question's).")
class ProfileRatingInput:
    questionnaire_code: str
    question_line_no: int
    answer_questionnaire_code: str | None = None
    answer_line_no: int
    points: Decimal


@strawberry.input
class ProfileRatingRefInput:
    questionnaire_code: str
    question_line_no: int
    answer_questionnaire_code: str | None = None
    answer_line_no: int


@strawberry.type
class ProfileRatingPayload:
    contacts_rated: int | None = strawberry.field(
        description="How many contacts have an answer to the rating question after the change (all recomputed).")
    user_errors: list[UserError]


@strawberry.input
class ProfileQuestionnaireCreateInput:
    code: str
    description: str
    contact_type: ContactType | None = None
    questions: list[ProfileQuestionInput]


@strawberry.input
class ProfileQuestionnaireUpdateInput:
    id: strawberry.ID
    description: str | None = strawberry.UNSET
    contact_type: ContactType | None = strawberry.UNSET
    questions: list[ProfileQuestionInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Replaces all questions and answers; refused (IN_USE) while a contact has an answer.",
    )


@strawberry.type
class ProfileQuestionnairePayload:
    profile_questionnaire: ProfileQuestionnaire | None
    user_errors: list[UserError]


def _changes(input: ProfileQuestionnaireUpdateInput) -> dict[str, Any]:
    changes: dict[str, Any] = provided(input)
    if "questions" in changes:
        changes["questions"] = plain(changes["questions"])
    return changes


@strawberry.type
class QuestionnaireQueries:
    @strawberry.field
    async def profile_questionnaires(self, first: int | None = None, after: str | None = None,
                                     last: int | None = None,
                                     before: str | None = None) -> Connection[ProfileQuestionnaire]:
        return Connection.from_page(await masters.page_by_code(QuestionnaireModel, first, after, last, before))

    @strawberry.field
    async def profile_questionnaire(self, info: strawberry.Info, code: str) -> ProfileQuestionnaire | None:
        return await masters.by_code(info.context.loaders, QuestionnaireModel, code)  # type: ignore[return-value]


@strawberry.type
class QuestionnaireMutations:
    @strawberry.mutation
    async def profile_questionnaire_create(self, input: ProfileQuestionnaireCreateInput) -> ProfileQuestionnairePayload:
        obj, errors = await perform(lambda: masters.create_questionnaire(plain(input)))
        return ProfileQuestionnairePayload(profile_questionnaire=obj, user_errors=errors)

    @strawberry.mutation
    async def profile_questionnaire_update(self, input: ProfileQuestionnaireUpdateInput) -> ProfileQuestionnairePayload:
        obj, errors = await perform(lambda: masters.update_questionnaire(input.id, _changes(input)))
        return ProfileQuestionnairePayload(profile_questionnaire=obj, user_errors=errors)

    @strawberry.mutation
    async def profile_questionnaire_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: masters.delete_questionnaire(input.id), input)

    @strawberry.mutation(description="Set how many points an answer counts towards a rating question; every "
                                     "contact's answer to it is recomputed.")
    async def profile_rating_set(self, input: ProfileRatingInput) -> ProfileRatingPayload:
        rated, errors = await perform(lambda: masters.set_rating(plain(input)))
        return ProfileRatingPayload(contacts_rated=rated, user_errors=errors)

    @strawberry.mutation(description="Stop an answer counting towards a rating question; every contact's answer to "
                                     "it is recomputed.")
    async def profile_rating_delete(self, input: ProfileRatingRefInput) -> ProfileRatingPayload:
        rated, errors = await perform(lambda: masters.delete_rating(plain(input)))
        return ProfileRatingPayload(contacts_rated=rated, user_errors=errors)

"""Profile questionnaires with their questions and answers: type, inputs, queries and mutations."""

from __future__ import annotations

from typing import Any, ClassVar

import strawberry
from strawberry import relay

import schema.enums  # noqa: F401 - registers the model enums with Strawberry
from models.enums import ContactType, ProfileLineType
from models.masters import ProfileQuestionnaire as QuestionnaireModel
from models.masters import ProfileQuestionnaireLine
from resolvers import masters
from resolvers.master_loaders import questionnaire_lines
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete
from schema.relay import Connection, ModelNode


@strawberry.type
class ProfileAnswer:
    line_no: int
    description: str


@strawberry.type
class ProfileQuestion:
    line_no: int
    description: str
    multiple_answers: bool
    answers: list[ProfileAnswer]


def group_questions(lines: list[ProfileQuestionnaireLine]) -> list[ProfileQuestion]:
    """Questions in line order, each with the answer lines that belong to it."""
    questions: dict[int, ProfileQuestion] = {}
    for line in lines:
        if line.type == ProfileLineType.QUESTION:
            questions[line.id] = ProfileQuestion(line_no=line.line_no, description=line.description,
                                                 multiple_answers=line.multiple_answers, answers=[])
        elif line.question_id in questions:
            questions[line.question_id].answers.append(ProfileAnswer(line_no=line.line_no,
                                                                     description=line.description))
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
class ProfileQuestionInput:
    description: str
    multiple_answers: bool | None = False
    answers: list[str]


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

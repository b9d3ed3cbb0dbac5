"""(being written)"""

import strawberry


@strawberry.type
class QuestionnaireQueries:
    pass


@strawberry.type
class QuestionnaireMutations:
    pass

"""(being written)"""

import strawberry


@strawberry.type
class ClassificationQueries:
    pass


@strawberry.type
class ClassificationMutations:
    pass

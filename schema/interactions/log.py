"""(being written)"""

import strawberry


@strawberry.type
class InteractionLogQueries:
    pass


@strawberry.type
class InteractionLogMutations:
    pass

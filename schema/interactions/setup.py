"""(being written)"""

import strawberry


@strawberry.type
class InteractionSetupQueries:
    pass


@strawberry.type
class InteractionSetupMutations:
    pass

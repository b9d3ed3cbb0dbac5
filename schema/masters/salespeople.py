"""(being written)"""

import strawberry


@strawberry.type
class SalespersonQueries:
    pass


@strawberry.type
class SalespersonMutations:
    pass

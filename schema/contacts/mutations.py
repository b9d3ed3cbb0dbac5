"""(being written)"""

import strawberry


@strawberry.type
class ContactMutations:
    pass

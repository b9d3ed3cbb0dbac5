"""(being written)"""

import strawberry


@strawberry.type
class ContactQueries:
    pass

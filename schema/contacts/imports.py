"""contactImport: a file of contacts (GraphQL multipart request) imported by a CONTACT_IMPORT job, and the row
errors of an import."""

from __future__ import annotations

from typing import Annotated, ClassVar

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from segmentum.models.imports.tables import ContactImportError as ContactImportErrorModel
from segmentum.resolvers import imports as resolve
from segmentum.schema import terms
from segmentum.schema.enums import ImportFormat, ImportMode
from segmentum.schema.errors import UserError
from segmentum.schema.jobs.types import Job
from segmentum.schema.mutation import perform
from segmentum.schema.relay import After, Before, Connection, First, Last, ModelNode


@strawberry.type(description="One rule a row of an import file breaks; the row is not imported.")
class ContactImportRowError(ModelNode):
    model: ClassVar = ContactImportErrorModel
    id: relay.NodeID[int]
    row_no: int = strawberry.field(
        name="row", description="The row: counted from 1 after the header (CSV), or the line (JSON Lines).")
    field: str = strawberry.field(description="The column, as the file names it (camelCase).")
    code: str = strawberry.field(description="The error code, as in userErrors (REQUIRED, INVALID, NOT_FOUND, ...).")
    message: str = strawberry.field(description="What went wrong, for people.")


@strawberry.type(description=terms.payload("contact import"))
class ContactImportPayload:
    job: Job | None = strawberry.field(description="The CONTACT_IMPORT job: watch it with jobUpdated; its row "
                                                   "errors are contactImportErrors(jobId).")
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type
class ContactImportMutations:
    @strawberry.mutation(description="Import contacts from a file of a GraphQL multipart request (at most "
                         "SEGMENTUM_MAX_IMPORT_BYTES): checked whole first (UTF-8, known columns, well-formed "
                         "records; otherwise a userError and nothing is stored), then imported by a CONTACT_IMPORT "
                         "job with every rule of contactCreate and contactUpdate; each bad row gets a row error. "
                         "The same file sent again while its job runs answers that job.")
    async def contact_import(
        self,
        info: strawberry.Info,
        file: Annotated[Upload, strawberry.argument(description="The file: CSV with a header line, or JSON Lines.")],
        format: Annotated[ImportFormat, strawberry.argument(description="How the file is written.")],
        mode: Annotated[ImportMode, strawberry.argument(description="CREATE new contacts only, or UPSERT.")],
    ) -> ContactImportPayload:
        max_bytes = info.context.settings.max_import_bytes
        job, errors = await perform(lambda: resolve.start_import(file, format, mode, max_bytes))
        return ContactImportPayload(job=job, user_errors=errors)


@strawberry.type
class ContactImportQueries:
    @strawberry.field(description="The row errors of a contact import, in row order.")
    async def contact_import_errors(
        self,
        job_id: Annotated[strawberry.ID, strawberry.argument(description="The CONTACT_IMPORT job's global ID.")],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ContactImportRowError]:
        page = await resolve.errors_page(job_id, first=first, after=after, last=last, before=before)
        return Connection.from_page(page)

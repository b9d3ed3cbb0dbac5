"""Content per language (BC's Interaction Tmpl. Language and Segment Interaction Language): types, inputs and
mutations. An attachment is a file of a GraphQL multipart request (schema/uploads.py)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.file_uploads import Upload

import segmentum.schema.enums  # noqa: F401 - registers the model enums with Strawberry
from segmentum.models.content import Attachment as AttachmentModel
from segmentum.models.enums import ContentFormat
from segmentum.resolvers import content
from segmentum.resolvers.loaders import Loaders
from segmentum.schema import terms
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import provided
from segmentum.schema.mutation import perform

UNSET = strawberry.UNSET


@strawberry.type(description="An uploaded file (its bytes are delivered with the interactions, not served here).")
class Attachment:
    file_name: str = strawberry.field(description="The file name the upload gave (its last path component only).")
    content_type: str = strawberry.field(description="The media type, checked against the file's content when "
                                                     "uploaded.")
    size: int = strawberry.field(description="In bytes.")
    sha256: str = strawberry.field(description="SHA-256 of the file's bytes, in hexadecimal.")


async def _attachment(loaders: Loaders, attachment_id: int) -> AttachmentModel | None:
    async def batch(ids: list[int]) -> dict[int, list[AttachmentModel]]:
        rows = await AttachmentModel.filter(id__in=ids).only("id", "file_name", "content_type", "size", "sha256")
        return {row.id: [row] for row in rows}

    found = await loaders.many("attachment.info", batch).load(attachment_id)
    return found[0] if found else None


@strawberry.type(description="What an interaction says in one language: description, subject, and a body with "
                             "merge fields and/or an uploaded attachment.")
class InteractionLanguage:
    language_code: str = strawberry.field(description=terms.LANGUAGE_CODE)
    description: str = strawberry.field(description=terms.DESCRIPTION)
    subject: str | None = strawberry.field(description=terms.SUBJECT)
    body: str | None = strawberry.field(description="Text or HTML with merge fields, e.g. {{ contact.name }}.")
    body_format: ContentFormat = strawberry.field(description="TEXT or HTML; in HTML the merged values are escaped.")

    @strawberry.field(description="The uploaded file of this language, if any.")
    async def attachment(self, info: strawberry.Info) -> Attachment | None:
        attachment_id = getattr(self, "attachment_id", None)
        if attachment_id is None:
            return None
        return await _attachment(info.context.loaders, attachment_id)  # type: ignore[return-value]


def languages_field(owner: str) -> Any:
    async def resolve(root: strawberry.Parent[Any], info: strawberry.Info) -> list[InteractionLanguage]:
        return await content.languages(info.context.loaders, owner, root.id)  # type: ignore[return-value]

    return strawberry.field(resolver=resolve, description="The content per language, by language code.")


@strawberry.input(description="A template's content in one language: created when the template has no record for the "
                              "language, else changed (only the fields given).")
class InteractionTemplateLanguageSetInput:
    template_id: strawberry.ID = strawberry.field(description=terms.INTERACTION_TEMPLATE)
    language_code: str = strawberry.field(description=terms.LANGUAGE_CODE)
    description: str | None = strawberry.field(default=UNSET, description="Default: the template's description.")
    subject: str | None = strawberry.field(default=UNSET, description=terms.SUBJECT)
    body: str | None = strawberry.field(default=UNSET, description=terms.BODY)
    body_format: ContentFormat | None = strawberry.field(default=UNSET, description=terms.BODY_FORMAT)
    attachment: Upload | None = strawberry.field(
        default=UNSET, description="A file of the multipart request; null removes the attachment."
    )


@strawberry.input(description="The template and the language whose content is deleted.")
class InteractionTemplateLanguageDeleteInput:
    template_id: strawberry.ID = strawberry.field(description=terms.INTERACTION_TEMPLATE)
    language_code: str = strawberry.field(description=terms.LANGUAGE_CODE)


@strawberry.input(description="A segment's content in one language: created when the segment has no record for the "
                              "language, else changed (only the fields given).")
class SegmentLanguageSetInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    language_code: str = strawberry.field(description=terms.LANGUAGE_CODE)
    description: str | None = strawberry.field(default=UNSET, description="Default: the segment's description.")
    subject: str | None = strawberry.field(default=UNSET, description=terms.SUBJECT)
    body: str | None = strawberry.field(default=UNSET, description=terms.BODY)
    body_format: ContentFormat | None = strawberry.field(default=UNSET, description=terms.BODY_FORMAT)
    attachment: Upload | None = strawberry.field(
        default=UNSET, description="A file of the multipart request; null removes the attachment."
    )


@strawberry.input(description="The segment and the language whose content is deleted.")
class SegmentLanguageDeleteInput:
    segment_id: strawberry.ID = strawberry.field(description=terms.SEGMENT_ID)
    language_code: str = strawberry.field(description=terms.LANGUAGE_CODE)


@strawberry.type(description=terms.payload("interaction language"))
class InteractionLanguagePayload:
    interaction_language: InteractionLanguage | None = strawberry.field(
        description=terms.payload_record("interaction language"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type(description=terms.payload("interaction language delete"))
class InteractionLanguageDeletePayload:
    deleted_language_code: str | None = strawberry.field(
        description="The language whose content was deleted; null on userErrors.")
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


def _data(input: Any, owner: str) -> dict[str, Any]:
    data = provided(input, exclude=(owner,))
    if data.get("body_format") is not None:
        data["body_format"] = data["body_format"].value
    return data


@strawberry.type
class ContentMutations:
    @strawberry.mutation(description="Create or change a template's content in one language.")
    async def interaction_template_language_set(
        self, input: InteractionTemplateLanguageSetInput
    ) -> InteractionLanguagePayload:
        obj, errors = await perform(lambda: content.set_template_language(input.template_id,
                                                                          _data(input, "template_id")))
        return InteractionLanguagePayload(interaction_language=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("interaction template language"))
    async def interaction_template_language_delete(
        self, input: InteractionTemplateLanguageDeleteInput
    ) -> InteractionLanguageDeletePayload:
        code, errors = await perform(lambda: content.delete_template_language(input.template_id, input.language_code))
        return InteractionLanguageDeletePayload(deleted_language_code=code, user_errors=errors)

    @strawberry.mutation(description="Create or change a segment's content in one language; the lines whose contact "
                                     "speaks it take it (the others the header's default).")
    async def segment_language_set(self, input: SegmentLanguageSetInput) -> InteractionLanguagePayload:
        obj, errors = await perform(lambda: content.set_segment_language(input.segment_id,
                                                                         _data(input, "segment_id")))
        return InteractionLanguagePayload(interaction_language=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("segment language"))
    async def segment_language_delete(self, input: SegmentLanguageDeleteInput) -> InteractionLanguageDeletePayload:
        code, errors = await perform(lambda: content.delete_segment_language(input.segment_id, input.language_code))
        return InteractionLanguageDeletePayload(deleted_language_code=code, user_errors=errors)

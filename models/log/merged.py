"""What a delivery sends when its entry has a language record (§3.9 step 9): the merged body as the e-mail (with
the uploaded attachment, and the merged content as a file, when the segment sends Word docs as attachments), or
one merged document per contact for hard copy. Entries without a record keep the generated text (delivery.py)."""

from __future__ import annotations

from email.message import EmailMessage

from jinja2 import TemplateError

from segmentum.models import attachments
from segmentum.models.content import Attachment
from segmentum.models.log.delivery import Pending, message
from segmentum.models.merge import RenderLimitExceeded, RenderLimits, render


class ContentError(Exception):
    """The content of one entry cannot be merged (over a limit, or refused by the sandbox): it is never sent."""


async def attachments_of(items: list[Pending]) -> dict[int, Attachment]:
    """The attachments of a batch's records, each read once."""
    ids = {i.content.attachment_id for i in items if i.content is not None and i.content.attachment_id is not None}
    return {a.id: a for a in await Attachment.filter(id__in=ids)} if ids else {}


def merged(item: Pending, limits: RenderLimits) -> str | None:
    content = item.content
    if content is None or content.body is None:
        return None
    try:
        return render(content.body, content.html, item.values, limits)
    except (RenderLimitExceeded, TemplateError) as exc:
        raise ContentError(f"The content ({content.language_code}) of interaction {item.entry_id} cannot be merged: "
                           f"{exc}") from exc


def _extension(html: bool) -> str:
    return "html" if html else "txt"


def _attach(msg: EmailMessage, attachment: Attachment, folder: str | None) -> None:
    maintype, _, subtype = attachment.content_type.partition("/")
    msg.add_attachment(attachments.read(attachment, folder), maintype=maintype, subtype=subtype,
                       filename=attachment.file_name)


def mail(item: Pending, sender: str, limits: RenderLimits, files: dict[int, Attachment],
         folder: str | None = None) -> EmailMessage:
    """The e-mail of one entry: its language's merged body, and the attachments its segment asks for."""
    msg = message(item, sender)
    content = item.content
    if content is None:
        return msg
    if content.subject and not item.subject:
        del msg["Subject"]
        msg["Subject"] = content.subject
    body = merged(item, limits)
    if body is not None:
        msg.set_content(body, subtype="html" if content.html else "plain")
    attachment = files.get(content.attachment_id) if content.attachment_id is not None else None
    if content.send_as_attachment and body is not None:
        msg.add_attachment(body.encode("utf-8"), maintype="text", subtype="html" if content.html else "plain",
                           filename=f"content-{content.language_code}.{_extension(content.html)}")
    # The uploaded file goes along when the segment asks for it, or when it is all the content there is.
    if attachment is not None and (content.send_as_attachment or body is None):
        _attach(msg, attachment, folder)
    return msg


def document(item: Pending, limits: RenderLimits, files: dict[int, Attachment],
             folder: str | None = None) -> tuple[str, bytes] | None:
    """The hard-copy document of one entry (file name, bytes): its merged body, else its attachment; None
    without content."""
    content = item.content
    if content is None:
        return None
    body = merged(item, limits)
    stem = f"document-{item.segment_no or 'entry'}-{item.entry_id:010d}-{content.language_code}"
    if body is not None:
        return f"{stem}.{_extension(content.html)}", body.encode("utf-8")
    attachment = files.get(content.attachment_id) if content.attachment_id is not None else None
    if attachment is None:
        return None
    return f"{stem}-{attachment.file_name}", attachments.read(attachment, folder)

"""The CONTACT_IMPORT job itself: a file that is not well formed fails it with the coded error and writes nothing;
a run that stops after a chunk committed is taken up again by the next run, which writes the rest once."""

from __future__ import annotations

import hashlib

import pytest

import segmentum.models.imports.run as import_run
from segmentum.models.contacts import Contact
from segmentum.models.enums import ImportFormat, ImportMode, JobKind, JobStatus
from segmentum.models.imports.tables import ContactImport, ContactImportRow
from segmentum.models.system import Job
from segmentum.workers import queue
from tests.imports.test_import_rules import GOOD


async def _stored(data: bytes, mode: ImportMode = ImportMode.CREATE) -> ContactImport:
    return await ContactImport.create(format=ImportFormat.CSV, mode=mode, file_name="x.csv", size=len(data),
                                      sha256=hashlib.sha256(data).hexdigest(), data=data)


async def test_a_file_refused_by_the_job_fails_it_with_the_code_and_writes_nothing(in_process: None) -> None:
    # Stored without the mutation's check (as by an older version): the job checks the file again.
    imp = await _stored(b"no,name,shoeSize\nC1,Acme,44\n")
    job = await queue.enqueue(JobKind.CONTACT_IMPORT, {"import_id": imp.id})
    await queue.drain()
    await job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error is not None and job.error.startswith("ImportFileError: UNKNOWN_FIELD: ")
    assert "'shoeSize'" in job.error
    assert not await ContactImportRow.exists() and not await Contact.exists()


async def test_a_run_stopped_after_a_chunk_is_finished_by_the_next_run(masters: None,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_run, "CHUNK_ROWS", 1)
    imp = await _stored(GOOD.encode())
    job = await Job.create(kind=JobKind.CONTACT_IMPORT, payload={"import_id": imp.id}, status=JobStatus.RUNNING)

    class Killed(Exception):
        pass

    async def progress(_value: float) -> None:
        return None

    async def killed(*_args: object) -> None:
        raise Killed  # the worker dies right after the first chunk committed

    with pytest.raises(Killed):
        await import_run.run_import(imp, job.id, progress, killed)
    assert [c.no for c in await Contact.all()] == ["C1"]

    async def nothing(*_args: object) -> None:
        return None

    result = await import_run.run_import(await ContactImport.get(id=imp.id), job.id, progress, nothing)
    assert (result["created"], result["failed"], result["errors"]) == (3, 0, 0)
    assert await Contact.all().count() == 3
    again = await import_run.run_import(await ContactImport.get(id=imp.id), job.id, progress, nothing)
    assert again == result and await Contact.all().count() == 3


async def test_the_job_reads_the_stored_file_in_slices(masters: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Slices of 7 bytes cut the header, the records and the two-byte characters; the rows come out whole.
    monkeypatch.setattr(import_run, "SLICE_BYTES", 7)

    async def nothing(*_args: object) -> None:
        return None

    good = "no,type,name,city\nS1,COMPANY,Café Ærø,Gent\nS2,COMPANY,\"Two\nlines\",Liège\n".encode()
    imp = await _stored(good)
    result = await import_run.run_import(await import_run.stored(imp.id), 0, nothing, nothing)
    assert (result["created"], result["failed"]) == (2, 0)
    assert [(c.no, c.name, c.city) for c in await Contact.all().order_by("no")] == [
        ("S1", "Café Ærø", "Gent"), ("S2", "Two\nlines", "Liège")]
    # A byte that is not UTF-8 is named by its place in the whole file: on a later line, and right after a
    # character that the end of a slice cut in two.
    for bad, place in (("no,name\nS3,Caf\u00e9\nS4,x".encode() + b"\xff\n", "byte 22 (line 3)"),
                       ("no,nam\u00e9".encode() + b"\xff\n", "byte 9 (line 1)")):
        imp = await _stored(bad)
        with pytest.raises(import_run.ImportFileError) as refused:
            await import_run.run_import(await import_run.stored(imp.id), 0, nothing, nothing)
        assert refused.value.code == "UNSUPPORTED_TYPE"
        assert place in refused.value.message, refused.value.message
        assert not await ContactImportRow.filter(contact_import_id=imp.id).exists()

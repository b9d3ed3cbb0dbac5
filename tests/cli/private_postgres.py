"""A PostgreSQL server of a test's own (initdb in a temporary folder, password authentication, a free port), for
what the shared one must not do: refuse a password, stop and start again."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "right-password"


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    assert versions, f"PostgreSQL's {name} is needed (Debian: apt-get install postgresql)"
    return str(versions[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PrivatePostgres:
    folder: Path
    port: int
    user: str

    def url(self, password: str = PASSWORD, database: str = "postgres") -> str:
        return f"postgres://{self.user}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *cmd: str) -> None:
        # initdb and the server refuse to run as root: they run as the owner of the folder.
        prefix = ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *cmd], capture_output=True, timeout=120, text=True)
        if done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, cmd, done.stdout, done.stderr[-2000:])

    def start(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def load(self, dump: Path, database: str = "segmentum") -> str:
        """A new database holding `dump` (pg_dump's SQL of a migrated database): its URL. For the tests that need
        a migrated database but are about something else: applying the migrations costs seconds of CPU."""
        for target, sql in (("postgres", ["-c", f'CREATE DATABASE "{database}"']), (database, ["-f", str(dump)])):
            done = subprocess.run([_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(database=target), *sql],
                                  capture_output=True, timeout=120, text=True)
            if done.returncode != 0:
                raise subprocess.CalledProcessError(done.returncode, "psql", done.stdout, done.stderr[-2000:])
        return self.url(database=database)

    def stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    # Not under pytest's tmp_path: the server's user must be able to reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="segmentum-pg-"))
    folder.chmod(0o755)
    (folder / "pw").write_text(PASSWORD)
    if os.geteuid() == 0:
        shutil.chown(folder, user)
        shutil.chown(folder / "pw", user)
    server = PrivatePostgres(folder, _free_port(), user)
    server._run(_bin("initdb"), "-D", str(folder / "data"), "-U", user, "--pwfile", str(folder / "pw"),
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
    server.start()
    try:
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass  # stopped by the test
        shutil.rmtree(folder, ignore_errors=True)

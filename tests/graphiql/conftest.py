"""Fixtures for GraphiQL in a real browser: `segmentum serve` with demo data on a fresh database, and headless
Chromium from the system packages (never downloaded) with the network cut.

Every request of the page that is not to the local server is aborted and recorded. Below the page, no host name
resolves and Chromium's proxy for every host but loopback is a local port that refuses connections, so nothing
leaves the machine. (Debian's Chromium ships Google API keys, so the browser's own services, such as the
component updater, sign-in and autofill, try to reach Google: those attempts end at the cut; they are not the
page's requests.)"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import BrowserContext, ConsoleMessage, Page, Route, async_playwright, expect

from tests.cli.conftest import fresh_database, serving

CHROMIUM = Path(os.environ.get("SEGMENTUM_CHROMIUM", "/usr/bin/chromium"))
# Generous waits: the machines that run the suite are shared, and GraphiQL sets its editors up asynchronously.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    # No name resolves: only the loopback address stays reachable.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


@dataclass
class Served:
    base: str
    key: str
    database_url: str
    printed: list[str]


@pytest.fixture(scope="module")
async def served(tmp_path_factory: pytest.TempPathFactory, migrated_template: str) -> AsyncIterator[Served]:
    """`segmentum serve --demo` as a user starts it; the key is the dev key it printed. Its database is a migrated
    copy of the session's template (tests/cli tests `serve` on an empty database)."""
    directory = tmp_path_factory.mktemp("served")
    async with fresh_database(directory, migrated_template) as url, \
            serving(url, directory, "--demo", "--demo-contacts", "200") as (base, printed):
        key = next(line for line in printed if line.startswith("sgm_"))
        yield Served(base, key, url, printed)


@contextmanager
def refusing_port() -> Iterator[int]:
    """A loopback port that is bound but never listens: every connection to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@dataclass
class Browser:
    page: Page
    origin: str
    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(f"No Chromium at {CHROMIUM}: install it with `apt-get install -y chromium chromium-driver`.")
    return CHROMIUM


@pytest.fixture
async def browser(chromium: Path, served: Served, tmp_path: Path) -> AsyncIterator[Browser]:
    with refusing_port() as dead_end:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"), executable_path=str(chromium), headless=True,
                args=[*CHROMIUM_FLAGS, f"--proxy-server=http://127.0.0.1:{dead_end}"],
                viewport={"width": 1400, "height": 900}, service_workers="block",
            )
            try:
                yield await _watched(context, served.base)
            finally:
                await context.close()


async def _watched(context: BrowserContext, origin: str) -> Browser:
    context.set_default_timeout(WAIT_MS)
    page = context.pages[0] if context.pages else await context.new_page()
    seen = Browser(page, origin)

    async def only_local(route: Route) -> None:
        if seen.is_local(route.request.url):
            await route.continue_()
        else:
            seen.blocked.append(route.request.url)
            await route.abort("blockedbyclient")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.console_errors.append(message.text)

    await context.route("**/*", only_local)
    context.on("request", lambda request: seen.requested.append(request.url))
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on("console", console)
    return seen

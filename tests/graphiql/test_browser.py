"""GraphiQL in headless Chromium against `segmentum serve`, with the network cut: the page asks for the API key,
reads the schema with it (docs, autocompletion) and runs the README's industry-group query."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import expect

from tests.cli.conftest import run_cli
from tests.graphiql.conftest import Browser, Served
from tests.readme import readme_example

ASSETS = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css",
          "plugin-explorer.umd.js", "plugin-explorer.css", "segmentum-graphiql.js", "segmentum-graphiql.css")
INDUSTRY_GROUP_QUERY = readme_example("Companies in one industry group")


async def answer(served: Served, query: str) -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{served.base}/graphql", json={"query": query},
                                     headers={"Authorization": f"Bearer {served.key}"})
    assert response.status_code == 200, response.text
    return response.json()


def assert_stayed_on_the_machine(browser: Browser) -> None:
    assert browser.blocked == []
    assert browser.requested and all(browser.is_local(url) for url in browser.requested), browser.requested
    assert browser.page_errors == []
    assert not [e for e in browser.console_errors if "Content Security Policy" in e], browser.console_errors


async def enter_key(browser: Browser, key: str) -> None:
    await browser.page.fill("#sgm-api-key", key)
    await browser.page.get_by_role("button", name="Use this key").click()


async def replace_query(browser: Browser, text: str) -> None:
    """Select everything in the query editor and put `text` there as a paste would (no key-by-key typing)."""
    page = browser.page
    await page.locator(".graphiql-query-editor .CodeMirror").click()
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(text)


async def test_graphiql_runs_the_readme_query_offline_with_the_printed_key(
    served: Served, browser: Browser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = browser.page
    await page.goto(f"{served.base}/graphql")
    form = page.locator("form.sgm-key-form")
    await expect(form).to_contain_text("Authorization: Bearer <key>")
    await expect(form).to_contain_text("segmentum serve")
    await enter_key(browser, served.key)

    editor = page.locator(".graphiql-query-editor .CodeMirror")
    await expect(editor).to_contain_text('"dev" (admin, read, write)')

    # The docs come from the schema GraphiQL read with the key.
    await page.get_by_role("button", name="Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    await docs.get_by_role("link", name="Query", exact=True).click()
    await expect(docs.locator(".graphiql-doc-explorer-field-name", has_text="contacts").first).to_be_visible()

    # So does the autocompletion.
    await replace_query(browser, "")
    await page.keyboard.type("{ conta")
    await expect(page.locator(".CodeMirror-hints")).to_contain_text("contacts")
    await page.keyboard.press("Escape")

    await replace_query(browser, INDUSTRY_GROUP_QUERY)
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    result = page.locator(".graphiql-response .CodeMirror")
    await expect(result).to_contain_text('"totalCount"')
    expected = await answer(served, INDUSTRY_GROUP_QUERY)
    contacts = expected["data"]["contacts"]
    assert contacts["totalCount"] > 0 and contacts["edges"][0]["node"]["persons"]["edges"]
    await expect(result).to_contain_text(f'"totalCount": {contacts["totalCount"]}')
    await expect(result).to_contain_text(contacts["edges"][0]["node"]["name"])
    assert json.loads(await result.evaluate("node => node.CodeMirror.getValue()")) == expected

    screenshot = tmp_path / "graphiql-industry-group.png"
    await page.screenshot(path=screenshot)
    with capsys.disabled():
        print(f"\nGraphiQL screenshot: {screenshot}")

    # The key stays for the browser session (a reload goes straight to GraphiQL), and only there.
    await page.reload()
    await expect(editor).to_contain_text("RETAIL")
    storage = await page.evaluate("() => [sessionStorage.getItem('segmentum.apiKey'), JSON.stringify(localStorage)]")
    assert storage[0] == served.key
    assert served.key not in storage[1]

    local_paths = {url.split("?")[0].rsplit("/", 1)[-1] for url in browser.requested}
    assert set(ASSETS) <= local_paths
    assert_stayed_on_the_machine(browser)


async def test_graphiql_says_what_to_do_when_the_key_is_missing_wrong_or_revoked(
    served: Served, browser: Browser
) -> None:
    page = browser.page
    await page.goto(f"{served.base}/graphql")
    alert = page.get_by_role("alert")

    await page.get_by_role("button", name="Use this key").click()
    await expect(alert).to_have_text("Enter an API key.")

    await enter_key(browser, "sgm_é clé")
    await expect(alert).to_have_text(
        "An API key has only letters, digits and punctuation, no spaces: it starts with sgm_.")

    await enter_key(browser, "sgm_not-a-key")
    await expect(alert).to_have_text("The server refused this key: The API key is not valid or has been revoked.")
    await expect(page.locator(".graphiql-container")).to_have_count(0)

    created = await run_cli(served.database_url, "api-key", "create", "browser", "--scope", "read")
    assert created.code == 0, created.err
    await enter_key(browser, created.lines[-1])
    await expect(page.locator(".graphiql-query-editor .CodeMirror")).to_contain_text('"browser" (read)')

    # Revoked while the page is open: the next request brings the form back, saying why.
    assert (await run_cli(served.database_url, "api-key", "revoke", "browser")).code == 0
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await expect(alert).to_have_text(
        "The server refused the key of this tab: The API key is not valid or has been revoked.")
    assert await page.evaluate("() => sessionStorage.getItem('segmentum.apiKey')") is None

    # The toolbar's key button goes back to the form too.
    await enter_key(browser, served.key)
    await page.get_by_role("button", name=re.compile(r'^API key "dev"')).click()
    await expect(page.locator("#sgm-api-key")).to_be_visible()
    assert await page.evaluate("() => sessionStorage.getItem('segmentum.apiKey')") is None
    assert_stayed_on_the_machine(browser)

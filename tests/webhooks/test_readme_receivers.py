"""The README's receiver checks, in Python and in TypeScript, run on a real delivery: they accept it, and refuse a
changed body, a wrong secret and a stale timestamp."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.readme import blocks
from tests.webhooks.conftest import CONTACT_CREATE, Receiver, settle

HTTP_DIR = Path(__file__).resolve().parents[1] / "http"


def readme_block(lang: str) -> str:
    [block] = [b for b in blocks(lang) if "verify" in b.text.lower() and "webhook" in b.text.lower()]
    return block.text


@pytest.fixture
async def delivered(gql, receiver: Receiver, endpoint, in_process) -> tuple[str, dict[str, str], bytes]:
    secret = (await endpoint(receiver.url, "CONTACT_CREATED"))["secret"]
    await gql(CONTACT_CREATE, {"no": "K1"})
    await settle()
    [request] = receiver.requests
    return secret, request.headers, request.body


def test_the_python_check(delivered: tuple[str, dict[str, str], bytes]) -> None:
    secret, headers, body = delivered
    scope: dict[str, Any] = {}
    exec(compile(readme_block("python"), "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    verify = scope["verify_webhook"]
    assert verify(secret, headers, body)["type"] == "contact.created"
    with pytest.raises(ValueError, match="no valid signature"):
        verify(secret, headers, body.replace(b"K1", b"K2"))
    with pytest.raises(ValueError, match="no valid signature"):
        verify("whsec_" + "A" * 44, headers, body)
    with pytest.raises(ValueError, match="timestamp"):
        verify(secret, {**headers, "webhook-timestamp": str(int(time.time()) - 3600)}, body)


DRIVER = """
const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
for (const c of cases) {
  try { const event: any = verifyWebhook(c.secret, c.headers, c.body); console.log("ok " + event.type); }
  catch (e) { console.log("refused " + (e as Error).message); }
}
"""


def test_the_typescript_check(delivered: tuple[str, dict[str, str], bytes], tmp_path: Path) -> None:
    tsc = HTTP_DIR / "node_modules" / ".bin" / "tsc"
    if shutil.which("node") is None or not tsc.exists():
        pytest.skip("node and tests/http/node_modules/.bin/tsc (npm ci in tests/http) are needed")
    secret, headers, body = delivered
    source = readme_block("typescript").replace("export function", "function") + DRIVER
    (tmp_path / "check.ts").write_text(source)
    # Type-checked strictly, as a partner's project would compile it, with Node's types.
    (tmp_path / "node_modules").symlink_to(HTTP_DIR / "node_modules")
    subprocess.run([str(tsc), "--strict", "--target", "es2022", "--module", "commonjs", "--types", "node",
                    "--outDir", ".", "check.ts"], cwd=tmp_path, check=True, timeout=120)
    text = body.decode()
    cases = [
        {"secret": secret, "headers": headers, "body": text},
        {"secret": secret, "headers": headers, "body": text.replace("K1", "K2")},
        {"secret": "whsec_" + "A" * 44, "headers": headers, "body": text},
        {"secret": secret, "headers": {**headers, "webhook-timestamp": str(int(time.time()) - 3600)}, "body": text},
    ]
    out = subprocess.run(["node", "check.js"], cwd=tmp_path, input=json.dumps(cases), capture_output=True,
                         text=True, timeout=60, check=True).stdout.splitlines()
    assert out == ["ok contact.created", "refused no valid signature", "refused no valid signature",
                   "refused stale timestamp"]

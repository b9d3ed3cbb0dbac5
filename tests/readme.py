"""The README's examples, for the tests that run them as a reader would."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_example(after: str) -> str:
    """The first GraphQL block of README.md after the text `after`."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```graphql\n(.*?)```", text[text.index(after):], re.S)
    assert block, f"no GraphQL example after {after!r} in README.md"
    return block.group(1)

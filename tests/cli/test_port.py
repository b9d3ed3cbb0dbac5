"""What `segmentum serve` says about a port it cannot listen on, before it does anything else (a busy port:
tests/cli/test_serve.py)."""

from __future__ import annotations

from segmentum.port import why_not_serve
from tests.cli.conftest import free_port


def test_a_free_port_is_fine() -> None:
    assert why_not_serve("127.0.0.1", free_port()) is None


def test_an_address_of_another_machine_is_refused_with_the_reason() -> None:
    # 192.0.2.1 is reserved for documentation: no interface here has it, so nothing can listen on it.
    assert why_not_serve("192.0.2.1", 8000) == "Cannot listen on 192.0.2.1:8000: Cannot assign requested address."

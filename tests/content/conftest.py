"""Content tests use the logging setup (contacts C01..C12, templates MAIL and LETTER, segments through the API)."""

from tests.http.conftest import make_key  # noqa: E402, F401 - API keys for the HTTP tests
from tests.log.conftest import (  # noqa: F401 - shared fixtures
    held_jobs,
    log_segment,
    make_contact,
    make_segment,
    mutate,
    outbox,
    setup,
)
from tests.log.test_delivery import smtp_server  # noqa: E402, F401 - a real SMTP server

"""Runtime configuration, read from environment variables once per process."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite://segmentum.sqlite3"


def display_url(url: str) -> str:
    """A URL without its password, as messages and logs show it."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"
    return url


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _list(name: str) -> list[str]:
    raw = os.environ.get(name, "")
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    # A document's length in characters, checked before it is parsed: parsing is linear but runs on the event
    # loop, and no query needs a megabyte (a comment can make one that long under the token limit).
    max_document_chars: int = 100_000
    max_page_size: int = 100
    max_query_cost: int = 50000
    # Longest chain of fragments spreading one another.
    max_fragment_depth: int = 20
    # Copies of one response name in one selection set (graphql-core compares them pairwise).
    max_field_repeats: int = 20
    # Bytes of parsed and validated documents the process keeps (schema/document_cache.py).
    document_cache_bytes: int = 32 * 1024 * 1024
    # Automatic persisted queries kept in all, and stored by one API key (schema/persisted.py).
    persisted_documents: int = 2000
    persisted_documents_per_key: int = 100
    # WebSockets: seconds to send connection_init, seconds without a message or a running operation before the
    # socket is closed, seconds between lookups of its key, sockets one API key may hold in a process.
    ws_handshake_seconds: float = 10.0
    ws_idle_seconds: float = 300.0
    ws_key_check_seconds: float = 10.0
    ws_sockets_per_key: int = 20
    # A request whose estimated cost reaches this is expensive: it counts against the key's concurrency limit.
    expensive_cost: int = 5000
    # Expensive requests one API key may run at once (shared through Redis when REDIS_URL is set).
    max_concurrent_expensive: int = 2
    # Requests one API key may start per minute (shared through Redis when REDIS_URL is set); 0 = no limit.
    rate_limit_per_minute: int = 600
    # Time budget of one statement of the API's connections, in milliseconds (PostgreSQL statement_timeout; on
    # SQLite a progress handler interrupts the statement); 0 = none.
    statement_timeout_ms: int = 60000
    # Delivery: without an SMTP host, e-mails are written as RFC 5322 files (and hard-copy lists) to the outbox.
    outbox_dir: str = "outbox"
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "segmentum@localhost"
    # A failed delivery is tried again after this many seconds, doubled at each further try.
    delivery_retry_seconds: float = 30.0
    # A segment with more lines than this is logged by a job (the mutation returns the job).
    log_job_threshold: int = 10000
    # A worksheet action (Add, Reduce, Refine, Go Back, reuse of saved criteria or of a logged segment) whose
    # bounded size estimate is above this runs as a SEGMENT_ACTION job (the mutation returns the job at once), so
    # that no action over the API runs into the statement timeout: an Add's candidates, a Reduce's or Refine's
    # lines, the lines the last action changed for Go Back.
    action_job_threshold: int = 100_000
    # A job's lease: a worker renews a running job's lease every `job_lease_renew_seconds`; a QUEUED or RUNNING
    # job whose lease has run out and whose queue entry is gone (Redis restarted without persistence, a
    # failover) is put back on the queue, counted as an attempt. Workers look for such jobs every
    # `job_reconcile_seconds`.
    job_lease_seconds: float = 120.0
    # Operations running at once on one WebSocket, and jobUpdated subscriptions one API key holds in one process.
    max_subscriptions_per_socket: int = 20
    max_subscriptions_per_key: int = 100
    job_lease_renew_seconds: float = 30.0
    job_reconcile_seconds: float = 60.0
    # Content: an uploaded attachment's size limit (the 1 MB request cap holds for everything else), and the
    # bounds of rendering one contact's merged content.
    max_upload_bytes: int = 10_000_000
    # A contact import file's size limit (contactImport): the web process holds it while it receives it.
    max_import_bytes: int = 50_000_000
    # Where uploaded attachments are kept (as <sha256>); unset: in the database.
    attachment_dir: str | None = None
    render_max_bytes: int = 1_000_000
    render_max_seconds: float = 1.0
    # Webhooks: seconds before the first retry of a failed delivery (doubled at each further one), the window
    # after the first attempt within which it is retried, failed attempts in a row after which an endpoint is
    # disabled, the timeout of one attempt, and the private addresses (IPs or CIDR networks) endpoints may use.
    webhook_retry_seconds: float = 30.0
    webhook_retry_window_seconds: float = 86400.0
    webhook_disable_after: int = 20
    webhook_timeout_seconds: float = 10.0
    webhook_allowed_networks: list[str] = field(default_factory=list)
    # Bulk queries: how long a finished file is served, and the page size of the job's walk.
    bulk_query_ttl_seconds: float = 604800.0
    bulk_query_page_size: int = 2000
    # Jobs: the arq queue (one per deployment sharing a Redis), a job's own time limit (below arq's, so that a job
    # that runs too long is recorded as FAILED), how often a subscription re-reads its job while Redis pub/sub is
    # down, and how often the in-process schedule (no Redis) looks for due DYNAMIC segments.
    queue_name: str = "segmentum:queue"
    job_timeout_seconds: float = 1800.0
    job_poll_seconds: float = 1.0
    schedule_seconds: float = 60.0

    @classmethod
    def from_env(cls) -> Settings:
        d = cls()  # every default is written once, on its field above
        return cls(
            database_url=os.environ.get("DATABASE_URL") or d.database_url,
            redis_url=os.environ.get("REDIS_URL") or None,
            cors_origins=_list("CORS_ORIGINS"),
            max_query_depth=_int("SEGMENTUM_MAX_DEPTH", d.max_query_depth),
            max_aliases=_int("SEGMENTUM_MAX_ALIASES", d.max_aliases),
            max_tokens=_int("SEGMENTUM_MAX_TOKENS", d.max_tokens),
            max_document_chars=_int("SEGMENTUM_MAX_DOCUMENT_CHARS", d.max_document_chars),
            max_page_size=min(_int("SEGMENTUM_MAX_PAGE_SIZE", d.max_page_size), 100),
            max_query_cost=_int("SEGMENTUM_MAX_COST", d.max_query_cost),
            max_fragment_depth=_int("SEGMENTUM_MAX_FRAGMENT_DEPTH", d.max_fragment_depth),
            max_field_repeats=_int("SEGMENTUM_MAX_FIELD_REPEATS", d.max_field_repeats),
            document_cache_bytes=_int("SEGMENTUM_DOCUMENT_CACHE_BYTES", d.document_cache_bytes),
            persisted_documents=_int("SEGMENTUM_PERSISTED_DOCUMENTS", d.persisted_documents),
            persisted_documents_per_key=_int("SEGMENTUM_PERSISTED_DOCUMENTS_PER_KEY", d.persisted_documents_per_key),
            ws_handshake_seconds=_float("SEGMENTUM_WS_HANDSHAKE_SECONDS", d.ws_handshake_seconds),
            ws_idle_seconds=_float("SEGMENTUM_WS_IDLE_SECONDS", d.ws_idle_seconds),
            ws_key_check_seconds=_float("SEGMENTUM_WS_KEY_CHECK_SECONDS", d.ws_key_check_seconds),
            ws_sockets_per_key=_int("SEGMENTUM_WS_SOCKETS_PER_KEY", d.ws_sockets_per_key),
            expensive_cost=_int("SEGMENTUM_EXPENSIVE_COST", d.expensive_cost),
            max_concurrent_expensive=_int("SEGMENTUM_MAX_CONCURRENT_EXPENSIVE", d.max_concurrent_expensive),
            rate_limit_per_minute=_int("SEGMENTUM_RATE_LIMIT", d.rate_limit_per_minute),
            statement_timeout_ms=_int("SEGMENTUM_STATEMENT_TIMEOUT_MS", d.statement_timeout_ms),
            outbox_dir=os.environ.get("SEGMENTUM_OUTBOX_DIR") or d.outbox_dir,
            smtp_host=os.environ.get("SEGMENTUM_SMTP_HOST") or None,
            smtp_port=_int("SEGMENTUM_SMTP_PORT", d.smtp_port),
            mail_from=os.environ.get("SEGMENTUM_MAIL_FROM") or d.mail_from,
            delivery_retry_seconds=_float("SEGMENTUM_DELIVERY_RETRY_SECONDS", d.delivery_retry_seconds),
            log_job_threshold=_int("SEGMENTUM_LOG_JOB_THRESHOLD", d.log_job_threshold),
            action_job_threshold=_int("SEGMENTUM_ACTION_JOB_THRESHOLD", d.action_job_threshold),
            max_subscriptions_per_socket=_int("SEGMENTUM_MAX_SUBSCRIPTIONS_PER_SOCKET", d.max_subscriptions_per_socket),
            max_subscriptions_per_key=_int("SEGMENTUM_MAX_SUBSCRIPTIONS_PER_KEY", d.max_subscriptions_per_key),
            job_lease_seconds=_float("SEGMENTUM_JOB_LEASE_SECONDS", d.job_lease_seconds),
            job_lease_renew_seconds=_float("SEGMENTUM_JOB_LEASE_RENEW_SECONDS", d.job_lease_renew_seconds),
            job_reconcile_seconds=_float("SEGMENTUM_JOB_RECONCILE_SECONDS", d.job_reconcile_seconds),
            max_upload_bytes=_int("SEGMENTUM_MAX_UPLOAD_BYTES", d.max_upload_bytes),
            max_import_bytes=_int("SEGMENTUM_MAX_IMPORT_BYTES", d.max_import_bytes),
            attachment_dir=os.environ.get("SEGMENTUM_ATTACHMENT_DIR") or None,
            render_max_bytes=_int("SEGMENTUM_RENDER_MAX_BYTES", d.render_max_bytes),
            render_max_seconds=_float("SEGMENTUM_RENDER_MAX_SECONDS", d.render_max_seconds),
            webhook_retry_seconds=_float("SEGMENTUM_WEBHOOK_RETRY_SECONDS", d.webhook_retry_seconds),
            webhook_retry_window_seconds=_float("SEGMENTUM_WEBHOOK_RETRY_WINDOW_SECONDS",
                                                d.webhook_retry_window_seconds),
            webhook_disable_after=_int("SEGMENTUM_WEBHOOK_DISABLE_AFTER", d.webhook_disable_after),
            webhook_timeout_seconds=_float("SEGMENTUM_WEBHOOK_TIMEOUT_SECONDS", d.webhook_timeout_seconds),
            webhook_allowed_networks=_list("SEGMENTUM_WEBHOOK_ALLOWED_NETWORKS"),
            bulk_query_ttl_seconds=_float("SEGMENTUM_BULK_QUERY_TTL_SECONDS", d.bulk_query_ttl_seconds),
            bulk_query_page_size=max(100, _int("SEGMENTUM_BULK_QUERY_PAGE_SIZE", d.bulk_query_page_size)),
            queue_name=os.environ.get("SEGMENTUM_QUEUE") or d.queue_name,
            job_timeout_seconds=_float("SEGMENTUM_JOB_TIMEOUT_S", d.job_timeout_seconds),
            job_poll_seconds=_float("SEGMENTUM_JOB_POLL_SECONDS", d.job_poll_seconds),
            schedule_seconds=_float("SEGMENTUM_SCHEDULE_SECONDS", d.schedule_seconds),
        )

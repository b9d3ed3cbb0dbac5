"""Webhooks: endpoints partners register, the outbox of events, and the deliveries of each event to each endpoint."""

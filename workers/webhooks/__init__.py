"""Webhook delivery: signing, the guarded HTTP post, the delivery job and the dispatcher of the outbox."""

"""Webhooks in GraphQL: endpoints (admin only), deliveries and their attempts."""

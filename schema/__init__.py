"""GraphQL schema: Strawberry types, inputs, payloads and root fields per domain, the root types and the ASGI
routes."""

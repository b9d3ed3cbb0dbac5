"""The application layer: one module per domain that the schema's fields call (IDs decoded, records locked,
queries composed), keyset pages and the per-request DataLoaders."""

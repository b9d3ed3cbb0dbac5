"""What the schema calls: inputs to domain calls, keyset pages, per-request DataLoaders."""

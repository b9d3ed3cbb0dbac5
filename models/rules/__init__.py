"""Domain operations: validate, then change the models (callers provide the transaction)."""

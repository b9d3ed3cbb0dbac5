"""Background jobs: one Job record per run, executed by arq workers or, without Redis, in-process."""

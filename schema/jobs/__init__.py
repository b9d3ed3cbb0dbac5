"""Background jobs as clients see them: the Job type and the fields that report on jobs."""

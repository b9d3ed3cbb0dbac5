"""Logging a segment: the checks, the set-based write, the follow-up segment and the delivery of the entries."""

"""The segment worksheet: Add / Reduce / Refine, manual lines, Go Back, saved criteria — set-based SQL.

Every operation runs inside the caller's transaction, locks the segment row first (PostgreSQL) so that
two actions on one segment never interleave, and records its criteria action and line history.
"""

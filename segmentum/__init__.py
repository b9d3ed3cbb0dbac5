"""Segmentum's composition root: the `segmentum` command and the wired application (schema, database, jobs).

It imports every layer; no layer imports it."""

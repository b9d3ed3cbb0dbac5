"""Segmentum, installed as one top-level package.

The layers live in the repository's top-level folders (config, models, schema, resolvers, workers) and import as
`segmentum.config`, `segmentum.models`, ...: this folder links to each. The modules here (app, cli, jobs, worker)
are the composition root: the `segmentum` command and the wired application. They import every layer; no layer
imports them."""

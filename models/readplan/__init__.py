"""Read plans: a known GraphQL read resolved ahead of time into tables, columns, joins and the shape of its JSON
answer, run as a fixed number of set-based statements (schema/compiled.py makes them from documents)."""

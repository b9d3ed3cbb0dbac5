"""Benchmarks: a realistic contact base generator and the worksheet-versus-hand-written-SQL comparison."""

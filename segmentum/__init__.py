"""Segmentum: a GraphQL API for marketing segmentation (composition root: settings, database, CLI)."""

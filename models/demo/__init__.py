"""The demo data set: a deterministic generator of companies, persons, master data and past interactions."""

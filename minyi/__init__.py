"""Minyi Ledger: a public ledger of grassroots deputy work kept as YAML in git."""

"""Turns the validated ledger into the public MkDocs Material site."""

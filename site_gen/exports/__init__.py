"""Open data a journalist takes away: tables (CSV, JSON, SQLite), the published JSON Schemas,
the Frictionless Data Package and each record's YAML.

Why a package apart from `site_gen.pages.opendata`: the page only lists and explains the
files; these modules define what is in them, once. Every format reads the same table
definitions (`tables.py`), so a column means the same thing in the CSV, the datapackage and
SQL. Record kinds come from the registry (`minyi.kinds`), so a new kind is published
without an edit here.
"""

"""The JSON Schemas as published: each carries its own URL as `$id`.

Why at publish time and not in schemas/: a schema's relative `$ref` ("common.schema.json#/…")
resolves against its `$id`. On the site the `$id` is the published URL, so every tool
(ajv, check-jsonschema, an IDE) that loads one schema finds its neighbours. In the
repository the files have no `$id`: yaml-language-server and check-jsonschema then resolve
the same refs against the file's own location, which is what a clerk's editor needs. (A
relative `$id` there was tried: check-jsonschema resolves it against the working
directory, not the file, and fails outside schemas/.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from minyi import resources

FOLDER = "data/schemas"


def schema_url(site_url: str, file_name: str) -> str:
    return f"{site_url.rstrip('/')}/{FOLDER}/{file_name}"


def published(site_url: str) -> Iterator[tuple[str, str]]:
    """(site path, text) of every schema, `$id` set right after `$schema`."""
    for path in sorted(resources.schema_dir().glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        head = {k: schema.pop(k) for k in ("$schema",) if k in schema}
        schema.pop("$id", None)
        text = json.dumps({**head, "$id": schema_url(site_url, path.name), **schema}, ensure_ascii=False, indent=2)
        yield f"{FOLDER}/{path.name}", text + "\n"

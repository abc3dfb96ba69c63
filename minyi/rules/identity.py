"""An id equals its file name, and the file sits where its kind and year say."""

from __future__ import annotations

from ..ledger import Record, expected_path, stem


def per_record(rec: Record, ctx):
    name = stem(rec.path)
    if rec.kind == "ledger":
        return
    if rec.id != name:
        yield rec.loaded.report(("id",), "id-mismatch", id=rec.id, stem=name)
        return
    want = expected_path(rec.kind, rec.id)
    if want != rec.path:
        yield rec.loaded.report(("id",), "path-mismatch", want=want, file=rec.path)

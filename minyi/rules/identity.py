"""An id equals its file name, and the file sits where its kind and year say."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..ledger import Record, expected_path


def per_record(rec: Record, ctx):
    stem = PurePosixPath(rec.path).stem
    if rec.kind == "ledger":
        return
    if rec.id != stem:
        yield rec.loaded.report(("id",), "id-mismatch", id=rec.id, stem=stem)
        return
    want = expected_path(rec.kind, rec.id)
    if want != rec.path:
        yield rec.loaded.report(("id",), "path-mismatch", want=want, file=rec.path)

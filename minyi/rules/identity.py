"""An id equals its file name, and the file sits where its kind and year say."""
from __future__ import annotations

from pathlib import PurePosixPath

from ..ledger import Record, expected_path


def per_record(rec: Record, ctx):
    stem = PurePosixPath(rec.path).stem
    if rec.kind == "ledger":
        return
    if rec.id != stem:
        yield rec.loaded.problem(("id",), "id-mismatch", f"id「{rec.id}」与文件名「{stem}」不一致 (id must equal file name)",
                                 f"把 id 改成 {stem}，或把文件改名为 {rec.id}.yaml")
        return
    want = expected_path(rec.kind, rec.id)
    if want != rec.path:
        yield rec.loaded.problem(("id",), "path-mismatch", f"这条记录应放在 {want} (wrong folder)",
                                 f"git mv {rec.path} {want}")

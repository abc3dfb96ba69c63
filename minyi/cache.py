"""On-disk caches that make repeated validation cheap; never a source of truth.

Everything is keyed by the validator's own code and schemas (a changed rule
invalidates all entries) and by each file's size and modification time. A cache
that cannot be read is ignored and rebuilt.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from . import resources

CACHE_DIR = ".minyi-cache"
HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def code_key() -> str:
    """A digest of the validator's code and schemas: any change to them empties the caches."""
    h = hashlib.sha256()
    for path in sorted([*HERE.rglob("*.py"), *resources.schema_dir().glob("*.json")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def read(root: Path, name: str):
    path = root / CACHE_DIR / name
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)
        return data if data.get("code") == code_key() else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def write(root: Path, name: str, data: dict) -> None:
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump({**data, "code": code_key()}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
    except OSError:
        pass  # a read-only checkout still validates, just without a cache

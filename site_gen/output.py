"""The output folder: where a build happens, how it replaces the old site, and what a clerk is told when it cannot.

A build happens in a sibling folder `.<out>.build-<pid>-…` and replaces `out` only when
everything passed. Killed builds used to leave those folders forever; a new build
removes the ones whose process is gone. The swap exchanges the two folders in one
system call (Linux `renameat2(RENAME_EXCHANGE)`), so a reader never finds no site at
all; where the call does not exist the two renames leave a window of microseconds.
The old site then lies in the workspace, which a detached `rm` deletes (`discard`): deleting
tens of thousands of files was a fifth of a rebuild, and nobody needs to wait for it.
A read-only output, an output that is a mount point, or a full disk is one Chinese
line, never a traceback.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale(out: Path) -> list[Path]:
    """Remove build and swap leftovers of `out` whose process no longer runs; returns what went."""
    removed = []
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        kind, _, rest = leftover.name[len(out.name) + 2 :].partition("-")
        pid = rest.split("-", 1)[0]
        if kind in ("build", "old") and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def workspace(out: Path) -> Path:
    """A fresh folder beside `out` for one build (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.build-{os.getpid()}-", dir=out.parent))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then the caller renames twice)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(built: Path, out: Path) -> None:
    """Put `built` where `out` is; the old site is left in `built`'s folder (the workspace),
    for `discard` to delete with it once the new site is in place."""
    out = out.resolve()
    if not out.exists():
        os.replace(built, out)
        return
    if _exchange(built, out):
        return  # `built` now holds the old site
    old = built.with_name(built.name + "-old")  # in the workspace: a killed build's is cleaned with it
    os.replace(out, old)
    os.replace(built, out)


# Renames the folder to `.<out>.old-<its own pid>-trash`, then becomes `rm` under that pid: while it
# runs, `clean_stale` leaves the folder alone; if it is killed, the next build removes the rest.
_DELETE = 'trash="$1$$-trash" && mv -- "$2" "$trash" && exec rm -rf -- "$trash"'


def discard(folder: Path, out: Path) -> None:
    """Delete `folder` (a finished build's workspace, with the old site in it) in a detached
    process, so the build returns as soon as the new site is in place; in this process where
    no process can be started."""
    try:
        subprocess.Popen(
            ["sh", "-c", _DELETE, "sh", str(out.parent / f".{out.name}.old-"), str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the clerk's terminal or a CI step's process group
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def explain(exc: OSError, out: Path) -> str:
    """What a clerk reads when the output folder cannot take the site."""
    where = f"输出目录 {out}"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{where} 不可写（只读或没有权限），网站未生成；换一个可写的 --out 目录"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，网站未生成，{where} 中原来的网站保持不变；清理空间后重试"
    if exc.errno in (errno.EBUSY, errno.EXDEV):
        return f"{where} 是挂载点或在另一个磁盘上，不能整体替换；改用它下面的子目录作为 --out"
    return f"{where} 无法写入：{exc.strerror or exc}，网站未生成"


@contextlib.contextmanager
def environment(**values: str):
    """Set environment variables for one call (MkDocs reads them) and put the old ones back after."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

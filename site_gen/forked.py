"""Work shared between this process and forked copies of it (the record pages of a build).

Why: rendering, checking and writing one page per record is most of a build, each page is
independent of the others, and a machine has more than one core. A fork made after the site
model is built shares the model as it is, so nothing is pickled or sent per page. Each process
does its share of the chunks (`mine`); a child hands back only what the parent must know, as
JSON through a pipe (findings, pages checked, the reuse entries of pages it made, QR codes),
never the pages, which it writes itself.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections.abc import Callable

CHUNK = 64  # records in a row that one process makes: small enough to balance the shares


def processes(records: int, least: int) -> int:
    """How many processes to make `records` pages in: one per core (at most four: each copies the
    parts of the model it touches), or one for a ledger under `least` records or without fork."""
    if records < least or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def mine(position: int, share: int, shares: int) -> bool:
    """Whether the item at `position` (counted across all items, in order) is in `share`."""
    return (position // CHUNK) % shares == share


def run(work: Callable[[int, int], dict], shares: int) -> list[dict]:
    """`work(share, shares)` for each share: share 0 in this process, the others in forked children
    (their results must be plain JSON). Results in share order. A child's error is raised here,
    an OSError as an OSError (a full disk reads the same from any process)."""
    if shares <= 1:
        return [work(0, 1)]
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the model's objects are left out of collections: a child's collector would copy their pages
    children = []
    try:
        for share in range(1, shares):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns into the caller's code
                os.close(read)
                _child(work, share, shares, write)
            os.close(write)
            children.append((pid, read))
        results = [work(0, shares)]
        while children:
            pid, read = children.pop(0)
            results.append(_result(pid, read))
        return results
    finally:
        gc.unfreeze()
        for pid, read in children:  # this process failed first: its children's work is not wanted
            os.close(read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(work, share: int, shares: int, write: int) -> None:
    code = 0
    try:
        try:
            answer = {"ok": work(share, shares)}
        except OSError as exc:
            answer = {"oserror": [exc.errno, exc.strerror, exc.filename and str(exc.filename)]}
        except BaseException as exc:  # noqa: BLE001 - anything else is reported by the parent, as one line
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(write, "w", encoding="utf-8") as out:
            json.dump(answer, out, ensure_ascii=False)
    except BaseException:  # noqa: BLE001 - the pipe itself failed: the parent sees no answer
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers or cache connection


def _result(pid: int, read: int) -> dict:
    with os.fdopen(read, "r", encoding="utf-8") as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    answer = json.loads(text) if text else {}
    if "ok" in answer:
        return answer["ok"]
    if "oserror" in answer:
        raise OSError(*answer["oserror"])
    raise RuntimeError(answer.get("error") or f"a process making record pages stopped (status {status})")

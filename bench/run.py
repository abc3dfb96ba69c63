"""Benchmarks: our path and the naive path side by side, at several ledger sizes.

    python bench/run.py --sizes 1000,10000,100000 [--write-doc]

Prints a table and writes bench/results.json; --write-doc also rewrites
docs/performance.md. Every step runs as its own process, and each is recorded with its
wall time, its CPU time (user + system, children included), the peak memory of its largest
process and the load average when it started: on a shared machine the CPU time and the
memory compare across runs, the wall time only at a similar load. The naive paths are PyYAML's pure-Python loader plus
`jsonschema` per record, one GitPython log call per file, and MkDocs with every
record in the navigation; where they would take hours they run on a sample and the
result is extrapolated (marked "≈").
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-22"
PY = sys.executable
TARGETS = {  # issue 12, at 100,000 records / 200,000 commits on 2 cores
    "validate_cold": 15,
    "validate_warm": 0.5,
    "check_change": 1,
    "history_cold": 15,
    "history_one": 1,
    "history_id": 0.5,
    "build": 90,
    "build_mb": 1536,
    "rebuild_one": 20,  # 5 s at 10,000
    "index_s": 60,
    "index_peak_mb": 1536,
    "record_page_kb": 30,
    "list_data_mb": 2,
}

WRAPPER = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
    "w = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(w, u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode); "
    "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '')"
)


def run_step(cwd: Path, *cmd: str) -> dict:
    """Wall and CPU seconds (user + system, the command and its children), peak memory (MB, the
    largest process) and the 1-minute load average when it started: the machine is shared."""
    load = os.getloadavg()[0]
    out = subprocess.run([PY, "-c", WRAPPER, str(cwd), *cmd], capture_output=True, text=True, check=True)
    wall, cpu, rss, code = out.stdout.split()
    if code != "0":  # a failed command is not a measurement
        raise RuntimeError(f"{' '.join(cmd)} failed: {out.stderr}")
    return {"wall": float(wall), "cpu": float(cpu), "mb": int(rss) / 1024, "load": load}


def step(res: dict, key: str, cwd: Path, *cmd: str) -> float:
    """Measure one step into res: key (wall), key_cpu, key_mb, key_load."""
    got = run_step(cwd, *cmd)
    res.update({key: got["wall"], f"{key}_cpu": got["cpu"], f"{key}_mb": got["mb"], f"{key}_load": got["load"]})
    return got["wall"]


def minyi(*args: str) -> list[str]:
    return [PY, "-m", "minyi", *args]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


NAIVE_VALIDATE = """
import sys, time, yaml, jsonschema, pathlib, json
from minyi import schema, ledger
files = sorted(pathlib.Path(sys.argv[1]).rglob('records/**/*.yaml'))
sample = files[:int(sys.argv[2])]
validators = {k: jsonschema.Draft202012Validator(schema.bundled(k), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER) for k in schema.KINDS}
t = time.perf_counter()
for f in sample:
    data = yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.SafeLoader)
    kind = ledger.kind_of(f.relative_to(sys.argv[1]).as_posix())
    if kind:
        list(validators[kind].iter_errors(json.loads(json.dumps(data, default=str))))
print((time.perf_counter() - t) * len(files) / len(sample))
"""

NAIVE_HISTORY = """
import sys, time, git, pathlib, random
root = pathlib.Path(sys.argv[1]); repo = git.Repo(root)
files = sorted(p.relative_to(root).as_posix() for p in root.rglob('records/**/*.yaml'))
sample = random.Random(1).sample(files, min(len(files), int(sys.argv[2])))
t = time.perf_counter()
for f in sample:
    list(repo.iter_commits(paths=f))
print((time.perf_counter() - t) * len(files) / len(sample))
"""

HISTORY = """
import sys, pathlib
from minyi import history
from minyi.cache import Cache
from minyi.validate import load_files
root = pathlib.Path(sys.argv[1])
url = load_files(root, ['records/ledger.yaml']).settings.repository_url  # the address `minyi` uses
history.derive(root, url, Cache.for_ledger(root))
"""


def search_index(site: Path, work: Path, one_run: bool = False) -> dict:
    """The build's search index step alone, on the built site: wall and CPU seconds, size, pages, shards,
    the largest Pagefind process's peak memory; `one_run`: every page in one Pagefind run (no shards)."""
    from site_gen import search

    pages = [p.relative_to(site).as_posix() for p in site.rglob("index.html") if search.BUNDLE not in p.parts]
    shutil.rmtree(site / search.BUNDLE, ignore_errors=True)
    cut = search.shards
    if one_run:  # shards are cut where the paths' hashes say: replace the cutting itself
        search.shards = lambda pages, *args, **kwargs: [sorted(pages)]
    load, before = os.getloadavg()[0], os.times()
    try:
        stats = search.build_index(site, pages, work)
    finally:
        search.shards = cut
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # this process and its Pagefind runs
    return {
        "index_s": stats.seconds,
        "index_s_cpu": cpu,
        "index_s_load": load,
        "index_mb": stats.bytes / 1e6,
        "index_pages": stats.pages,
        "index_shards": stats.shards,
        "index_peak_mb": stats.peak_mb,
    }


def _out(script: str, root: Path, sample: int) -> str:
    return subprocess.run(
        [PY, "-c", script, str(root), str(sample)], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def naive_site(root: Path, out: Path) -> float:
    """MkDocs with every record page in the navigation, as a first version would do it."""
    script = f"""
import sys, time, datetime as dt, pathlib, yaml, shutil
sys.path.insert(0, {str(REPO)!r})
from minyi.validate import validate
from site_gen import pages
from site_gen.build import site_model
root = pathlib.Path({str(root)!r}); work = pathlib.Path({str(out)!r})
shutil.rmtree(work, ignore_errors=True); (work / 'docs').mkdir(parents=True)
ledger, _ = validate(root, dt.date.fromisoformat({TODAY!r}))
model = site_model(ledger, dt.date.fromisoformat({TODAY!r}), {{}})
nav = []
for p in (p for kind in pages.record_kinds(model) for p in pages.record_pages(model, kind)):
    page, title, body = p.path, p.title, p.body
    md = work / 'docs' / (page[:-len('/index.html')] + '.md'); md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text('# ' + title + '\\n\\n' + body + '\\n', encoding='utf-8'); nav.append({{title: page[:-len('/index.html')] + '.md'}})
(work / 'docs' / 'index.md').write_text('# home\\n', encoding='utf-8')
cfg = {{'site_name': 'naive', 'theme': {{'name': 'material', 'language': 'zh', 'font': False}}, 'nav': [{{'home': 'index.md'}}] + nav,
       'plugins': [{{'search': {{'lang': 'zh'}}}}], 'docs_dir': 'docs', 'site_dir': 'site'}}
(work / 'mkdocs.yml').write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding='utf-8')
"""
    subprocess.run([PY, "-c", script], check=True, cwd=REPO)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t = time.perf_counter()
    subprocess.run([PY, "-m", "mkdocs", "build", "-q"], cwd=out, check=True, env=env, capture_output=True)
    return time.perf_counter() - t


def forget_cache(root: Path) -> None:
    """Delete the ledger's cache file and the search shards kept beside it, so the next run is cold."""
    from minyi.cache import location

    path = location(root)
    if path is not None:
        path.unlink(missing_ok=True)
        shutil.rmtree(path.with_name(path.stem + "-search"), ignore_errors=True)  # the search index's shard store


def five_file_pr(root: Path) -> str:
    """A branch that advances five answered suggestions to closed, as a clerk's PR would."""
    git(root, "checkout", "-q", "-B", "bench-pr", "main")
    answered = []
    for path in sorted((root / "records/suggestions").rglob("*.yaml")):
        if "\nstatus: answered\n" in path.read_text(encoding="utf-8"):
            answered.append(path.stem)
        if len(answered) == 5:
            break
    for rid in answered:
        subprocess.run(
            minyi(
                "advance",
                rid,
                "closed",
                "--by",
                "DEP-001",
                "--outcome",
                "solved",
                "--note",
                "回访办结",
                "--date",
                TODAY,
                "--today",
                TODAY,
            ),
            cwd=root,
            check=True,
            capture_output=True,
        )
    git(root, "commit", "-qam", "Close five suggestions")
    return answered[0]


def run_size(n: int, work: Path, naive_limit: int, max_commits: int, reuse: bool = False) -> dict:
    root = work / f"ledger-{n}"
    sys.path.insert(0, str(REPO))
    from bench.synth import generate

    t = time.perf_counter()
    if reuse and (root / ".git").is_dir():  # a ledger left by an earlier run: put it back as generated
        git(root, "checkout", "-q", "-f", "main")
        git(root, "branch", "-q", "-D", "bench-pr") if "bench-pr" in git(root, "branch") else None
        git(root, "clean", "-qfdx", "records")
        shutil.rmtree(root / "site", ignore_errors=True)
        info = {"commits": int(git(root, "rev-list", "--count", "HEAD"))}
    else:
        info = generate(root, n, min(2 * n, max_commits))
    res = {
        "n": n,
        "files": sum(1 for _ in (root / "records").rglob("*.yaml")),
        "commits": info["commits"],
        "synth": time.perf_counter() - t,
    }
    print(f"[{n}] generated {res['files']} files, {res['commits']} commits in {res['synth']:.1f}s", flush=True)
    forget_cache(root)
    validate = minyi("validate", "--today", TODAY)
    step(res, "validate_cold", root, *validate)
    step(res, "validate_warm", root, *validate)
    sample = min(res["files"], naive_limit)
    res["naive_validate"] = float(_out(NAIVE_VALIDATE, root, sample))
    res["naive_validate_sampled"] = sample < res["files"]
    print(f"[{n}] validate cold {res['validate_cold']:.1f}s warm {res['validate_warm']:.2f}s", flush=True)

    step(res, "history_cold", REPO, PY, "-c", HISTORY, str(root))  # every trail, as the build reads them
    changed = five_file_pr(root)
    step(res, "check_change", root, *minyi("check-change", "main", "HEAD", "--today", TODAY))
    step(res, "history_one", root, *minyi("history", changed))  # the PR commit is the one new commit
    step(res, "history_id", root, *minyi("history", changed))  # nothing new: one indexed lookup
    step(res, "history_all", REPO, PY, "-c", HISTORY, str(root))  # every trail, up to date
    res["naive_history"] = float(_out(NAIVE_HISTORY, root, 40 if n <= 10000 else 10))
    print(f"[{n}] history cold {res['history_cold']:.1f}s +1 commit {res['history_one']:.2f}s", flush=True)

    site = root / "site"
    step(res, "build", root, *minyi("build", "--out", str(site), "--as-of", TODAY, "--today", TODAY))
    victim = next((root / "records/suggestions").rglob("*.yaml"))
    with open(victim, "a", encoding="utf-8") as fh:
        fh.write("# benchmark: one record changed\n")
    step(res, "rebuild_one", root, *minyi("build", "--out", str(site), "--as-of", TODAY, "--today", TODAY))
    page = site / "suggestions" / victim.stem / "index.html"
    res["record_page_kb"] = page.stat().st_size / 1024
    res["list_data_mb"] = max(p.stat().st_size for p in (site / "data/list").glob("*.json")) / 1e6
    res["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    res.update(search_index(site, work / f"index-{n}"))
    if n <= 10000:  # one Pagefind run over every page, as before the shards (16 GB at 100,000)
        res.update({f"one_{k}": v for k, v in search_index(site, work / f"index1-{n}", one_run=True).items()})
    if n <= 1000:
        res["naive_build"] = naive_site(root, work / f"naive-{n}")
    print(f"[{n}] build {res['build']:.1f}s {res['build_mb']:.0f}MB, index {res['index_s']:.1f}s", flush=True)
    if not reuse:
        shutil.rmtree(root, ignore_errors=True)
    return res


def fmt(v, unit="s", approx=False):
    if v is None:
        return "—"
    pre = "≈" if approx else ""
    return f"{pre}{v:.2f} {unit}" if v < 10 else f"{pre}{v:.0f} {unit}"


def timed(key: str):
    """A step's wall time, with its CPU time (user + system) and the load average when it started."""

    def cell(r: dict) -> str:
        if r.get(key) is None:
            return "—"
        extra = f"（CPU {fmt(r[key + '_cpu'])}，负载 {r[key + '_load']:.1f}）" if f"{key}_cpu" in r else ""
        return fmt(r[key]) + extra

    return cell


def indexed(prefix: str):
    """The index's pages, shards and size; `one_` for the one-run (unsharded) index."""

    def cell(r: dict) -> str:
        if not r.get(prefix + "index_s"):
            return "未运行（约 16 GB）" if prefix and r["n"] > 10000 and "index_s" in r else "—"
        return f"{r[prefix + 'index_pages']:,} 页 {r[prefix + 'index_shards']} 片，{r[prefix + 'index_mb']:.0f} MB"

    return cell


def mb(key: str):
    return lambda r: f"{r[key]:.0f} MB" if r.get(key) is not None else "—"


def table(results: list[dict]) -> str:
    rows = [
        ("代码（提交）、测量日期", lambda r: f"{r.get('commit', '未记录')}，{r.get('date', '未记录')}"),
        ("记录文件数", lambda r: f"{r['files']:,}"),
        ("提交数", lambda r: f"{r['commits']:,}"),
        ("validate 冷启动", timed("validate_cold")),
        ("validate 无改动（缓存）", timed("validate_warm")),
        (
            "朴素校验（PyYAML 纯 Python + jsonschema）",
            lambda r: fmt(r["naive_validate"], approx=r["naive_validate_sampled"]),
        ),
        ("倍数（朴素 ÷ 我们，冷启动）", lambda r: f"{r['naive_validate'] / r['validate_cold']:.1f}×"),
        ("check-change，5 个文件的 PR", timed("check_change")),
        ("历史 冷启动（全部记录）", timed("history_cold")),
        ("历史 新增一次提交后（`minyi history ID`）", timed("history_one")),
        ("`minyi history ID`（无新提交）", timed("history_id")),
        ("历史 全部记录读出（整站生成用，已是最新）", timed("history_all")),
        ("朴素历史（每个文件一次 GitPython log）", lambda r: fmt(r["naive_history"], approx=True)),
        ("倍数（朴素 ÷ 我们，冷启动）", lambda r: f"{r['naive_history'] / r['history_cold']:.0f}×"),
        ("整站生成", timed("build")),
        ("整站生成 峰值内存（最大的进程）", mb("build_mb")),
        ("改一条记录后重新生成", timed("rebuild_one")),
        (
            "朴素整站（记录全部进导航）",
            lambda r: fmt(r.get("naive_build")) if r.get("naive_build") else "未运行（太慢）",
        ),
        ("一个记录页面", lambda r: f"{r['record_page_kb']:.1f} KB"),
        ("列表数据（最大的一个文件）", lambda r: f"{r['list_data_mb']:.2f} MB"),
        ("网站总大小", lambda r: f"{r['site_mb']:.0f} MB"),
        ("搜索索引（分片，两个 Pagefind 同时跑）", indexed("")),
        ("搜索索引 用时", timed("index_s")),
        ("搜索索引 Pagefind 峰值内存（最大的进程）", mb("index_peak_mb")),
        ("朴素搜索索引（一次跑完全部页面）", indexed("one_")),
        ("朴素搜索索引 用时", timed("one_index_s")),
        ("朴素搜索索引 Pagefind 峰值内存", mb("one_index_peak_mb")),
    ]
    head = "| | " + " | ".join(f"{r['n']:,} 条建议" for r in results) + " |\n|---|" + "---|" * len(results) + "\n"
    return head + "".join(f"| {name} | " + " | ".join(f(r) for r in results) + " |\n" for name, f in rows)


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as info:
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    return f"{os.cpu_count()} 核 {cpu}，Python {platform.python_version()}，{platform.system()} {platform.release()}"


OUTPUTS = ("bench/results.json", "docs/performance.md")


def commit() -> str:
    """The code measured: main's commit, marked when the working tree had uncommitted changes."""
    head = git(REPO, "rev-parse", "--short", "HEAD").strip()
    # what the bench itself writes (its results, this page) is not a change to the code measured
    changed = git(REPO, "status", "--porcelain", "--untracked-files=no", "--", ".", *(f":!{p}" for p in OUTPUTS))
    return head + ("（有未提交的改动）" if changed.strip() else "")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", type=Path, default=Path("/tmp/minyi-bench"))
    ap.add_argument("--naive-limit", type=int, default=3000, help="largest file count the naive validator runs in full")
    ap.add_argument(
        "--max-commits",
        type=int,
        default=200_000,
        help="cap on generated commits (git fast-import rewrites a 12,000-entry folder tree per commit at 100k)",
    )
    ap.add_argument("--reuse", action="store_true", help="reuse a ledger an earlier run generated in --work")
    ap.add_argument("--write-doc", action="store_true")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    random.seed(1)
    store = HERE / "results.json"
    for n in args.sizes.split(","):
        res = run_size(int(n), args.work, args.naive_limit, args.max_commits, args.reuse)
        res.update(commit=commit(), date=dt.date.today().isoformat())  # sizes kept from earlier runs keep theirs
        old = json.loads(store.read_text(encoding="utf-8")) if store.exists() else {"results": []}
        results = sorted([r for r in old["results"] if r["n"] != res["n"]] + [res], key=lambda r: r["n"])
        stamp = {"date": dt.date.today().isoformat(), "machine": machine(), "commit": commit(), "results": results}
        store.write_text(json.dumps(stamp, ensure_ascii=False, indent=1), encoding="utf-8")  # kept after each size
        text = table(results)
        print(text, flush=True)
        if args.write_doc:
            write_doc(stamp, text)


def write_doc(stamp: dict, text: str) -> None:
    doc = REPO / "docs/performance.md"
    head = doc.read_text(encoding="utf-8").split("<!-- results -->")[0] if doc.exists() else "# 性能\n\n"
    doc.write_text(
        head + "<!-- results -->\n\n"
        f"测量于 {stamp['date']}，机器：{stamp['machine']}，代码：提交 {stamp.get('commit', '未记录')}。"
        "命令：`bash scripts/bench`。\n\n" + text,
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()

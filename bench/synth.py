"""Synthetic ledgers for benchmarks: N suggestions with realistic Chinese text and timelines,
proportional deputies, departments, stations, projects and vote sessions, and a git history
of M commits written with `git fast-import`: 20,000 commits at 10,000 suggestions take
seconds; 200,000 at 100,000 take 9.5 CPU minutes (every commit rewrites its year's folder tree,
~12,500 entries), 17 minutes on an idle 2-core machine and an hour at load 20.

    python bench/synth.py OUT --suggestions 10000 --commits 20000 [--seed 7]

Every suggestion's file is committed once per timeline step, in date order, packed into
M commits; the final tree validates with `minyi validate --today 2026-11-22`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)
STREETS = [
    "东湖街道",
    "梨园街道",
    "振兴街道",
    "华龙街道",
    "城关镇",
    "路北街道",
    "七星街道",
    "滨河街道",
    "望江街道",
    "青山镇",
]
COMMUNITIES = [
    "锦绣",
    "和美",
    "向阳",
    "复兴",
    "文华",
    "湖滨",
    "振兴",
    "华龙",
    "梨园",
    "三官庙",
    "洋张",
    "河口",
    "前营",
    "后营",
    "老街",
]
PLACES = ["小区", "路", "菜市场", "学校门口", "公园", "河道", "社区服务中心", "公交站", "老旧楼院", "村道"]
PROBLEMS = [
    ("道路拥堵，建议拓宽", "城市建设"),
    ("河道发臭，请求治理", "生态环境"),
    ("灌溉水源不足", "农业农村"),
    ("需要修建人行天桥", "城市建设"),
    ("老旧楼院加装电梯", "城市建设"),
    ("冬季供暖不达标", "社会事务"),
    ("停车费纠纷", "社会事务"),
    ("无物业管理，环境脏乱", "城市管理"),
    ("电动车充电桩不足", "城市管理"),
    ("路灯损坏", "城市管理"),
    ("夜间施工噪声扰民", "环境保护"),
    ("餐饮油烟扰民", "环境保护"),
    ("食品安全抽检结果请公开", "食品安全"),
    ("校园食堂质量需监督", "食品安全"),
    ("幼儿园学位紧张", "科教文卫"),
    ("缺少儿科医生", "科教文卫"),
    ("电信诈骗防范宣传", "法治建设"),
    ("物业纠纷法律服务", "法治建设"),
    ("小微企业融资难", "经济建设"),
    ("农产品销售难", "经济建设"),
]
CHANNELS = ["联络站接待", "代表码", "走访", "网格", "小程序", "12345", "议政代表会"]
THEMES = ["富民安心", "便民舒心", "绿色怡心", "颐养暖心", "安全放心", "春雨润心"]
ROUTES = {  # final status -> statuses after received
    "received": [],
    "registered": ["registered"],
    "assigned": ["registered", "assigned"],
    "in_progress": ["registered", "assigned", "in_progress"],
    "answered": ["registered", "assigned", "in_progress", "answered"],
    "closed": ["registered", "assigned", "in_progress", "answered", "closed"],
    "reopened": ["registered", "assigned", "in_progress", "answered", "closed", "reopened"],
    "not_accepted": ["registered", "not_accepted"],
}
WEIGHTS_OLD = {
    "closed": 80,
    "reopened": 3,
    "not_accepted": 4,
    "answered": 3,
    "in_progress": 4,
    "assigned": 3,
    "registered": 2,
    "received": 1,
}
NOTES = {
    "received": "代表收到群众反映",
    "registered": "登记入台账",
    "assigned": "交办承办部门办理",
    "in_progress": "承办部门现场调查，制定办理方案",
    "answered": "书面答复代表和群众",
    "closed": "回访群众，办结销号",
    "reopened": "群众不满意，重新交办",
    "not_accepted": "经审查不予受理，已说明理由",
}


def q(text) -> str:
    return json.dumps(text, ensure_ascii=False)


def header(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


class Ledger:
    def __init__(self, n: int, seed: int):
        self.r = random.Random(seed)
        self.n = n
        self.n_dep = max(20, n // 400)
        self.n_st = max(6, min(99, n // 1000))
        self.n_deputy = max(30, n // 40)
        self.years = list(range(2019, 2027))

    def static_files(self) -> dict[str, str]:
        r = self.r
        files = {}
        settings = (REPO / "records/ledger.yaml").read_text(encoding="utf-8")
        streets = "".join(f"  {s}: [{', '.join(c + '社区' for c in COMMUNITIES)}]\n" for s in STREETS)
        files["records/ledger.yaml"] = re.sub(r"(?m)^streets:\n(  .*\n)*", lambda _: "streets:\n" + streets, settings)
        for i in range(1, self.n_dep + 1):
            rid = f"DEP-{i:03d}"
            kind = "人大机关" if i == 1 else r.choice(["政府部门", "街道办事处", "公用事业单位"])
            files[f"records/departments/{rid}.yaml"] = header("department", 2) + (
                f"id: {rid}\nname: {q(f'青溪区第{i}承办单位')}\nshort_name: {q(f'承办单位{i}')}\nkind: {kind}\n"
                f"address: {q(f'青溪区政务路{i}号')}\nphone: 0571-88{i:05d}\n"
            )
        for i in range(1, self.n_st + 1):
            rid = f"ST-{i:02d}"
            files[f"records/stations/{rid}.yaml"] = header("station", 2) + (
                f"id: {rid}\nname: {q(f'第{i}代表联络站')}\nkind: 联络站\nstreet: {STREETS[i % len(STREETS)]}\n"
                f"address: {q(f'青溪区联络路{i}号')}\nhours: 每月15日 9:00—11:30\n"
            )
        for i in range(1, self.n_deputy + 1):
            rid = f"D-{i:04d}"
            role = r.choice(["人大代表", "人大代表", "街道议政代表", "民情观察员"])
            levels = "levels: [区县]\n" if role == "人大代表" else ""
            files[f"records/deputies/{rid}.yaml"] = header("deputy", 2) + (
                f"id: {rid}\nname: {q('代表' + str(i))}\nrole: {role}\n{levels}term: 区第九届\nstreet: {STREETS[i % len(STREETS)]}\n"
                f"station: ST-{1 + i % self.n_st:02d}\nreceptions:\n  - date: '2024-03-15'\n    station: ST-{1 + i % self.n_st:02d}\n"
                f"    residents: {r.randint(3, 30)}\n    suggestions: {r.randint(1, 5)}\n"
            )
        for year in self.years:
            sid = f"V-{year}-district"
            files[f"records/sessions/{sid}.yaml"] = header("session", 2) + (
                f"id: {sid}\nname: {q(f'{year}年青溪区人民代表大会')}\ndate: '{year}-01-12'\nlevel: 区\neligible: 258\npresent: 246\n"
                f"cast: 246\ncandidates: 24\nselected: 19\n"
            )
            for k in range(1, 25):
                pid = f"P-{year}-{k:02d}"
                selected = k <= 19
                fr = 240 - k * 3 if selected else 120 - k
                done = year < 2026
                tl = [
                    (f"{year - 1}-10-10", "proposed", "DEP-001", "从群众意见中梳理形成候选项目", None),
                    (f"{year - 1}-11-10", "shortlisted", "DEP-002", "经政府研究论证，列入票决候选", None),
                    (
                        f"{year}-01-12",
                        "selected" if selected else "not_selected",
                        "DEP-001",
                        f"无记名投票，赞成{fr}票",
                        None,
                    ),
                ]
                if selected:
                    tl.append((f"{year}-03-01", "in_progress", "DEP-002", "项目开工", 20))
                    tl.append((f"{year}-07-01", "in_progress", "DEP-002", "主体工程过半", 60))
                    if done:
                        tl.append((f"{year}-11-20", "completed", "DEP-002", "项目完工", 100))
                body = "".join(
                    f"  - date: '{d}'\n    status: {s}\n    by: {b}\n"
                    + (f"    progress: {p}\n" if p is not None else "")
                    + f"    note: {q(n)}\n"
                    for d, s, b, n, p in tl
                )
                progress = f"progress: {tl[-1][4]}\n" if selected else ""
                files[f"records/projects/{year}/{pid}.yaml"] = header("project", 3) + (
                    f"id: {pid}\ntitle: {q(f'{year}年民生实事第{k}项')}\nyear: {year}\ntheme: {THEMES[k % 6]}\n"
                    f"summary: {q('从群众意见中来的民生实事项目，由代表票决并监督实施。')}\nlevel: 区\nbudget: {r.randint(100, 3000)}\n"
                    f"lead_department: DEP-002\nvote:\n  session: {sid}\n  for: {fr}\n  against: 3\n  abstain: 2\n"
                    f"  selected: {'true' if selected else 'false'}\n  rank: {k}\n{progress}status: {tl[-1][1]}\ntimeline:\n{body}"
                )
        return files

    def suggestions(self):
        """Yield (path, [(date, text of the file after each step)]) for every suggestion."""
        r = self.r
        per_year = self.n // len(self.years)
        for yi, year in enumerate(self.years):
            count = per_year if yi < len(self.years) - 1 else self.n - per_year * (len(self.years) - 1)
            last_day = TODAY if year == TODAY.year else dt.date(year, 12, 31)
            span = (last_day - dt.date(year, 1, 1)).days
            starts = sorted(r.randint(0, span) for _ in range(count))
            for seq, offset in enumerate(starts, 1):
                rid = f"S-{year}-{seq:04d}" if count < 10000 else f"S-{year}-{seq:04d}"
                yield self.suggestion(rid, dt.date(year, 1, 1) + dt.timedelta(days=offset))

    def suggestion(self, rid: str, received: dt.date):
        r = self.r
        age = (TODAY - received).days
        if age < 10:
            final = r.choice(["received", "registered"])
        elif age < 60:
            final = r.choice(["assigned", "in_progress", "answered", "closed"])
        else:
            final = r.choices(list(WEIGHTS_OLD), list(WEIGHTS_OLD.values()))[0]
        problem, category = r.choice(PROBLEMS)
        community = r.choice(COMMUNITIES) + "社区"
        place = r.choice(COMMUNITIES) + r.choice(PLACES)
        street = r.choice(STREETS)
        lead = f"DEP-{r.randint(2, self.n_dep):03d}"
        deputy = f"D-{r.randint(1, self.n_deputy):04d}"
        station = f"ST-{r.randint(1, self.n_st):02d}"
        events = [(received, "received", deputy)]
        day = received
        for status in ROUTES[final]:
            day = min(day + dt.timedelta(days=r.randint(1, 12)), TODAY)
            by = lead if status in ("in_progress", "answered") else "DEP-001"
            events.append((day, status, by))
        base = (
            f"id: {rid}\ntitle: {q(place + problem)}\nsummary: {q(f'{community}居民反映{place}{problem}，希望有关部门尽快研究解决。')}\n"
            f"category: {category}\nchannel: {q(r.choice(CHANNELS))}\nreceived: '{received}'\nplace:\n  street: {street}\n"
            f"  community: {community}\n  location: {q(place)}\ndeputies: [{deputy}]\nstation: {station}\n"
        )
        versions = []
        for j in range(1, len(events) + 1):
            shown = events[:j]
            statuses = [s for _, s, _ in shown]
            extra = ""
            if "assigned" in statuses:
                assigned_on = shown[statuses.index("assigned")][0]
                extra += f"departments:\n  lead: {lead}\ndeadline: '{assigned_on + dt.timedelta(days=30)}'\n"
            if "answered" in statuses:
                answered_on = shown[statuses.index("answered")][0]
                extra += f"answer:\n  date: '{answered_on}'\n  by: {lead}\n  text: {q('已现场核实并制定方案，按计划落实。')}\n"
            if statuses[-1] in ("closed", "reopened"):
                extra += "outcome: " + r.choice(["solved", "solved", "solved", "in_hand", "explained"]) + "\n"
                extra += (
                    "satisfaction: "
                    + ("不满意" if statuses[-1] == "reopened" else r.choice(["满意", "满意", "基本满意"]))
                    + "\n"
                )
            if statuses[-1] == "not_accepted":
                extra += f"not_accepted_reason: {q('属于司法程序，已告知依法处理的途径。')}\n"
            timeline = "".join(
                f"  - date: '{d}'\n    status: {s}\n    by: {b}\n    note: {q(NOTES[s])}\n" for d, s, b in shown
            )
            text = header("suggestion", 3) + base + extra + f"status: {statuses[-1]}\ntimeline:\n" + timeline
            versions.append((shown[-1][0], text))
        return f"records/suggestions/{rid[2:6]}/{rid}.yaml", versions


def fast_import(repo: Path, static: dict[str, str], changes: list[tuple[dt.date, str, str]], commits: int) -> None:
    """Stream every version into `git fast-import`: one commit for the static records, the rest in date order."""
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE)
    out = proc.stdin

    def data(text: str) -> bytes:
        raw = text.encode("utf-8")
        return b"data %d\n" % len(raw) + raw + b"\n"

    def commit(mark: int, when: dt.date, message: str, files) -> None:
        ts = int(dt.datetime.combine(when, dt.time(10)).timestamp())
        out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.write(b"author Clerk %d <clerk%d@example.invalid> %d +0800\n" % (mark % 7, mark % 7, ts))
        out.write(b"committer Clerk %d <clerk%d@example.invalid> %d +0800\n" % (mark % 7, mark % 7, ts))
        out.write(data(message))
        if mark > 1:
            out.write(b"from :%d\n" % (mark - 1))
        for path, text in files:
            out.write(f"M 100644 inline {path}\n".encode() + data(text))

    commit(
        1, dt.date(2018, 12, 1), "Import settings, departments, stations, deputies and projects", sorted(static.items())
    )
    groups = max(1, commits - 1)
    per = len(changes) / groups
    for g in range(groups):
        chunk = changes[int(g * per) : int((g + 1) * per)]
        if not chunk:
            continue
        when = chunk[-1][0]
        message = f"Record {len(chunk)} step(s) ({chunk[0][1].rsplit('/', 1)[-1][:-5]}…) (#{g + 1})"
        commit(g + 2, when, message, [(p, t) for _, p, t in chunk])
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")


def generate(out: Path, n: int, commits: int, seed: int = 7) -> dict:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=out, check=True)
    ledger = Ledger(n, seed)
    static = ledger.static_files()
    changes = []
    for path, versions in ledger.suggestions():
        changes.extend((day, path, text) for day, text in versions)
    changes.sort(key=lambda c: (c[0], c[1]))
    fast_import(out, static, changes, commits)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)
    for name in ("schemas",):
        shutil.copytree(REPO / name, out / name)  # the schema lines point here
    (out / ".gitignore").write_text(".minyi-cache/\nsite/\nschemas/\n", encoding="utf-8")
    return {
        "suggestions": n,
        "commits": int(
            subprocess.run(
                ["git", "rev-list", "--count", "HEAD"], cwd=out, capture_output=True, text=True, check=True
            ).stdout
        ),
        "versions": len(changes),
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--suggestions", type=int, default=1000)
    ap.add_argument("--commits", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.out, args.suggestions, args.commits, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())

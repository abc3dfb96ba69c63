"""Personal data in disguises the first privacy corpus did not try, each in a field of its own.

The corpus (tests/privacy_corpus.yaml) checks the detector on short texts. Here each
disguise sits in a real demo record, in a field an attacker would pick because it is
read less often (a reception note, a station's hours, a link title or its query string,
a correction's reason, a vote session's note, the settings), and the rule must name
that file, line and field. The disguises are what a reader still reads as the number
or address: digits that NFKC leaves alone (❶ ➀ ➊ ⓵), Latin letters replaced by
Cyrillic or Greek look-alikes in an e-mail, gaps a browser collapses to one space
(HTML shows "138     1234" as "138 1234"), percent-encoded query strings, and the
everyday 3#2-501 / 3栋2-501 / A栋1203 address forms. Texts that must stay quiet
(opening hours with wide gaps, percent signs, letters in building names) are checked too.
"""

from __future__ import annotations

import pytest
from conftest import REPO, line_of

from minyi.ledger import Record, kind_of
from minyi.load import parse
from minyi.rules import privacy
from minyi.textnorm import normalise

SUG = "records/suggestions/2024/S-2024-0003.yaml"
LINKED = "records/suggestions/2024/S-2024-0017.yaml"
DEPUTY = "records/deputies/D-0001.yaml"
STATION = "records/stations/ST-01.yaml"
SESSION = "records/sessions/V-2021-liyuan.yaml"
PROJECT = "records/projects/2024/P-2024-06.yaml"
SETTINGS = "records/ledger.yaml"
CORRECTION = (
    "corrections:\n  - date: '2024-03-20'\n    by: DEP-001\n    reason: {}\n    target: deadline\n"
    "    previous: '2024-03-15'\n"
)

# (case, file, text replaced, replacement, rule, text on the reported line)
CASES = [
    ("negative circled digits", DEPUTY, "note: 代表进站接待日", "note: 群众❶❸❽❶❷❸❹❺❻❼❽", "privacy-phone", "❶"),
    ("sans-serif circled", STATION, "hours: 工作日", "hours: 值班➀➂➈➀➁➂➃➄➅➆➇ 工作日", "privacy-phone", "➀"),
    ("negative sans-serif", SESSION, "note: 议政代表会", "note: 联系➊➌➑➊➋➌➍➎➏➐➑ 议政代表会", "privacy-phone", "➊"),
    ("double circled, circled zero", SUG, "note: 登记入台账", "note: 登记⓵⓷⓽⓿⓿⓿⓿⓹⓺⓻⓼", "privacy-phone", "⓵"),
    (
        "cyrillic look-alikes in an e-mail",
        SUG,
        "status: closed\n",
        "status: closed\n" + CORRECTION.format("以来信为准 zhangsan@qq.cоm（о 是西里尔字母）"),
        "privacy-email",
        "zhangsan",
    ),
    (
        "greek look-alikes in a link title",
        LINKED,
        "  - title: 关于锦绣路",
        "  - title: 来信人 lisі@163.cοm 关于锦绣路",
        "privacy-email",
        "lis",
    ),
    (
        "a gap the browser collapses",
        SUG,
        "text: 街道指导",
        "text: 联系人 138     1234     5678 街道指导",
        "privacy-phone",
        "text:",
    ),
    (
        "blank lines the browser collapses",
        PROJECT,
        "body: 区人大常委会第十八次会议",
        'body: "群众 139\\n\\n\\n\\n\\n1234\\n\\n\\n\\n\\n5678 区人大常委会第十八次会议"',
        "privacy-phone",
        'body: "群众',
    ),
    (
        "percent-encoded phone in a query",
        LINKED,
        "037.html",
        "037.html?from=%31%33%38%31%32%33%34%35%36%37%38",
        "privacy-phone",
        "url:",
    ),
    (
        "percent-encoded e-mail in a query",
        LINKED,
        "037.html",
        "037.html?reply=zhangsan%40qq%2Ecom",
        "privacy-email",
        "url:",
    ),
    ("building#unit-room", SUG, "location: 煤电二小区", "location: 煤电二小区3#2-501", "privacy-address", "location:"),
    (
        "building栋unit-room",
        SUG,
        "location: 煤电二小区",
        "location: 煤电二小区3栋2-501",
        "privacy-address",
        "location:",
    ),
    (
        "lettered building and room",
        SUG,
        "location: 煤电二小区",
        "location: 煤电二小区A栋1203",
        "privacy-address",
        "location:",
    ),
    (
        "settings value",
        SETTINGS,
        "district: 青溪区",
        "district: 青溪区（联系 ➀➂➇ ➀➁➂➃ ➄➅➆➇）",
        "privacy-phone",
        "district:",
    ),
]


def problems_after(rel: str, old: str, new: str):
    text = (REPO / rel).read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    loaded, parse_problems = parse(text, rel)
    assert loaded is not None, parse_problems
    return text, list(privacy.per_record(Record(kind_of(rel), loaded)))


@pytest.mark.parametrize("case, rel, old, new, rule, needle", CASES, ids=[c[0] for c in CASES])
def test_disguised_personal_data_is_found_where_it_is(case, rel, old, new, rule, needle):
    text, problems = problems_after(rel, old, new)
    hits = [p for p in problems if p.rule == rule]
    assert hits, problems
    assert hits[0].path == rel and hits[0].line == line_of(text, needle)


# Texts a reader does not take for personal data, in the same disguises.
QUIET = [
    "接待时间 9:00—12:00     14:00—17:30",  # wide gaps between times
    "完成 95%，满意度 100%，50%以上的群众",  # percent signs that encode nothing
    "https://www.qingxi.example.cn/rd/search?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF",  # Chinese words, encoded
    "A栋、B栋两栋楼，共 3 个单元",  # lettered buildings without a room
    "第❶项、第❷项、第❸项",  # list markers
    "Ⅲ 期工程，α 版方案",  # Greek and Roman letters elsewhere
    "2024 年     2025 年     2026 年",  # years with wide gaps
]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_that_are_no_personal_data_stay_quiet(text):
    assert privacy.scan_value(text) == []


def test_look_alike_digits_and_letters_read_as_what_they_show():
    assert normalise("❶➁➌⓸⓿") == "12340"
    assert normalise("zhangsan@qq.cоm") == "zhangsan@qq.com"
    assert normalise("138 \t \n 1234") in ("138 1234", "138\n1234")
    assert normalise("q=%31%33%38") == "q=138"

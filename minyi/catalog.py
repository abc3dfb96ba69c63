"""The error catalogue: every rule id the ledger can report, in one table.

Rule ids are English so a clerk can paste them into a search box; titles, examples
and fixes are Chinese because clerks read them. `docs/errors.md` is generated from
this table, and `Problem` refuses ids that are not here, so the catalogue can never
miss a rule.
"""
from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    layer: str
    title: str
    example: str
    fix: str


L_PARSE, L_SCHEMA, L_CROSS, L_LIFE, L_PRIV, L_CHANGE = (
    "1 解析 parsing", "2 结构 schema", "3 跨记录 cross-record", "4 流程 lifecycle",
    "5 隐私 privacy", "6 变更审查 review gate")

RULES: dict[str, Rule] = {
    # 1. parsing
    "file-encoding": Rule(L_PARSE, "文件不是 UTF-8 编码", "用记事本以 GBK/ANSI 保存的文件",
                          "用编辑器“另存为 UTF-8”后重新提交"),
    "file-too-large": Rule(L_PARSE, "文件过大", "一个超过 1 MB 的记录文件",
                           "一条记录只写一件事；附件请放公开链接 links"),
    "yaml-syntax": Rule(L_PARSE, "YAML 语法错误", "title: \"未闭合的引号",
                        "检查该行的缩进、冒号后的空格和引号是否成对"),
    "yaml-duplicate-key": Rule(L_PARSE, "同一层出现重复字段", "status: assigned\nstatus: closed",
                               "删除多余的一个；YAML 只会保留最后一个，前一个会悄悄丢失"),
    "yaml-unsafe-tag": Rule(L_PARSE, "使用了不安全或未知的 YAML 标签", "title: !!python/object/apply:os.system [ls]",
                            "删除以 ! 开头的标签，只写普通文本、数字、日期、列表和映射"),
    "yaml-alias-bomb": Rule(L_PARSE, "锚点/别名展开过大或自引用", "a: &a [*a]",
                            "不要使用 & 锚点和 * 别名，直接写出内容"),
    "yaml-not-mapping": Rule(L_PARSE, "文件顶层不是“字段: 值”映射", "- 只有一个列表",
                             "文件应以 id: ... 这样的字段开头"),
    "file-unknown-kind": Rule(L_PARSE, "文件不在已知的记录目录中", "records/misc/x.yaml",
                              "记录放在 records/suggestions/<年>/、projects/<年>/、deputies/、departments/、stations/、sessions/ 之下"),
    "schema-comment-missing": Rule(L_PARSE, "第一行缺少 schema 注释", "id: S-2024-0001（第一行）",
                                   "第一行加上 # yaml-language-server: $schema=... ，编辑器才能补全和检查"),
    # 2. schema
    "schema-required": Rule(L_SCHEMA, "缺少必填字段", "（没有 title）", "按提示补上该字段"),
    "schema-unknown-key": Rule(L_SCHEMA, "未知字段（可能拼错）", "stauts: closed", "改成提示中的正确字段名，或删除"),
    "schema-type": Rule(L_SCHEMA, "值的类型不对", "title: no   # YAML 会读成布尔值 false",
                        "文本含 yes/no/on/off 或纯数字时请加引号"),
    "schema-enum": Rule(L_SCHEMA, "值不在允许的取值中", "category: 交通", "从提示列出的取值中选择一个"),
    "schema-format": Rule(L_SCHEMA, "日期或网址格式不对", "received: 2024-02-30", "日期写成真实存在的 \"YYYY-MM-DD\""),
    "schema-pattern": Rule(L_SCHEMA, "编号或文本不符合规定格式", "id: S-24-1", "按字段说明的格式书写，如 S-2024-0042"),
    "schema-range": Rule(L_SCHEMA, "数值超出范围", "progress: 120", "填写字段说明中的范围内的数"),
    "schema-length": Rule(L_SCHEMA, "文本或列表的长度不对", "title: \"\"", "补全内容或删去多余项"),
    "schema-other": Rule(L_SCHEMA, "不符合记录结构", "（其他结构问题）", "对照字段参考 docs/fields.md 修改"),
    # 3. across records
    "id-mismatch": Rule(L_CROSS, "id 与文件名不一致", "S-2024-0001.yaml 中写 id: S-2024-0002",
                        "让 id 与文件名（去掉 .yaml）完全一致"),
    "id-duplicate": Rule(L_CROSS, "id 重复", "两个文件都是 id: D-0001", "给后来的记录换一个新编号（minyi new 会自动生成）"),
    "path-mismatch": Rule(L_CROSS, "文件放错了目录", "S-2023-0001 放在 suggestions/2024/",
                          "按编号中的年份和类型移动到正确目录"),
    "ref-missing": Rule(L_CROSS, "引用的记录不存在", "deputies: [D-9999]", "检查编号是否写错，或先建立被引用的记录"),
    "merge-cycle": Rule(L_CROSS, "合并关系形成循环", "A merged_into B，B merged_into A", "合并只能指向最终保留的那一条"),
    # 4. lifecycle
    "timeline-start": Rule(L_LIFE, "时间线的第一步不对", "第一条事件就是 closed",
                           "第一条事件应是 received（建议）或 proposed（项目）"),
    "timeline-date-order": Rule(L_LIFE, "事件日期倒序", "3 月 5 日之后写了 3 月 1 日的事件",
                                "事件按发生先后追加；补录更正请新增一条事件说明"),
    "timeline-future": Rule(L_LIFE, "事件日期在今天之后", "date: \"2099-01-01\"", "只记录已经发生的事"),
    "transition-illegal": Rule(L_LIFE, "不允许的状态跳转", "received 之后直接 closed",
                               "按流程逐步推进，可用的下一步见提示和 docs/lifecycle.md"),
    "status-mismatch": Rule(L_LIFE, "status 与最后一条事件不一致", "status: closed，但最后事件是 answered",
                            "status 必须等于时间线最后一条事件的 status"),
    "received-mismatch": Rule(L_LIFE, "收到日期与第一条事件不一致", "received: 2024-03-01，第一条事件 2024-03-02",
                              "received 应等于第一条事件的日期"),
    "deadline-missing": Rule(L_LIFE, "已交办但没有办理时限", "status: assigned，没有 deadline",
                             "交办时写上 deadline（默认交办日起若干天，见台账设置）"),
    "deadline-before-assign": Rule(L_LIFE, "办理时限早于交办日期", "交办 3 月 10 日，deadline 3 月 1 日",
                                   "deadline 应在交办日期之后"),
    "assignee-missing": Rule(L_LIFE, "已交办但没有承办部门", "status: assigned，没有 departments.lead",
                             "写上主办部门 departments.lead"),
    "answer-missing": Rule(L_LIFE, "已答复/办结但没有答复内容", "status: closed，没有 answer",
                           "写上 answer：答复群众的日期、部门和内容摘要"),
    "satisfaction-too-early": Rule(L_LIFE, "尚未答复就填写了满意度", "status: assigned，satisfaction: 满意",
                                   "满意度只能在答复之后（answered/closed/reopened）填写"),
    "outcome-missing": Rule(L_LIFE, "已办结但没有办理结果分类", "status: closed，没有 outcome",
                            "写上 outcome：solved（已解决）/ in_hand（正在解决或列入计划）/ explained（解释说明）"),
    "reason-missing": Rule(L_LIFE, "不予受理但没有理由", "status: not_accepted，没有 not_accepted_reason",
                           "写上 not_accepted_reason，说明依据"),
    "merge-target-missing": Rule(L_LIFE, "已合并但没有写合并到哪条", "status: merged，没有 merged_into",
                                 "写上 merged_into: 被保留的建议编号"),
    "progress-decrease": Rule(L_LIFE, "项目进度倒退", "60% 之后写了 40%", "进度只增不减；如有返工请在说明中写明"),
    "progress-mismatch": Rule(L_LIFE, "progress 与时间线最后的进度不一致", "progress: 80，最后事件 progress: 60",
                              "让 progress 等于时间线中最后一次记录的进度"),
    "progress-incomplete": Rule(L_LIFE, "已完工但进度不是 100", "status: completed，progress: 90",
                                "完工（completed/accepted）时进度应为 100"),
    "vote-tally": Rule(L_LIFE, "票数对不上", "赞成+反对+弃权 大于 投票数",
                       "应满足 赞成+反对+弃权 ≤ 投票数 ≤ 出席 ≤ 应到"),
    "vote-selected-count": Rule(L_LIFE, "当选项目数与会议记录不一致", "会议决定 19 项，记录里有 18 项 selected",
                                "核对每个项目的 vote.selected 与会议的 selected"),
    "vote-status-mismatch": Rule(L_LIFE, "项目状态与票决结果矛盾", "vote.selected: false，但 status: selected",
                                 "票决未通过的项目应为 not_selected"),
    # 5. privacy
    "privacy-phone": Rule(L_PRIV, "公开文本中有电话号码", "note: 联系人电话 139＊＊＊＊5678（示意）",
                          "删除群众的手机或座机号码；联系方式只留在内部系统"),
    "privacy-id-card": Rule(L_PRIV, "公开文本中有身份证号", "summary: 身份证 110105＊＊＊＊＊＊＊＊002X（示意）", "删除身份证号"),
    "privacy-email": Rule(L_PRIV, "公开文本中有电子邮箱", "note: 请回复 zhang＠example.com（示意）", "删除群众的邮箱地址"),
    "privacy-address": Rule(L_PRIV, "公开文本中有门牌号", "summary: 3栋＊单元＊＊＊室漏水（示意）",
                            "只写到小区或楼栋（如“锦绣小区”），不写单元和门牌"),
    # 6. review gate (minyi check-change BASE HEAD)
    "record-deleted": Rule(L_CHANGE, "删除了记录文件", "git rm records/suggestions/2024/S-2024-0003.yaml",
                           "记录不能删除：恢复文件，用状态撤回（如 not_accepted、merged）"),
    "record-renamed": Rule(L_CHANGE, "记录文件改名或移动", "git mv S-2024-0003.yaml S-2024-0099.yaml",
                           "恢复原文件名；只有临时编号（TMP）由 minyi assign-ids 换成正式编号"),
    "id-changed": Rule(L_CHANGE, "改动了记录编号", "id: S-2024-0003 改成 id: S-2024-0004", "恢复原编号；编号一经使用不能更改"),
    "timeline-rewritten": Rule(L_CHANGE, "改动、调换或删除了已有的时间线事件", "把第 3 条事件的日期从 3 月 5 日改成 3 月 1 日",
                               "恢复原事件；更正请在末尾追加一条新事件，写 corrects: 序号 并在 note 中说明"),
    "status-skip": Rule(L_CHANGE, "状态跳过了流程", "status 从 registered 直接改成 closed",
                        "为每一步追加时间线事件，按流程逐步推进"),
    "vote-changed": Rule(L_CHANGE, "改动了已记录的票数", "vote.for 从 230 改成 235",
                         "票数一经记录不得改动；确需更正，在 vote.corrections 中追加日期、原因和原记录"),
    "id-collision": Rule(L_CHANGE, "新记录的编号与已有记录重复", "新建 S-2024-0003.yaml，但基准分支上已有",
                         "用 minyi new 生成临时编号，合并后由 minyi assign-ids 换成正式编号"),
}

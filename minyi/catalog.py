"""The error catalogue: every rule id the ledger can report, in one table.

Rule ids are English so a clerk can paste them into a search box; titles, examples
and fixes are Chinese because clerks read them. `docs/errors.md` is generated from
this table, and `Problem` refuses ids that are not here, so the catalogue can never
miss a rule.
"""
from __future__ import annotations

from typing import NamedTuple

from . import kinds

# Where records may live, from the kinds registry (a new kind extends this text by itself).
_FOLDERS = "、".join(f"{k.folder}/<年>/" if k.yearly else f"{k.folder}/" for k in kinds.RECORD_KINDS)


class Rule(NamedTuple):
    layer: str
    title: str
    example: str
    fix: str            # the general fix, in the docs and when a problem has no specific hint
    message: str = ""   # the problem's message; {fields} come from the call site
    hint: str = ""      # the problem's specific fix; {fields} as in message
    variants: dict | None = None  # other (message, hint) pairs of the same rule, by name


def words(rule_id: str, variant: str | None = None, **params) -> tuple[str, str]:
    """The message and fix of one problem: the catalogue's words with the call site's facts filled in.

    Call sites give facts (a date, a field name), never sentences, so each rule's
    wording lives here once and the docs show the same words the validator prints.
    """
    rule = RULES[rule_id]
    message, hint = rule.variants[variant] if variant else (rule.message, rule.hint)
    return message.format(**params), (hint or rule.fix).format(**params)


L_PARSE, L_SCHEMA, L_CROSS, L_LIFE, L_PRIV, L_CHANGE = (
    "1 解析 parsing", "2 结构 schema", "3 跨记录 cross-record", "4 流程 lifecycle",
    "5 隐私 privacy", "6 变更审查 review gate")

RULES: dict[str, Rule] = {
    # 1. parsing
    "file-encoding": Rule(L_PARSE, "文件不是 UTF-8 编码", "用记事本以 GBK/ANSI 保存的文件",
                          "用编辑器“另存为 UTF-8”后重新提交",
        message="文件不是 UTF-8 编码{gbk_note} (not UTF-8)"),
    "file-too-large": Rule(L_PARSE, "文件过大", "一个超过 1 MB 的记录文件",
                           "一条记录只写一件事；附件请放公开链接 links",
        message="文件有 {size:,} 字节，超过上限 {limit:,} (file too large)"),
    "yaml-syntax": Rule(L_PARSE, "YAML 语法错误", "title: \"未闭合的引号",
                        "检查该行的缩进、冒号后的空格和引号是否成对",
        message="YAML 语法错误：{what} (syntax error)",
        variants={"unreadable": ("YAML 无法读取：{what} (syntax error)", "删除不可见的控制字符，检查缩进")}),
    "yaml-duplicate-key": Rule(L_PARSE, "同一层出现重复字段", "status: assigned\nstatus: closed",
                               "删除多余的一个；YAML 只会保留最后一个，前一个会悄悄丢失",
        message="字段「{key}」重复，第 {first_line} 行已经写过 (duplicate key)", hint="删除其中一个；YAML 只保留最后一个，前一个会悄悄丢失"),
    "yaml-unsafe-tag": Rule(L_PARSE, "使用了不安全或未知的 YAML 标签", "title: !!python/object/apply:os.system [ls]",
                            "删除以 ! 开头的标签，只写普通文本、数字、日期、列表和映射",
        message="不允许的 YAML 标签 {tag} (unsafe tag)", hint="删除以 ! 开头的标签，只写普通的文本、数字、日期、列表和映射"),
    "yaml-alias-bomb": Rule(L_PARSE, "锚点/别名展开过大或自引用", "a: &a [*a]",
                            "不要使用 & 锚点和 * 别名，直接写出内容",
        message="展开后超过 {limit} 个节点，已停止读取 (alias expansion limit)",
        variants={"recursive": ("别名引用了自身，无法展开 (recursive alias)", "不要使用 & 锚点和 * 别名，直接写出内容"), "deep": ("嵌套过深，无法读取 (nesting too deep)", "减少嵌套层级")}),
    "yaml-not-mapping": Rule(L_PARSE, "文件顶层不是“字段: 值”映射", "- 只有一个列表",
                             "文件应以 id: ... 这样的字段开头",
        message="文件顶层应是“字段: 值”的映射 (top level must be a mapping)"),
    "file-unknown-kind": Rule(L_PARSE, "文件不在已知的记录目录中", "records/misc/x.yaml",
                              "记录放在 records/ 下它那一类的目录中：" + _FOLDERS,
        message="这个文件不在已知的记录目录中 (unknown record folder)"),
    "schema-comment-missing": Rule(L_PARSE, "第一行缺少 schema 注释", "id: S-2024-0001（第一行）",
                                   "第一行加上 # yaml-language-server: $schema=... ，编辑器才能补全和检查",
        message="第一行缺少 schema 注释 (missing yaml-language-server schema line)", hint="第一行加上 # yaml-language-server: $schema=<到 schemas/ 的相对路径>"),
    # 2. schema
    "schema-required": Rule(L_SCHEMA, "缺少必填字段", "（没有 title）", "按提示补上该字段",
        message="{where}缺少必填字段 {name}（{title}） (required)", hint="添加一行 {name}: ...，字段说明见 docs/fields.md"),
    "schema-unknown-key": Rule(L_SCHEMA, "未知字段（可能拼错）", "stauts: closed", "改成提示中的正确字段名，或删除",
        message="未知字段「{field}」 (unknown key)", hint="你是不是想写「{guess}」？",
        variants={"no-guess": ("未知字段「{field}」 (unknown key)", "可用字段：{known}")}),
    "schema-type": Rule(L_SCHEMA, "值的类型不对", "title: no   # YAML 会读成布尔值 false",
                        "文本含 yes/no/on/off 或纯数字时请加引号",
        message="{label}应为{want}，实际是{got} {value}{note} (type)", hint="写成{want}",
        variants={"quote": ("{label}应为{want}，实际是{got} {value}{note} (type)", "给这个值加上引号")}),
    "schema-enum": Rule(L_SCHEMA, "值不在允许的取值中", "category: 交通", "从提示列出的取值中选择一个",
        message="{label}的值 {value} 不在允许的取值中 (enum)", hint="{guess}可选：{options}",
        variants={"settings": ("「{field}」的值 {value} 不在台账设置的 {setting} 中 (enum)", "可选：{options}；如需新增，先改 records/ledger.yaml")}),
    "schema-format": Rule(L_SCHEMA, "日期或网址格式不对", "received: 2024-02-30", "日期写成真实存在的 \"YYYY-MM-DD\"",
        message="{label}不是有效的日期：{value} (format)", hint="写成真实存在的日期 \"YYYY-MM-DD\"，如 \"2024-03-05\"",
        variants={"uri": ("{label}不是有效的网址：{value} (format)", "写成以 https:// 开头的完整网址")}),
    "schema-pattern": Rule(L_SCHEMA, "编号或文本不符合规定格式", "id: S-24-1", "按字段说明的格式书写，如 S-2024-0042",
        message="{label}的值 {value} 不符合规定格式 (pattern)", hint="{description}"),
    "schema-range": Rule(L_SCHEMA, "数值超出范围", "progress: 120", "填写字段说明中的范围内的数",
        message="{label}的值 {value} 超出范围 (range)", hint="应{bound} {limit}"),
    "schema-length": Rule(L_SCHEMA, "文本或列表的长度不对", "title: \"\"", "补全内容或删去多余项",
        message="{label}的长度不符合要求 ({keyword})", hint="{need}"),
    "schema-other": Rule(L_SCHEMA, "不符合记录结构", "（其他结构问题）", "对照字段参考 docs/fields.md 修改",
        message="{label}不符合记录结构：{detail} ({keyword})"),
    # 3. across records
    "id-mismatch": Rule(L_CROSS, "id 与文件名不一致", "S-2024-0001.yaml 中写 id: S-2024-0002",
                        "让 id 与文件名（去掉 .yaml）完全一致",
        message="id「{id}」与文件名「{stem}」不一致 (id must equal file name)", hint="把 id 改成 {stem}，或把文件改名为 {id}.yaml"),
    "id-duplicate": Rule(L_CROSS, "id 重复", "两个文件都是 id: D-0001", "给后来的记录换一个新编号（minyi new 会自动生成）",
        message="id「{id}」已被 {other} 使用 (duplicate id)", hint="给这条记录换一个新编号（minyi new 会生成临时编号）"),
    "path-mismatch": Rule(L_CROSS, "文件放错了目录", "S-2023-0001 放在 suggestions/2024/",
                          "按编号中的年份和类型移动到正确目录",
        message="这条记录应放在 {want} (wrong folder)", hint="git mv {file} {want}"),
    "ref-missing": Rule(L_CROSS, "引用的记录不存在", "deputies: [D-9999]", "检查编号是否写错，或先建立被引用的记录",
        message="引用的{what}「{value}」不存在 (dangling reference)", hint="检查编号是否写错，或先建立 {value} 这条记录"),
    "merge-cycle": Rule(L_CROSS, "合并关系形成循环", "A merged_into B，B merged_into A", "合并只能指向最终保留的那一条",
        message="合并关系形成循环：{loop} (merge cycle)", hint="合并只能指向最终保留办理的那一条建议"),
    # 4. lifecycle
    "timeline-start": Rule(L_LIFE, "时间线的第一步不对", "第一条事件就是 closed",
                           "第一条事件应是 received（建议）或 proposed（项目）",
        message="时间线第一步应是 {start}（{label}），而不是 {first} (timeline start)", hint="在最前面补上 {start} 事件"),
    "timeline-date-order": Rule(L_LIFE, "事件日期倒序", "3 月 5 日之后写了 3 月 1 日的事件",
                                "事件按发生先后追加；补录更正请新增一条事件说明",
        message="第 {n} 条事件的日期 {day} 早于上一条 {previous} (dates must not decrease)", hint="按发生先后追加事件；补录请用新事件并在 note 中说明"),
    "timeline-future": Rule(L_LIFE, "事件日期在今天之后", "date: \"2099-01-01\"", "只记录已经发生的事",
        message="第 {n} 条事件的日期 {day} 在今天（{today}）之后 (date in the future)", hint="只记录已经发生的事，日期写实际发生日"),
    "transition-illegal": Rule(L_LIFE, "不允许的状态跳转", "received 之后直接 closed",
                               "按流程逐步推进，可用的下一步见提示和 docs/lifecycle.md",
        message="不能从 {old}（{old_label}）直接变为 {new}（{new_label}） (illegal transition {old} -> {new})", hint="下一步只能是：{choices}"),
    "status-mismatch": Rule(L_LIFE, "status 与最后一条事件不一致", "status: closed，但最后事件是 answered",
                            "status 必须等于时间线最后一条事件的 status",
        message="status 是 {status}，但时间线最后一步是 {last} (status must equal last event)", hint="把 status 改成 {last}，或在时间线末尾追加新事件"),
    "received-mismatch": Rule(L_LIFE, "收到日期与第一条事件不一致", "received: 2024-03-01，第一条事件 2024-03-02",
                              "received 应等于第一条事件的日期",
        message="received 是 {received}，第一条事件日期是 {first} (received date)", hint="让两者一致：received 就是收到建议的那一天"),
    "deadline-missing": Rule(L_LIFE, "已交办但没有办理时限", "status: assigned，没有 deadline",
                             "交办时写上 deadline（默认交办日起若干天，见台账设置）",
        message="已经交办，但没有办理时限 (no deadline)", hint="添加 deadline: \"YYYY-MM-DD\"（默认交办日起若干天，见 records/ledger.yaml）"),
    "deadline-before-assign": Rule(L_LIFE, "办理时限早于交办日期", "交办 3 月 10 日，deadline 3 月 1 日",
                                   "deadline 应在交办日期之后",
        message="办理时限 {deadline} 不晚于交办日期 {assigned} (deadline before assignment)", hint="deadline 应在交办日期之后"),
    "assignee-missing": Rule(L_LIFE, "已交办但没有承办部门", "status: assigned，没有 departments.lead",
                             "写上主办部门 departments.lead",
        message="已经交办，但没有写承办部门 (no department)", hint="添加 departments: {{lead: DEP-xxx}}"),
    "answer-missing": Rule(L_LIFE, "已答复/办结但没有答复内容", "status: closed，没有 answer",
                           "写上 answer：答复群众的日期、部门和内容摘要",
        message="状态是 {status}，但没有答复内容 (no answer)", hint="添加 answer: {{date, by, text}}"),
    "satisfaction-too-early": Rule(L_LIFE, "尚未答复就填写了满意度", "status: assigned，satisfaction: 满意",
                                   "满意度只能在答复之后（answered/closed/reopened）填写",
        message="尚未答复，就填写了满意度 (satisfaction before answer)", hint="先记录 answered 事件和答复内容，再填写满意度"),
    "outcome-missing": Rule(L_LIFE, "已办结但没有办理结果分类", "status: closed，没有 outcome",
                            "写上 outcome：solved（已解决）/ in_hand（正在解决或列入计划）/ explained（解释说明）",
        message="已办结，但没有办理结果分类 (no outcome)", hint="添加 outcome: solved / in_hand / explained"),
    "reason-missing": Rule(L_LIFE, "不予受理但没有理由", "status: not_accepted，没有 not_accepted_reason",
                           "写上 not_accepted_reason，说明依据",
        message="不予受理，但没有写理由 (no reason)", hint="添加 not_accepted_reason: ..."),
    "merge-target-missing": Rule(L_LIFE, "已合并但没有写合并到哪条", "status: merged，没有 merged_into",
                                 "写上 merged_into: 被保留的建议编号",
        message="已合并，但没有写合并到哪一条 (no merged_into)", hint="添加 merged_into: S-xxxx-xxxx"),
    "progress-decrease": Rule(L_LIFE, "项目进度倒退", "60% 之后写了 40%", "进度只增不减；如有返工请在说明中写明",
        message="进度从 {before}% 降到 {after}% (progress decreased)", hint="进度只增不减；如有返工，在 note 中说明并保持原进度"),
    "progress-mismatch": Rule(L_LIFE, "progress 与时间线最后的进度不一致", "progress: 80，最后事件 progress: 60",
                              "让 progress 等于时间线中最后一次记录的进度",
        message="progress 是 {progress}，时间线第 {n} 条记录的是 {last} (progress mismatch)", hint="把 progress 改成 {last}"),
    "progress-incomplete": Rule(L_LIFE, "已完工但进度不是 100", "status: completed，progress: 90",
                                "完工（completed/accepted）时进度应为 100",
        message="状态是 {status}，进度应为 100，实际是 {progress} (completed below 100%)", hint="完工事件写 progress: 100，并把 progress 改成 100"),
    "vote-tally": Rule(L_LIFE, "票数对不上", "赞成+反对+弃权 大于 投票数",
                       "应满足 赞成+反对+弃权 ≤ 投票数 ≤ 出席 ≤ 应到",
        message="投票数 {cast}、出席 {present}、应到 {eligible} 不满足 投票数 ≤ 出席 ≤ 应到 (tally)", hint="核对会议记录中的人数",
        variants={"project": ("赞成+反对+弃权 = {total}，多于会议投票数 {cast} (tally)", "核对计票结果；如需更正，写入 vote.corrections")}),
    "vote-selected-count": Rule(L_LIFE, "当选项目数与会议记录不一致", "会议决定 19 项，记录里有 18 项 selected",
                                "核对每个项目的 vote.selected 与会议的 selected",
        message="当选 {selected} 项多于候选 {candidates} 项 (selected > candidates)", hint="核对会议决议",
        variants={"selected": ("会议决定当选 {declared} 项，记录中 vote.selected 为 true 的项目有 {counted} 项 (selected count)", "核对各项目的 vote.selected 和会议的 selected"), "candidates": ("会议有 {declared} 个候选项目，记录中有 {counted} 个 (candidate count)", "为每个候选项目建立记录并写上 vote.session")}),
    "vote-status-mismatch": Rule(L_LIFE, "项目状态与票决结果矛盾", "vote.selected: false，但 status: selected",
                                 "票决未通过的项目应为 not_selected",
        message="项目已票决通过，但没有票决结果 vote (no vote)", hint="添加 vote: {{session, for, against, abstain, selected}}",
        variants={"selected": ("票决当选，但时间线写着未当选 (vote vs status)", "让 vote.selected 与时间线一致"), "not-selected": ("票决未当选，但时间线写着票决通过 (vote vs status)", "让 vote.selected 与时间线一致")}),
    "correction-target": Rule(L_LIFE, "更正指向的字段不对", "target: timeline.9.date（只有 6 条事件）",
                              "target 写被更正的已记录字段，如 timeline.3.date、answer.text、deadline",
        message="更正指向「{target}」，{why} (bad correction target)", hint="{fix}"),
    "correction-date": Rule(L_LIFE, "更正的日期不对", "date: \"2099-01-01\"",
                            "更正日期写作出更正的那一天：不晚于今天，不早于前一条更正",
        message="第 {n} 条更正的日期 {day} {why} (correction date)", hint="写作出更正的实际日期"),
    # 5. privacy
    "privacy-phone": Rule(L_PRIV, "公开文本中有电话号码", "note: 联系人电话 139＊＊＊＊5678（示意）",
                          "删除群众的手机或座机号码；联系方式只留在内部系统",
        message="「{field}」中有{what} {masked} (personal data)", hint="删除群众的电话号码（写成全角、汉字或加空格也算）；联系方式只留在内部系统",
        variants={"split": ("「{field}」和后面相邻的值连起来是{what} {masked} (personal data split across values)", "删除被拆开的号码的每一段"),
                  "public": ("公开联系字段「{field}」中有{what} {masked} (not an office landline)", "这里只写单位的办公座机，如 0571-8801001；手机号码不能公开")}),
    "privacy-id-card": Rule(L_PRIV, "公开文本中有身份证号", "summary: 身份证 110105＊＊＊＊＊＊＊＊002X（示意）", "删除身份证号",
        message="「{field}」中有{what} {masked} (personal data)", hint="删除身份证号（拆开写、写成汉字也算）",
        variants={"split": ("「{field}」和后面相邻的值连起来是{what} {masked} (personal data split across values)", "删除被拆开的号码的每一段"),
                  "public": ("公开联系字段「{field}」中有{what} {masked} (personal data)", "删除身份证号；这里只写单位的办公电话或地址")}),
    "privacy-email": Rule(L_PRIV, "公开文本中有电子邮箱", "note: 请回复 z＊＊＊＠example.com（示意）", "删除群众的邮箱地址",
        message="「{field}」中有{what} {masked} (personal data)", hint="删除邮箱地址（写成 at、艾特、点 也算）；单位邮箱写在部门或联络站的公开字段中",
        variants={"public": ("公开联系字段「{field}」中有{what} {masked} (not a government e-mail)", "这里只能写以 .gov.cn 结尾的单位邮箱")}),
    "privacy-address": Rule(L_PRIV, "公开文本中有门牌号", "summary: 3栋＊单元＊＊＊室漏水（示意）",
                            "只写到小区或楼栋（如“锦绣小区”），不写单元和门牌",
        message="「{field}」中有{what} {masked} (personal data)", hint="只写到小区、道路或楼栋，不写单元和室号（3-2-501、五零一室也算）",
        variants={"public": ("公开联系字段「{field}」中有{what} {masked} (room number)", "只写到道路门牌，如 锦绣路88号；不写单元和室号")}),
    "text-bidi-control": Rule(L_PRIV, "文本中有双向控制字符", "note: \"联系人\\u202E8765 4321 831\"（显示顺序被倒转）",
                              "删除这个看不见的字符：它让网页上显示的文字与实际内容不同，常在从网页或聊天软件复制时带入",
        message="「{field}」中有看不见的双向控制字符 {char} (bidi control character)"),
    "text-control-char": Rule(L_PRIV, "文本中有控制字符", "note: \"已办结\\x1b[8m\"",
                              "删除这个控制字符；需要换行就直接换行，不要写转义",
        message="「{field}」中有控制字符 {char} (control character)"),
    # 6. review gate (minyi check-change BASE HEAD)
    "record-deleted": Rule(L_CHANGE, "删除了记录文件", "git rm records/suggestions/2024/S-2024-0003.yaml",
                           "记录不能删除：恢复文件，用状态撤回（如 not_accepted、merged）",
        message="删除了记录文件 (record deleted)", hint="git checkout {base} -- {file}；记录通过状态撤回，不能删除"),
    "record-renamed": Rule(L_CHANGE, "记录文件改名或移动", "git mv S-2024-0003.yaml S-2024-0099.yaml",
                           "恢复原文件名；只有临时编号（TMP）由 minyi assign-ids 换成正式编号",
        message="记录文件从 {old} 改名 (record renamed)", hint="恢复原文件名 {old}"),
    "id-changed": Rule(L_CHANGE, "改动了记录编号", "id: S-2024-0003 改成 id: S-2024-0004", "恢复原编号；编号一经使用不能更改",
        message="编号从 {old} 改为 {new} (id changed)", hint="恢复 id: {old}"),
    "timeline-rewritten": Rule(L_CHANGE, "改动、调换或删除了已有的时间线事件", "把第 3 条事件的日期从 3 月 5 日改成 3 月 1 日",
                               "恢复原事件；日期、经办者或说明确有错误，用 minyi correct ID --event 序号 --set 字段=新值 --note 原因 更正",
        message="删除了已有的第 {n} 条事件（{date} {status}） (event removed)", hint="恢复原事件；事件只能追加，不能删除",
        variants={"edited": ("改动了已有的第 {n} 条事件的 {what}，没有对应的更正记录 (event edited or reordered)",
                             "恢复原事件；确需更正，运行 minyi correct ID --event {n} --set 字段=新值 --note 原因")}),
    "status-skip": Rule(L_CHANGE, "状态跳过了流程", "status 从 registered 直接改成 closed",
                        "为每一步追加时间线事件，按流程逐步推进",
        message="状态从 {old} 变为 {new}，没有按流程追加事件 (status skipped the lifecycle)", hint="依次追加事件：{route}",
        variants={"no-route": ("状态从 {old} 变为 {new}，没有按流程追加事件 (status skipped the lifecycle)", "这一步不合流程")}),
    "vote-changed": Rule(L_CHANGE, "改动了已记录的票数", "vote.for 从 230 改成 235",
                         "票数一经记录不得改动；确需更正，运行 minyi correct ID --set vote.for=新票数 --note 依据",
        message="改动了已记录的票决结果（{fields}），没有更正说明 (tally changed)", hint="恢复原票数；确需更正，运行 minyi correct ID --set {fields}=新值 --note 依据",
        variants={"removed": ("删除了已记录的票决结果 (vote removed)", "恢复 vote")}),
    "fact-rewritten": Rule(L_CHANGE, "改写了已记录的事实", "把 answer.text 或 deadline 直接改掉，没有更正记录",
                           "已记录的事实不能直接改写：用 minyi correct 更正，它会在 corrections 中写明原值、更正人、日期和原因",
        message="改写了已记录的「{target}」，没有对应的更正记录 (recorded fact rewritten)",
        hint="恢复原值；确需更正，运行 minyi correct ID --set {target}=新值 --note 原因",
        variants={"corrections": ("改动或删除了已有的更正记录 (corrections rewritten)", "更正记录只能在末尾追加，恢复原有的各条更正"),
                  "previous": ("更正「{target}」写的原记录（previous）与基准分支上记录的不一致 (correction misstates the record)",
                               "previous 必须原样照抄更正前记录的值；用 minyi correct 自动填写")}),
    "late-entry": Rule(L_CHANGE, "补录的事件（提醒）", "新增的事件日期在一个多月以前",
                       "核对事件日期是否写对；确是补录的，在 note 中说明",
        message="{id}：新增事件中有 {n} 条发生在 {days} 天以前（补录），请核对日期 (late entry)"),
    "id-collision": Rule(L_CHANGE, "新记录的编号与已有记录重复", "新建 S-2024-0003.yaml，但基准分支上已有",
                         "用 minyi new 生成临时编号，合并后由 minyi assign-ids 换成正式编号",
        message="编号 {id} 在基准分支上已经存在 (id collision)", hint="用 minyi new 生成临时编号，合并后由 minyi assign-ids 换成正式编号"),
}

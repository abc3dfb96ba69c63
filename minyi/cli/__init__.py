"""The `minyi` command: the clerk's whole toolbox. Help texts double as documentation.

Exit codes: 0 clean, 1 record problems, 2 usage errors (bad arguments, no ledger).
No command prints a traceback: record problems are reported as `Problem`s, and any
usage error as one line starting with "错误".

The commands live in one module per area (records, checks, site); this module only
assembles them into the group, so adding a command never means editing a long file.
A command's module is imported when that command runs (see `lazy`): `minyi validate`
does not pay for the editors and the site builder.
"""

from __future__ import annotations

import click

from .lazy import Commands
from .zh import ChineseGroup


@click.group(
    cls=ChineseGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
)
@click.version_option(package_name="minyi-ledger", message="%(prog)s，版本 %(version)s", help="显示版本号并退出。")
def main():
    """民意台账（Minyi Ledger）命令行工具。

    \b
    常用流程：
      minyi init DIR --district 某某区  新建一个地区的台账仓库
      minyi new suggestion            新建一条意见建议（生成带注释的模板）
      minyi advance ID STATUS ...     推进状态：在时间线末尾追加一条事件
      minyi show ID                   查看记录和派生信息（已办天数、是否逾期）
      minyi import FILE.xlsx ...      导入过去的 Excel/CSV 台账（--kind suggestion）
      minyi validate                  检查整个台账，列出所有问题
      minyi build / minyi serve       生成并预览公开网站
    """


def _in_chinese(command: click.Command) -> click.Command:
    """The usage line's placeholders in the clerk's words: `用法: minyi advance [选项] RECORD_ID STATUS`."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            _in_chinese(sub)
    return command


main.commands = Commands(__name__, _in_chinese)

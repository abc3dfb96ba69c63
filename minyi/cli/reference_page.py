"""docs/cli.md: every command's `--help`, word for word.

The help texts are the CLI documentation; this page only collects them so they can
be read and searched on the site. Generating it from the click group (rather than
writing it) means a new command or option cannot be left undocumented, and a test
fails when the committed page is stale.
"""

from __future__ import annotations

import click

PROG = "minyi"
WIDTH = 100  # fixed, so the page does not depend on the terminal it was generated in


def help_pages(command: click.Command, name: str = PROG, parent: click.Context | None = None):
    """Yield (command path, help text) for a command and, recursively, its subcommands."""
    settings = command.context_settings if parent is None else {}
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, **settings)
    yield ctx.command_path, ctx.get_help()
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            yield from help_pages(command.get_command(ctx, sub_name), sub_name, ctx)


def cli_md() -> str:
    from ..reference import GENERATED
    from . import main
    from .zh import chinese

    out = [
        "# 命令参考",
        "",
        GENERATED.strip(),
        "",
        "本页由 `minyi docs` 根据每个命令的 `--help` 输出生成，与在终端里运行 `minyi 命令 --help` 看到的内容相同。",
        "新增或修改命令后运行 `minyi docs` 更新本页。",
        "",
    ]
    with chinese():  # click's own words (用法, 选项) as the clerk sees them in the terminal
        pages = list(help_pages(main))
    for path, text in pages:
        level = "##" if path.count(" ") < 2 else "###"
        out += [f"{level} `{path}`", "", "```text", text, "```", ""]
    return "\n".join(out)

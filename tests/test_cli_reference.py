"""docs/cli.md is the CLI's own --help, so a command cannot ship without documentation.

Freshness of the committed page (docs/cli.md == generator output) is checked once, with
the other generated pages, by test_contract.test_generated_docs_are_up_to_date; here we
check that the page is registered there and that it really is what a clerk sees.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from conftest import REPO

from minyi import reference
from minyi.cli import main
from minyi.cli.reference_page import WIDTH, cli_md, help_pages


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()):
    """Every command reachable from the group, found through click's own registry."""
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))


PATHS = [(), *_command_paths(main)]


def _help(args: list[str]):
    return CliRunner().invoke(main, args, prog_name="minyi", terminal_width=WIDTH)


@pytest.fixture(scope="module")
def cli_page() -> str:
    return (REPO / "docs/cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "minyi")
def test_every_command_has_help_and_is_documented_verbatim(path, cli_page):
    result = _help([*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"用法: {' '.join(('minyi', *path))} ")
    heading = f"`{' '.join(('minyi', *path))}`\n"
    assert f"# {heading}" in cli_page, f"docs/cli.md has no section for {heading.strip()}; run `minyi docs`"
    assert f"```text\n{result.output}```" in cli_page, f"docs/cli.md is stale for {heading.strip()}; run `minyi docs`"


def test_short_help_option_matches_long():
    assert _help(["-h"]).output == _help(["--help"]).output


def test_cli_page_is_generated_and_checked_with_the_other_reference_pages():
    assert reference.PAGES["cli.md"] is cli_md
    assert cli_md().startswith("# 命令参考\n")


def test_generator_walks_nested_groups():
    @click.group()
    def tool():
        """Top."""

    @tool.group("grp")
    def grp():
        """Group."""

    @grp.command("leaf")
    @click.option("--flag", help="A flag only the leaf has.")
    def leaf(flag):
        """Leaf."""

    pages = dict(help_pages(tool, "tool"))
    assert list(pages) == ["tool", "tool grp", "tool grp leaf"]
    assert "--flag" in pages["tool grp leaf"] and "Usage: tool grp leaf [OPTIONS]" in pages["tool grp leaf"]


def test_docs_from_the_real_cli_match_the_committed_page(tmp_path):
    """`minyi docs` imports each command inside click's Chinese block (lazy commands), the
    tests outside it: the page must not depend on that (click names types when built)."""
    from conftest import minyi

    minyi("docs", "--out", str(tmp_path), cwd=REPO, check=0)
    assert (tmp_path / "cli.md").read_text(encoding="utf-8") == (REPO / "docs/cli.md").read_text(encoding="utf-8")

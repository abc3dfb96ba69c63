"""Commands that publish: build and preview the site, regenerate the reference docs.

This is the only place in `minyi` that imports `site_gen`: the ledger code stays
usable without the site generator, and the dependency points one way only.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .common import iso_date, ledger_cache, ledger_root, report, root_option, today_option


def _warn(note: str) -> None:
    click.echo(f"警告：{note}", err=True)


def _build_once(base: Path, out: Path, as_of, cache, on_fail=None):
    """Build the site and say how it went; `on_fail(summary, problems)` also hears of a refusal (the preview)."""
    from site_gen.build import BuildFailed, build

    try:
        result = build(base, out, as_of, history=True, cache=cache, warn=_warn)
    except BuildFailed as failed:
        report(failed.problems, "text", sys.stderr)
        click.echo(f"错误：{failed}", err=True)
        if on_fail is not None:
            on_fail(str(failed), failed.problems)
        return None
    size = sum(p.stat().st_size for p in result.out.rglob("*") if p.is_file())
    index = result.index
    searched = (
        f"；搜索索引 {index.pages} 个页面，{index.bytes / 1e6:.1f} MB，用时 {index.seconds:.1f} 秒，"
        f"峰值内存 {index.peak_mb:.0f} MB"
        + (f"，分 {index.shards} 片" if index.shards > 1 else "")
        + (f"（{index.reused} 片内容未变，沿用上次）" if index.reused else "")
        if index
        else ""
    )
    click.echo(
        f"网站已生成：{result.out}（{result.pages} 个页面，{size / 1e6:.1f} MB，{result.records} 条记录，"
        f"用时 {result.seconds:.1f} 秒，数据截至 {as_of or dt.date.today()}{searched}"
        + (f"；沿用上次的 {result.reused} 个记录页面和文件" if result.reused else "")
        + "）",
        err=True,
    )
    return result


site_out_option = click.option(
    "--out",
    type=click.Path(file_okay=False),
    metavar="DIRECTORY",
    default="site",
    show_default=True,
    help="网站输出目录。",
)


@click.command()
@site_out_option
@click.option(
    "--as-of",
    "as_of",
    callback=iso_date,
    default=None,
    metavar="YYYY-MM-DD",
    help="统计截至哪一天（“已办天数”“逾期”按这一天算）；默认今天。早于今天时，生成那一天的台账："
    "读 main 上那一天及以前最后一次提交的记录（不是现在的文件），修改记录也只到那次提交。"
    "同样的记录和日期生成完全相同的网站。",
)
@root_option
@today_option
def build(out, as_of, root, today):
    """检查台账并生成公开网站（MkDocs Material）。

    先运行与 minyi validate 相同的检查，有错误就不生成；网站先在临时目录中
    生成，完整成功后才替换 OUT，失败时原来的网站保持不变。
    """
    base = ledger_root(root)
    if as_of is not None and as_of < (today or dt.date.today()):
        result = _build_past(base, Path(out).resolve(), as_of)
    else:
        result = _build_once(base, Path(out), as_of, ledger_cache(base))
    if result is None:
        sys.exit(1)


def _build_past(base: Path, out: Path, as_of: dt.date):
    """The site as the public saw it on `as_of`, from the tree of main's last commit by then.

    No cache: its history and record entries describe today's HEAD, not that commit."""
    from ..history import head_commit
    from ..snapshot import NoSnapshot, checked_out, commit_on

    try:
        commit = commit_on(base, as_of)
    except NoSnapshot as missing:
        click.echo(f"错误：{missing}", err=True)
        sys.exit(2)
    if commit == head_commit(base):  # nothing reached main since: the files here are that day's ledger
        return _build_once(base, out, as_of, ledger_cache(base))
    click.echo(f"按 {as_of} 的台账生成：提交 {commit[:12]}", err=True)
    with checked_out(base, commit) as tree:
        return _build_once(tree, out, as_of, None)


@click.command()
@site_out_option
@click.option(
    "--as-of", "as_of", callback=iso_date, default=None, metavar="YYYY-MM-DD", help="统计截至哪一天；默认今天。"
)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="端口；被占用时换一个，如 --port 8001。",
)
@root_option
def serve(out, as_of, host, port, root):
    """生成网站并在本机预览；修改记录、文档或样式后自动重新生成并刷新浏览器。

    台账有错误时不生成网站，浏览器里显示问题清单（而不是旧的网站），修正并保存后自动刷新。
    端口被占用（比如另一个 minyi serve 还开着）时，用 --port 换一个，如 minyi serve --port 8001。
    """
    from site_gen.preview import PreviewServer

    from .. import resources

    base = ledger_root(root)
    _check_port(host, port)
    out_path = Path(out).resolve()
    cache = ledger_cache(base)  # one cache for the first build and every rebuild
    server = PreviewServer(builder=lambda: _rebuild(server, base, out_path, as_of, cache), host=host, port=port,
                           root=str(out_path))  # fmt: skip
    if not _rebuild(server, base, out_path, as_of, cache):
        click.echo("台账有错误：浏览器中显示问题清单，修正并保存后自动刷新。", err=True)
    for watched in (
        base / "records",
        base / "docs",
        base / "mkdocs.yml",
        resources.clerk_docs_dir(),
        resources.schema_dir(),
        resources.site_templates().parent,
    ):
        if watched.exists():
            server.watch(str(watched))
    click.echo(f"预览地址：http://{host}:{port}/  （Ctrl+C 退出）", err=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # the port was taken between the check and now
        _port_refused(port, exc)
    finally:
        server.shutdown()


def _rebuild(server, base: Path, out: Path, as_of, cache) -> bool:
    """One build for the preview: on success the site is served again, on failure the error page."""
    if _build_once(base, out, as_of, cache, on_fail=server.fail) is None:
        return False
    server.succeed()
    return True


def _check_port(host: str, port: int) -> None:
    """Refuse a port that cannot be served before building for minutes: one line, the option to change it."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            _port_refused(port, exc)


def _port_refused(port: int, exc: OSError) -> None:
    import errno

    if exc.errno == errno.EADDRINUSE:
        why = f"端口 {port} 已被占用（也许另一个 minyi serve 还开着）"
    elif exc.errno == errno.EACCES:
        why = f"没有权限使用端口 {port}（1024 以下的端口要管理员权限）"
    else:
        why = f"无法在端口 {port} 上预览（{exc.strerror or exc}）"
    other = port + 1 if 1024 <= port < 65535 else 8001
    click.echo(f"错误：{why}。换一个端口：minyi serve --port {other}", err=True)
    sys.exit(2)


@click.command("docs")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    metavar="DIRECTORY",
    default="docs",
    show_default=True,
    help="写到哪个目录。",
)
def docs_cmd(out):
    """根据 schema、规则目录和流程表重新生成 docs/ 中的字段参考、错误目录、办理流程和命令参考。"""
    from ..reference import write_all

    for path in write_all(Path(out)):
        click.echo(path.as_posix())


COMMANDS = (build, serve, docs_cmd)

"""click's own words in Chinese: 用法, 选项, 错误, missing arguments, unknown options with a did-you-mean.

click asks the standard `gettext` for every word it prints (`_("Usage:")`, `_("Error:
{message}")`, …), in the default domain, in the language the environment names. So
nothing of click is patched: `CATALOG` below is a gettext catalogue of click's message
ids, compiled into `minyi/locale/zh_CN/LC_MESSAGES/messages.mo` (`python -m minyi.cli.zh`
writes it; a test checks it is current), and `chinese()` points the default domain at it
and names zh_CN while a `minyi` command runs, restoring both afterwards. The command
group `ChineseGroup` does that around click's `main`; `minyi docs` does it around the
help pages it collects.
"""

from __future__ import annotations

import gettext
import os
import struct
from contextlib import contextmanager
from pathlib import Path

import click

LOCALE = Path(__file__).resolve().parent.parent / "locale"
MO_FILE = LOCALE / "zh_CN" / "LC_MESSAGES" / "messages.mo"
DOMAIN = "messages"  # click uses gettext's default domain

# click's message ids (click/core.py, exceptions.py, parser.py, types.py, decorators.py,
# formatting.py) and their Chinese; a plural id is "singular\0plural", its words "one\0other".
CATALOG = {
    "": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=n != 1;\n",
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有这个选项 {name!r}。",
    "No such command {name!r}.": "没有这个命令 {name!r}。",
    "Did you mean {possibility}?\0(Did you mean one of: {possibilities}?)": (
        "你是不是想写 {possibility}？\0（你是不是想写其中之一：{possibilities}？）"
    ),
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Got unexpected extra argument ({args})\0Got unexpected extra arguments ({args})": (
        "多出了参数（{args}）\0多出了参数（{args}）"
    ),
    "Option {name!r} requires an argument.\0Option {name!r} requires {nargs} arguments.": (
        "选项 {name!r} 后面要写一个值。\0选项 {name!r} 后面要写 {nargs} 个值。"
    ),
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 要写 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.\0Takes {nargs} values but {len} were given.": (
        "要写 {nargs} 个值，只写了 1 个。\0要写 {nargs} 个值，写了 {len} 个。"
    ),
    "{value!r} is not {choice}.\0{value!r} is not one of {choices}.": (
        "{value!r} 不是 {choice}。\0{value!r} 不是可选的值（{choices}）之一。"
    ),
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value} is not in the range {range}.": "{value} 不在 {range} 的范围内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字（{number_type}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是真假值。可以写：{states}",
    "{value!r} does not match the format {format}.\0{value!r} does not match the formats {formats}.": (
        "{value!r} 不符合格式 {format}。\0{value!r} 不符合格式 {formats} 中的任何一种。"
    ),
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "Value must be an iterable.": "值必须是一组值。",
}


def mo_bytes(catalog: dict[str, str] = CATALOG) -> bytes:
    """The catalogue as a GNU .mo file (the format of msgfmt; no hash table, which gettext does not need)."""
    keys = sorted(catalog)
    ids = strs = b""
    table = []
    for key in keys:
        k, v = key.encode("utf-8"), catalog[key].encode("utf-8")
        table.append((len(ids), len(k), len(strs), len(v)))
        ids, strs = ids + k + b"\0", strs + v + b"\0"
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    originals = [x for k_off, k_len, _, _ in table for x in (k_len, k_off + key_start)]
    translations = [x for _, _, v_off, v_len in table for x in (v_len, v_off + value_start)]
    head = struct.pack("<7I", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    return head + struct.pack(f"<{4 * n}I", *originals, *translations) + ids + strs


@contextmanager
def chinese():
    """click speaks Chinese inside this block: gettext's default domain reads our catalogue, in zh_CN."""
    saved_language = os.environ.get("LANGUAGE")
    saved_dir = gettext.bindtextdomain(DOMAIN)
    os.environ["LANGUAGE"] = "zh_CN"
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    try:
        yield
    finally:
        gettext.bindtextdomain(DOMAIN, saved_dir)
        if saved_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved_language


class ChineseGroup(click.Group):
    """The `minyi` group: runs click (parsing, help, errors) with its words in Chinese."""

    def main(self, *args, **kwargs):
        with chinese():
            return super().main(*args, **kwargs)


if __name__ == "__main__":  # python -m minyi.cli.zh: compile the catalogue
    MO_FILE.parent.mkdir(parents=True, exist_ok=True)
    MO_FILE.write_bytes(mo_bytes())
    print(MO_FILE)

"""The one Jinja2 environment every page, fragment and feed is rendered with.

Why escaping lives here and not in the templates: a template that forgets to escape is
a stored XSS, so the environment makes forgetting impossible.
- Autoescape is on, and `finalize` runs every `{{ … }}` value that is not already markup
  through `esc`, which also turns `{` and `}` into entities: record text can never become
  template code in any renderer the pages pass through later (MkDocs' Jinja today, a
  macros plugin or another tool tomorrow).
- The `~` operator and the `join`, `e` and `escape` filters use the same `esc`; filters
  that would let text through as markup (`safe`, `tojson`, `urlize`, …) do not exist.
  Markup comes only from templates themselves and from `trusted` values made in Python.
Templates are compiled once (one environment, never reloaded) and cached.

Template layout is not output: a line break and the indentation around it are dropped
when a template is compiled, so templates are indented for reading while pages stay one
raw HTML block that Markdown leaves alone. Write a space where one is meant.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateRuntimeError
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from minyi import lifecycle, resources
from minyi.kinds.suggestion import OUTCOME
from minyi.stats import percent

from . import feeds, qr, reach, urls
from .html import ESCAPES, esc

_BREAK = re.compile(r"[ \t]*\n\s*")
# Rows a record page lists of the suggestions it gathers (a department's, a station's, a deputy's):
# the newest; the rest are counted and reached through the suggestion list or search. A city's
# busiest department handles tens of thousands: listing them all made one page 20 MB.
LISTED = 50
_UNSAFE_FILTERS = ("safe", "forceescape", "tojson", "urlize", "xmlattr", "replace")


def html(value) -> Markup:
    """Markup as it is, anything else as escaped text (braces included)."""
    return value if hasattr(value, "__html__") else Markup(esc(value))


def trusted(text: str) -> Markup:
    """Markup made by our own code from no record text (the QR code's SVG); the one way in."""
    return Markup(text)


def _join(values, separator="") -> Markup:
    return html(separator).join(html(v) for v in values)


def _concat(parts) -> str | Markup:
    """The `~` operator: like Jinja's own, but text joined to markup is escaped by `esc`."""
    parts = list(parts)
    if any(hasattr(p, "__html__") for p in parts):
        return Markup("").join(html(p) for p in parts)
    return "".join(str(p) for p in parts)


def _format(template, *args):
    if hasattr(template, "__html__"):
        raise TemplateRuntimeError("format() on markup would not escape its arguments with esc()")
    return str(template) % args


def _out(value) -> str:
    """What `{{ value }}` writes: markup as it is, anything else through `esc` (the runtime
    form of `finalize`, without building a Markup object per value: pages print hundreds)."""
    if type(value) is str:
        return value.translate(ESCAPES)
    if hasattr(value, "__html__"):
        return value.__html__()
    return esc(value)


class _Generator(CodeGenerator):
    """Compiles `{{ x }}` to `environment.out(x)` and `a ~ b` to `environment.concat_safely`,
    so both escape with `esc`; `{% autoescape false %}` cannot switch it off."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        self.write("environment.out(")

    def _output_child_post(self, node, frame, finalize) -> None:
        self.write(")")

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.concat_safely((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Compact(Extension):
    """Drops line breaks and the indentation around them from template source (not from data)."""

    def filter_stream(self, stream):
        for token in stream:
            if token.type == "data":
                value = _BREAK.sub("", token.value)
                if not value:
                    continue
                token = Token(token.lineno, token.type, value)
            yield token


class _Environment(Environment):
    code_generator_class = _Generator
    concat_safely = staticmethod(_concat)
    out = staticmethod(_out)


@cache
def environment() -> Environment:
    env = _Environment(
        loader=FileSystemLoader(str(resources.site_templates())),
        autoescape=True,
        finalize=html,
        undefined=StrictUndefined,
        auto_reload=False,
        cache_size=-1,
        extensions=[_Compact],
    )
    for name in _UNSAFE_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(
        join=_join,
        e=html,
        escape=html,
        format=_format,
        ext=urls.external,
        href=lambda target, here: urls.href(here, target),
        pct=pct,
        rate=rate,
        money=money,
        num=num,
    )
    env.globals.update(status_label=lifecycle.label, OUTCOME=OUTCOME, qr_code=lambda url: trusted(qr.svg(url)))
    env.globals.update(record_file=urls.record_file, LISTED=LISTED)
    env.globals.update(next_step=reach.next_step, contact=reach.contact)
    env.globals.update(feeds_of=feeds.feeds_of)
    return env


def template(name: str):
    return environment().get_template(name)


def pct(part: int, whole: int) -> str:
    return rate(part / whole if whole else None)


def rate(x) -> str:
    """A rate as a percentage with one decimal, half up, as every published rate (minyi.stats.percent)."""
    return percent(x)


def money(wan) -> str:
    """Budgets are recorded in 万元 (ten thousand yuan), shown with thousands separators."""
    return f"{wan:,.0f} 万元" if wan is not None else ""


def num(x):
    """A recorded number as the clerk wrote it: 95, not the 95.0 the typed model holds."""
    return int(x) if isinstance(x, float) and x.is_integer() else x

"""Record pages are poured into a compacted shell: whitespace runs holding a line break become one
line break (they render the same), and text shown or run as written is left alone."""

from __future__ import annotations

from html.parser import HTMLParser

from site_gen.shell import compact

PAGE = """<nav>
    <ul>
      <li>
        <a href="../">
          全部
        </a>
      </li>
    </ul>
</nav>
<pre>  line one
      indented two
</pre>
<script>
  var a = 1;

  // keep
</script>
<textarea>
  typed
</textarea>
<p>one <b>two</b>
   three</p>
"""


def test_indentation_between_tags_becomes_one_line_break():
    assert compact(PAGE) == (
        '<nav>\n<ul>\n<li>\n<a href="../">\n全部\n</a>\n</li>\n</ul>\n</nav>\n'
        "<pre>  line one\n      indented two\n</pre>\n"
        "<script>\n  var a = 1;\n\n  // keep\n</script>\n"
        "<textarea>\n  typed\n</textarea>\n"
        "<p>one <b>two</b>\nthree</p>\n"
    )


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.words: list[str] = []

    def handle_data(self, data):
        self.words.extend(data.split())


def _words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.words


def test_the_text_a_reader_sees_is_unchanged():
    assert _words(compact(PAGE)) == _words(PAGE)
    assert compact(compact(PAGE)) == compact(PAGE)

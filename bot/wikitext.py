"""Small wikitext helpers shared by the renderers.  Pure."""

from __future__ import annotations

import html
import re

#: Markup characters anywhere: they could close the template, start a parameter,
#: a link, a tag or an entity.
_ALWAYS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "=": "&#61;",
    "[": "&#91;",
    "]": "&#93;",
}
_ALWAYS_RE = re.compile("[" + re.escape("".join(_ALWAYS)) + "]")
#: Runs that are markup only together: ~~~ signatures, __MAGIC__ words,
#: '' bold/italic, !! table cells, ---- rules.
_RUNS_RE = re.compile(r"~{3,}|_{2,}|'{2,}|!{2,}|-{4,}")
#: Either of the two above.
_ANY_RE = re.compile(_ALWAYS_RE.pattern + "|" + _RUNS_RE.pattern)
#: Characters that are markup at the start of a line (lists, indents, tables) or
#: next to the template's own bold/italic marks.
_EDGE = {"*", "#", ":", ";", "!", "-", "'"}


def fold(text: str) -> str:
    """Every run of whitespace (non-breaking spaces too) as one space, trimmed.

    The one whitespace rule: MediaWiki shows text this way, so the bot compares it so.
    """
    return " ".join(text.split())


def _entity(char: str) -> str:
    return _ALWAYS.get(char) or f"&#{ord(char)};"


def escape(text: str) -> str:
    """Make plain text safe inside a template parameter, a link label or a table cell.

    The wiki shows exactly the (whitespace-folded) text: ``unescape(escape(t))`` is
    ``t`` folded.  Ordinary prose stays readable in the page source: only markup is
    turned into entities.
    """
    out = fold(text)
    if not _ANY_RE.search(out) and out[:1] not in _EDGE and out[-1:] != "'":
        return out  # most text: nothing to do, found in one pass
    out = _ALWAYS_RE.sub(lambda m: _ALWAYS[m.group(0)], out)
    out = _RUNS_RE.sub(lambda m: "".join(_entity(c) for c in m.group(0)), out)
    if out[:1] in _EDGE:
        out = _entity(out[0]) + out[1:]
    if out[-1:] == "'":
        out = out[:-1] + _entity("'")
    return out


def unescape(value: str) -> str:
    """The text an escaped value shows (entities decoded, whitespace folded)."""
    return fold(html.unescape(value))

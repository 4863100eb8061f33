"""A Meta page as the Translate extension serves it to readers.  Pure.

Translate removes its own markup before MediaWiki parses a page: the ``<translate>`` tags
(``nowrap`` or not), the ``<!--T:n-->`` unit markers, and the ``<tvar>`` wrappers around
text that must not be translated (``<tvar name="x">…</tvar>`` and the older
``<tvar|x>…</>``), whose contents stay.  ``unwrap`` does the same, so that a heading on the
line of a ``<translate>`` tag is a heading and ``[<tvar name="1">URL</tvar> label]`` is a link.

Nothing that is cut holds a newline (a cut piece's newlines are put back), so every line
of the unwrapped text is the same line of the page as stored; ``Unwrapped.original_offset``
maps any position back.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

#: Markup Translate removes; a tvar's contents (group ``tvar`` or ``old``) stay.
TRANSLATE_MARKUP = re.compile(
    r"</?translate\b[^>]*>"
    r"|(?P<pre>[ \t]*)<!--\s*T:\d+\s*-->(?P<post>[ \t]*)"
    r"|<tvar\s+name\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*)\s*>(?P<tvar>(?:(?!<tvar\b).)*?)</tvar\s*>"
    r"|<tvar\|[^>]*>(?P<old>(?:(?!<tvar\b).)*?)</>",
    re.IGNORECASE | re.DOTALL,
)
#: What may stand between a marker and its line's start or end for it to count as there.
ONLY_TAGS = re.compile(r"(?:</?translate\b[^>]*>|\s)*", re.IGNORECASE)


@dataclass(frozen=True)
class Unwrapped:
    """The text readers are served, with the way back to the text as stored.

    ``kept_at[i]`` is the offset in the unwrapped text where the i-th kept stretch starts,
    and ``shift[i]`` how many characters were cut before it.
    """

    text: str
    kept_at: tuple[int, ...] = ()
    shift: tuple[int, ...] = ()

    def original_offset(self, offset: int) -> int:
        """The offset in the stored page of the character at ``offset`` here."""
        index = bisect.bisect_right(self.kept_at, offset) - 1
        return offset + (self.shift[index] if index >= 0 else 0)


def unwrap(text: str) -> Unwrapped:
    """``text`` without Translate's markup, the contents of tvars kept."""
    pieces: list[str] = []
    kept_at: list[int] = []
    shift: list[int] = []
    done = 0  # offset in ``text`` up to which pieces hold it
    length = 0  # length of the unwrapped text so far
    for match in TRANSLATE_MARKUP.finditer(text):
        # Keep the stretch before the match, then the part of the match that stays.
        keep = _kept_span(match, text)
        for start, end in ((done, match.start()), keep):
            if end > start:
                kept_at.append(length)
                shift.append(start - length)
                pieces.append(text[start:end])
                length += end - start
        newlines = 0 if match.lastgroup in ("tvar", "old") else match.group(0).count("\n")
        if newlines:  # a tag spread over lines: map its newlines into the tag
            kept_at.append(length)
            shift.append(match.start() - length)
            pieces.append("\n" * newlines)
            length += newlines
        done = match.end()
    kept_at.append(length)
    shift.append(done - length)
    pieces.append(text[done:])
    return Unwrapped("".join(pieces), tuple(kept_at), tuple(shift))


def _kept_span(match: re.Match[str], text: str) -> tuple[int, int]:
    """The span of a match that stays: a tvar's contents, or one blank around a marker.

    A marker between words leaves one of the blanks around it (``'''X''' <!--T:4--> y``
    reads ``'''X''' y``); at the start or end of a line, translate tags aside, none
    (``<translate>== X == <!--T:1--></translate>`` is the heading ``== X ==``).
    """
    for name in ("tvar", "old"):
        if match.start(name) != -1:
            return match.span(name)
    blanks = match.group("pre") or match.group("post")
    if match.start("pre") == -1 or not blanks:
        return (0, 0)
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = len(text) if (end := text.find("\n", match.end())) == -1 else end
    at_start = ONLY_TAGS.fullmatch(text, line_start, match.start()) is not None
    at_end = ONLY_TAGS.fullmatch(text, match.end(), line_end) is not None
    if at_start or at_end:
        return (0, 0)
    return (
        (match.start(), match.start() + 1) if match.group("pre") else (match.end() - 1, match.end())
    )

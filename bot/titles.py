"""Page titles made from source text.  Pure.

A group name goes into subpage titles; MediaWiki refuses some characters in titles
and reads others as structure (``/`` a subpage, ``#`` a section).  Each group name
becomes one safe title segment, and two names that become the same segment are an
error, never one page for both.
"""

from __future__ import annotations

import re

from .wikitext import fold

_REPLACEMENTS = str.maketrans(
    {"[": "(", "]": ")", "{": "(", "}": ")", "<": "(", ">": ")", "|": "-", "#": "-", "/": "-"}
)
#: Control characters and U+FFFD (the wiki refuses both), and the one space MediaWiki
#: folds that Python does not.
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffd\u180e]")
#: Direction marks: MediaWiki drops them from titles, so the bot must too, or the
#: title it asks for is not the title the wiki stores.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e]")
_PERCENT_CODE = re.compile(r"%([0-9A-Fa-f]{2})")
#: ``&name;`` reads as an HTML entity, which MediaWiki refuses in titles.
_ENTITY = re.compile("&(?=[A-Za-z0-9\u0080-\U0010ffff]+;)")
_TILDES = re.compile(r"~{3,}")
#: Room left in the 255-byte title for the prefix and the number.
MAX_SEGMENT_BYTES = 120
UNNAMED = "Unnamed group"


class TitleError(ValueError):
    """Source text that cannot be given its own title."""


def title_segment(name: str) -> str:
    """A group name as one valid title segment (no '/', no invalid character)."""
    text = _BIDI.sub("", _CONTROL.sub(" ", name)).translate(_REPLACEMENTS)
    text = _PERCENT_CODE.sub(r"% \1", text)
    text = _ENTITY.sub("& ", text)
    text = _TILDES.sub("~~", text)
    text = fold(text.replace("_", " "))
    if text.strip(".") == "":
        text = UNNAMED
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_SEGMENT_BYTES:
        text = encoded[:MAX_SEGMENT_BYTES].decode("utf-8", errors="ignore").rstrip()
    return text


def segments_for(groups: list[str]) -> dict[str, str]:
    """Group name -> title segment, refusing two names that collide."""
    segments: dict[str, str] = {}
    owners: dict[str, str] = {}
    for group in groups:
        segment = title_segment(group)
        other = owners.setdefault(segment, group)
        if other != group:
            raise TitleError(
                f"groups {other!r} and {group!r} would share the title segment {segment!r}: "
                "rename one of the headings on the source page"
            )
        segments[group] = segment
    return segments


def under(title: str, prefix: str) -> bool:
    """Is ``title`` a subpage of ``prefix`` (at any depth)?"""
    return title.startswith(prefix.rstrip("/") + "/")

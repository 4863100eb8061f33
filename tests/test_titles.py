"""Group names -> title segments: every heading gets a page title the wiki accepts as written.

``mediawiki_title`` below restates MediaWiki 1.39's own title rules
(MediaWikiTitleCodec::splitTitleString): it returns the title as the wiki would store
it, or raises when the wiki would refuse it.  A segment is right when the wiki accepts
``Prefix/<segment>/1`` and stores exactly that title (so the bot finds its page again).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recsync.titles import (
    MAX_SEGMENT_BYTES,
    UNNAMED,
    TitleError,
    segments_for,
    title_segment,
    under,
)

PREFIX = "Strategy/Recommendations"

#: $wgLegalTitleChars: ASCII outside this set (and any byte >= 0x80 is legal).
_LEGAL_ASCII = set(" %!\"$&'()*,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ\\^_`"
                   "abcdefghijklmnopqrstuvwxyz~+")  # fmt: skip
_INVALID = re.compile(
    r"%[0-9A-Fa-f]{2}"  # URL escapes
    r"|&[A-Za-z0-9\u0080-\U0010ffff]+;|&#[0-9]+;|&#x[0-9A-Fa-f]+;"  # HTML entities
)
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e]+")
_SPACES = re.compile("[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


class InvalidTitle(ValueError):
    pass


def mediawiki_title(text: str) -> str:
    """The title the wiki stores for ``text`` (spaces, not underscores); raises if refused."""
    key = _SPACES.sub("_", _BIDI.sub("", text)).strip("_")
    if "\ufffd" in key:
        raise InvalidTitle("invalid UTF-8 / replacement character")
    bad = [c for c in key if c < "\x80" and c not in _LEGAL_ASCII]
    if bad:
        raise InvalidTitle(f"invalid characters {bad!r}")
    if _INVALID.search(key):
        raise InvalidTitle(f"URL escape or HTML entity {_INVALID.search(key)!r}")
    if "." in key and (
        key in {".", ".."}
        or key.startswith(("./", "../"))
        or "/./" in key
        or "/../" in key
        or key.endswith(("/.", "/.."))
    ):
        raise InvalidTitle("relative path")
    if "~~~" in key:
        raise InvalidTitle("three tildes")
    if len(key.encode("utf-8")) > 255:
        raise InvalidTitle("longer than 255 bytes")
    if not key or key.startswith(":"):
        raise InvalidTitle("empty")
    return key.replace("_", " ")


def assert_good_segment(name: str) -> str:
    segment = title_segment(name)
    title = f"{PREFIX}/{segment}/1"
    assert mediawiki_title(title) == title, (name, segment)
    assert "/" not in segment
    assert len(segment.encode("utf-8")) <= MAX_SEGMENT_BYTES
    return segment


def test_the_checker_refuses_what_the_wiki_refuses() -> None:
    for bad in ["A[1]", "A{b}", "A|b", "A#b", "A<b>", "a/../b", "../a", "A%41", "R&amp;D",
                "a&#91;", "sig ~~~", "a\tb\x00", "x\ufffd", "a" * 256]:  # fmt: skip
        with pytest.raises(InvalidTitle):
            mediawiki_title(bad)
    assert mediawiki_title("Advocacy_and  more") == "Advocacy and more"


@pytest.mark.parametrize(
    ("name", "segment"),
    [
        ("Advocacy", "Advocacy"),
        ("Product & Technology", "Product & Technology"),
        ("Roles [draft] {2}", "Roles (draft) (2)"),
        ("A | B", "A - B"),
        ("Section #3", "Section -3"),
        ("<b>Bold</b>", "(b)Bold(-b)"),
        ("Capacity/Building", "Capacity-Building"),
        ("../Other", "..-Other"),
        ("Growth %41", "Growth % 41"),
        ("R&amp;D", "R& amp;D"),
        ("Signed ~~~~", "Signed ~~"),
        ("Tab\there\x00and\x7fthere", "Tab here and there"),
        ("snake_case_group", "snake case group"),
        ("  spaced   out  ", "spaced out"),
        ("...", UNNAMED),
        (" . . ", ". ."),
        ("", UNNAMED),
        ("Advocacy\u200e", "Advocacy"),  # a left-to-right mark pasted with the heading
        ("broken \ufffd text", "broken text"),
    ],
)
def test_examples(name: str, segment: str) -> None:
    assert assert_good_segment(name) == segment


def test_a_long_name_is_cut_to_a_whole_character() -> None:
    name = "Überlänge " * 40  # 440 bytes, two-byte characters
    segment = assert_good_segment(name)
    assert name.startswith(segment)
    assert len(segment.encode("utf-8")) <= MAX_SEGMENT_BYTES
    assert not segment.endswith(" ")


def test_a_name_of_dots_and_spaces_gets_a_readable_name() -> None:
    assert assert_good_segment(". .. ...".replace(" ", "")) == UNNAMED


HOSTILE_BITS = [
    "[", "]", "{", "}", "|", "#", "<", ">", "/", "../", "./", ".", "..", "%", "41", "%41", "&",
    "amp", ";", "&#91;", "~", "~~~", "_", " ", "\u200e", "\u180e", "\u00a0", "\ufffd", "\x00",
    "\n", "é",
]  # fmt: skip
HOSTILE = st.lists(st.one_of(st.sampled_from(HOSTILE_BITS), st.text(max_size=6)), max_size=40).map(
    "".join
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(HOSTILE, st.text(max_size=300)))
def test_any_group_name_gives_a_title_the_wiki_keeps_as_written(name: str) -> None:
    assert_good_segment(name)


def test_two_names_that_collide_are_an_error_naming_both() -> None:
    with pytest.raises(TitleError) as error:
        segments_for(["Advocacy", "Capacity/Building", "Capacity-Building"])
    message = str(error.value)
    assert message.startswith("groups 'Capacity/Building' and 'Capacity-Building' would share")


def test_the_same_name_twice_is_not_a_collision() -> None:
    assert segments_for(["A/B", "C", "A/B"]) == {"A/B": "A-B", "C": "C"}


def test_under() -> None:
    assert under("Recs/Advocacy/1", "Recs")
    assert under("Recs/Advocacy/1", "Recs/")
    assert not under("Recs", "Recs")
    assert not under("Recsother/1", "Recs")

"""Group names -> title segments: every heading gets a page title the wiki accepts as written,
distinct from every other heading's, and the same on every later run.

``mediawiki_title`` below restates MediaWiki 1.39's own title rules
(MediaWikiTitleCodec::splitTitleString): it returns the title as the wiki would store
it, or raises when the wiki would refuse it.  A segment is right when the wiki accepts
``Prefix/<segment>/1`` and stores exactly that title (so the bot finds its page again).
tests/live/test_german_wiki.py asks the real wiki the same about the examples here.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wikis import GERMAN

from recsync.config import JobConfig
from recsync.namespaces import ENGLISH
from recsync.titles import (
    MAX_TITLE_BYTES,
    MIN_ROOM,
    UNNAMED,
    Claim,
    belongs,
    segment_room,
    segments_for,
    title_segment,
    under,
)

PREFIX = "Strategy/Recommendations"
JOB = JobConfig(source=PREFIX)
ROOM = segment_room(JOB, ENGLISH)

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
    """The title the wiki stores for ``text`` (NFC, spaces for underscores); raises if
    refused.  (The namespace is not counted in the 255 bytes; PREFIX has none.)"""
    key = _SPACES.sub("_", _BIDI.sub("", unicodedata.normalize("NFC", text))).strip("_")
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


def assert_good_segment(name: str, job: JobConfig = JOB) -> str:
    room = segment_room(job, ENGLISH)
    segment = title_segment(name, room)
    title = job.subpage_title(segment, 99999)
    assert mediawiki_title(title) == title, (name, segment)
    assert "/" not in segment
    assert len(segment.encode("utf-8")) <= room
    return segment


def test_the_checker_refuses_what_the_wiki_refuses() -> None:
    for bad in ["A[1]", "A{b}", "A|b", "A#b", "A<b>", "a/../b", "../a", "A%41", "R&amp;D",
                "a&#91;", "sig ~~~", "a\tb\x00", "x\ufffd", "a" * 256]:  # fmt: skip
        with pytest.raises(InvalidTitle):
            mediawiki_title(bad)
    assert mediawiki_title("Advocacy_and  more") == "Advocacy and more"
    assert mediawiki_title("Cafe\u0301") == "Café"  # stored in NFC


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
        # any script, as written
        ("Fürsprache & Vielfalt", "Fürsprache & Vielfalt"),
        ("Équité", "Équité"),
        ("Equite\u0301", "Equité"),  # decomposed: the wiki stores it composed
        ("多様性と包摂", "多様性と包摂"),
        ("التنوع والإنصاف", "التنوع والإنصاف"),
        ("\u200fالتنوع\u200f", "التنوع"),
        ("🌍 Climate 🌱", "🌍 Climate 🌱"),
        ("👩‍👩‍👧 Families", "👩‍👩‍👧 Families"),
    ],
)
def test_examples(name: str, segment: str) -> None:
    assert assert_good_segment(name) == segment


def test_a_long_name_is_cut_to_a_whole_character_to_fit_255_bytes() -> None:
    name = "Überlänge " * 40  # 440 bytes, two-byte characters
    segment = assert_good_segment(name)
    assert name.startswith(segment)
    assert not segment.endswith(" ")
    title = JOB.subpage_title(segment, 99999)
    assert MAX_TITLE_BYTES - 2 < len(title.encode("utf-8")) <= MAX_TITLE_BYTES


def test_a_name_that_fits_is_kept_whole_however_long() -> None:
    name = "Eine sehr lange Überschrift " * 7  # 196 bytes
    assert assert_good_segment(name) == name.strip()


@pytest.mark.parametrize(
    ("name", "room", "segment"),
    [
        ("🇩🇪🇫🇷🇯🇵", 10, "🇩🇪"),  # flags are pairs of regional indicators: never halved
        ("👩‍👩‍👧👨‍👦", 20, "👩‍👩‍👧"),  # an emoji sequence stays whole
        ("👍🏽👍🏽", 9, "👍🏽"),  # with its skin tone
        ("नमस्ते दुनिया", 19, "नमस्ते"),
        ("नमस्ते दुनिया", 17, "नम"),  # a letter keeps its vowel sign, a conjunct its parts
        ("ab\u0301\u0301cd", 4, "a"),  # a letter keeps its combining marks
    ],
)
def test_a_cut_never_splits_what_a_reader_sees_as_one_character(
    name: str, room: int, segment: str
) -> None:
    assert title_segment(name, room) == segment


def test_the_room_counts_the_prefix_and_the_number_but_not_the_namespace() -> None:
    job = JobConfig(source="Benutzer:Econterms/Empfehlungen")
    assert segment_room(job, GERMAN) == 255 - len("Econterms/Empfehlungen//99999")
    assert segment_room(job, ENGLISH) == 255 - len("Benutzer:Econterms/Empfehlungen//99999")
    twice = JobConfig(source="R", title_pattern="{prefix}/{group}/{number} ({group})")
    assert segment_room(twice, ENGLISH) == (255 - len("R//99999 ()")) // 2


def test_a_name_of_dots_and_spaces_gets_a_readable_name() -> None:
    assert assert_good_segment(". .. ...".replace(" ", "")) == UNNAMED


HOSTILE_BITS = [
    "[", "]", "{", "}", "|", "#", "<", ">", "/", "../", "./", ".", "..", "%", "41", "%41", "&",
    "amp", ";", "&#91;", "~", "~~~", "_", " ", "\u200e", "\u180e", "\u00a0", "\ufffd", "\x00",
    "\n", "é", "e\u0301", "\u0301", "Ü", "ü", "多様性", "التنوع", "🇩🇪", "👩‍👩‍👧", "\u200d", "🏽",
    "\ufe0f", "Überlänge " * 12,
]  # fmt: skip
HOSTILE = st.lists(st.one_of(st.sampled_from(HOSTILE_BITS), st.text(max_size=6)), max_size=40).map(
    "".join
)
HEADING = st.one_of(HOSTILE, st.text(max_size=300))


@settings(max_examples=1000, deadline=None)
@given(HEADING, st.integers(min_value=1, max_value=200))
def test_any_group_name_gives_a_title_the_wiki_keeps_as_written(name: str, prefix: int) -> None:
    job = JobConfig(source="P" * prefix)
    if segment_room(job, ENGLISH) >= MIN_ROOM:
        assert_good_segment(name, job)


def plain_headings() -> st.SearchStrategy[list[str]]:
    """Headings that collide often: case, underscores, spaces, forbidden characters."""
    base = st.sampled_from(["Advocacy", "A b", "Überlänge " * 26, "多様性", "🇩🇪 Team", "x (2)"])
    variant = st.sampled_from(["", "_", "  ", "/", "#", "[1]", " (2)", "ä", "E", "é"])
    shaped = st.tuples(base, variant, st.booleans()).map(
        lambda t: (t[0] + t[1]).swapcase() if t[2] else t[0] + t[1]
    )
    return st.lists(st.one_of(shaped, HOSTILE), min_size=1, max_size=8)


def assert_distinct_and_valid(segments: dict[str, str], room: int) -> None:
    titles = [JOB.subpage_title(s, 99999) for s in segments.values()]
    assert all(mediawiki_title(t) == t for t in titles), segments
    assert len(set(titles)) == len(titles), segments  # the wiki stores them apart
    assert all(len(s.encode("utf-8")) <= room for s in segments.values()), segments


# --- distinct headings, distinct titles ---------------------------------------------------


def test_two_headings_the_wiki_would_give_one_title_get_two_and_a_note_each() -> None:
    titled = segments_for(
        ["Advocacy", "Capacity/Building", "Capacity-Building", "A_b", "A  b"], ROOM
    )

    assert titled.of == {
        "Advocacy": "Advocacy",
        "Capacity/Building": "Capacity-Building",
        "Capacity-Building": "Capacity-Building (2)",
        "A_b": "A b",
        "A  b": "A b (2)",
    }
    assert titled.notes["Capacity-Building"] == (
        "heading 'Capacity-Building' would have the title of heading 'Capacity/Building' "
        "('Capacity-Building'): its title is 'Capacity-Building (2)'"
    )
    assert titled.notes["Capacity/Building"] == (
        "heading 'Capacity/Building' holds / that titles cannot hold as written: "
        "its title is 'Capacity-Building'"
    )
    assert "A_b" not in titled.notes  # the wiki itself reads _ as a space
    assert titled.notes["A  b"].startswith("heading 'A  b' would have the title of heading 'A_b'")


def test_headings_that_differ_only_in_case_have_two_titles_and_a_note() -> None:
    # After the prefix a title is case-sensitive ($wgCapitalLinks touches only its
    # first letter): two pages, but likely one group mistyped.
    titled = segments_for(["Advocacy", "advocacy"], ROOM)

    assert titled.of == {"Advocacy": "Advocacy", "advocacy": "advocacy"}
    assert titled.notes["advocacy"] == (
        "heading 'advocacy' differs from 'Advocacy' only in case: two groups, "
        "with two titles ('advocacy')"
    )


def test_two_long_headings_cut_alike_get_two_titles() -> None:
    first, second = "Überlänge " * 40 + "eins", "Überlänge " * 40 + "zwei"
    titled = segments_for([first, second], ROOM)

    assert titled.of[first] != titled.of[second]
    assert titled.of[second].endswith(" (2)")
    assert "is too long for a title (255 bytes with the prefix and number)" in titled.notes[first]
    for segment in titled.of.values():
        assert len(JOB.subpage_title(segment, 99999).encode("utf-8")) <= MAX_TITLE_BYTES


def test_the_same_name_twice_is_one_group() -> None:
    assert segments_for(["A/B", "C", "A/B"], ROOM).of == {"A/B": "A-B", "C": "C"}


def test_a_heading_as_written_has_no_note() -> None:
    assert segments_for(["Advocacy", "Fürsprache", "多様性と包摂", "🌍 Climate"], ROOM).notes == {}


# --- kept on later runs -------------------------------------------------------------------


def pages_of(segments: dict[str, str], current: bool = True) -> list[Claim]:
    """Two pages a heading, as a sync with these segments leaves them."""
    return [Claim(g, s, current) for g, s in segments.items() for _ in (1, 2)]


def test_a_heading_keeps_its_title_when_a_colliding_heading_comes_before_it() -> None:
    first = segments_for(["A b"], ROOM)

    later = segments_for(["A_b", "A b"], ROOM, pages_of(first.of))

    assert later.of == {"A_b": "A b (2)", "A b": "A b"}
    assert list(later.notes) == ["A_b"]  # only the heading whose title is new


def test_a_heading_keeps_its_number_when_the_one_before_it_goes() -> None:
    first = segments_for(["A_b", "A b"], ROOM)
    claims = pages_of({"A b": first.of["A b"]}) + pages_of({"A_b": first.of["A_b"]}, False)

    later = segments_for(["A b"], ROOM, claims)

    assert later.of == {"A b": "A b (2)"}
    assert later.notes == {}


def test_a_new_heading_never_takes_the_title_of_one_that_left_the_source() -> None:
    gone = pages_of({"A_b": "A b"}, current=False)

    assert segments_for(["A b"], ROOM, gone).of == {"A b": "A b (2)"}
    assert segments_for(["A_b"], ROOM, gone).of == {"A_b": "A b"}  # the same heading back


def test_an_item_moved_in_from_another_group_does_not_take_its_title_along() -> None:
    # Item 3 of Advocacy moved under Diversity keeps its page Advocacy/3.
    claims = [Claim("Diversity", "Advocacy", True), Claim("Diversity", "Diversity", True)]
    claims += [Claim("Advocacy", "Advocacy", True)]

    assert segments_for(["Diversity", "Advocacy"], ROOM, claims).of == {
        "Diversity": "Diversity",
        "Advocacy": "Advocacy",
    }


def test_an_item_moved_between_two_headings_of_one_title_takes_neither_title_along() -> None:
    # "A_b" has A b/1; "A b" has A b (2)/1 and, moved in from "A_b", A b/2.
    claims = [Claim("A_b", "A b", True), Claim("A b", "A b (2)", True), Claim("A b", "A b", True)]

    for order in (["A_b", "A b"], ["A b", "A_b"]):
        titled = segments_for(order, ROOM, claims)
        assert titled.of == {"A_b": "A b", "A b": "A b (2)"}, order
        assert titled.kept == {"A_b", "A b"} and titled.notes == {}


@settings(max_examples=300, deadline=None)
@given(plain_headings(), st.data())
def test_which_heading_keeps_which_title_does_not_depend_on_their_order(
    headings: list[str], data: st.DataObject
) -> None:
    first = segments_for(headings, ROOM)
    unique = sorted(set(headings))
    # Each heading's pages, and some pages of items moved from one heading to another.
    claims = [Claim(g, s, True) for g, s in first.of.items()]
    moves = st.tuples(st.sampled_from(unique), st.sampled_from(sorted(first.of.values())))
    claims += [Claim(g, s, True) for g, s in data.draw(st.lists(moves, max_size=6))]
    shuffled = data.draw(st.permutations(unique))

    one, other = segments_for(unique, ROOM, claims), segments_for(shuffled, ROOM, claims)

    assert one.kept == other.kept
    assert {g: one.of[g] for g in one.kept} == {g: other.of[g] for g in other.kept}
    assert_distinct_and_valid(other.of, ROOM)


def test_a_title_an_older_bot_cut_at_120_bytes_is_kept() -> None:
    name = "Xy Überlänge " * 15  # 210 bytes: it fits now, it was cut before
    old = name.encode("utf-8")[:120].decode("utf-8", errors="ignore").rstrip()  # as it was cut
    assert belongs(old, name, ROOM)
    assert not belongs(old[:-3], name, ROOM)  # another heading's, which this one starts with

    assert segments_for([name], ROOM, [Claim(name, old, True)]).of == {name: old}


@settings(max_examples=500, deadline=None)
@given(plain_headings())
def test_distinct_headings_get_distinct_valid_titles(headings: list[str]) -> None:
    titled = segments_for(headings, ROOM)

    assert set(titled.of) == set(headings)
    assert_distinct_and_valid(titled.of, ROOM)


@settings(max_examples=500, deadline=None)
@given(plain_headings(), plain_headings(), st.data())
def test_a_heading_keeps_its_title_whatever_headings_come_and_go(
    before: list[str], added: list[str], data: st.DataObject
) -> None:
    first = segments_for(before, ROOM)
    staying = data.draw(st.lists(st.sampled_from(sorted(set(before))), unique=True))
    now = staying + [h for h in added if h not in before]
    random.Random(data.draw(st.integers())).shuffle(now)
    claims = [Claim(g, s, g in staying) for g, s in first.of.items()]

    later = segments_for(now, ROOM, claims)

    assert {g: later.of[g] for g in staying} == {g: first.of[g] for g in staying}
    assert_distinct_and_valid(later.of, ROOM)
    gone = {first.of[g] for g in before if g not in staying}
    assert all(later.of[h] not in gone for h in now if h not in before)  # never reused
    assert set(later.notes) <= {h for h in now if h not in before}


def test_under() -> None:
    assert under("Recs/Advocacy/1", "Recs")
    assert under("Recs/Advocacy/1", "Recs/")
    assert not under("Recs", "Recs")
    assert not under("Recsother/1", "Recs")

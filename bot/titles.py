"""Page titles made from source text.  Pure.

A group's heading goes into its subpages' titles (``Prefix/<segment>/3``).  MediaWiki
refuses some characters in titles, reads others as structure (``/`` a subpage, ``#`` a
section), stores every title in NFC with spaces for underscores, and allows 255 bytes
after the namespace.  Each heading gets one title segment the wiki keeps as written:

* in any script, as written where the wiki allows it;
* with the characters titles cannot hold replaced, cut to fit 255 bytes;
* distinct from every other heading's: two headings the wiki would give one title
  (``A_b``, ``A  b``, ``A b``; two long ones cut alike) are told apart by `` (2)``;
* and the same on every later run: the segment a heading's pages carry is kept,
  whatever other headings are added, removed or reordered.

Case is no collision: the title pattern starts with ``{prefix}/``, so a segment is never
a title's first letter, the only one MediaWiki capitalises.  ``advocacy`` and
``Advocacy`` are two titles (and a warning, as they are likely one group mistyped).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .config import JobConfig
from .namespaces import Namespaces
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
#: What MediaWiki allows after the namespace, in UTF-8 bytes.
MAX_TITLE_BYTES = 255
#: Room kept in every title for the page's number: up to 99999 fits.
NUMBER_DIGITS = 5
#: The least room a group's name is given, however long the prefix (a title past 255
#: bytes is then the wiki's to refuse, and the run reports that page).
MIN_ROOM = 24
UNNAMED = "Unnamed group"
#: Where recsync cut every heading before it kept those that fit whole.
_OLD_CUT = 120
_SUFFIX = re.compile(r"^(.*) \(([2-9]|[1-9]\d+)\)$", re.DOTALL)
_SHOWN_AS_TEXT = "#<>[]|{}/"


def _plain(name: str) -> str:
    """The heading as the wiki would spell it in a title, were every character allowed."""
    return fold(_BIDI.sub("", unicodedata.normalize("NFC", name)).replace("_", " "))


def _natural(name: str) -> str:
    """The whole heading as a valid segment (no '/', no invalid character), uncut."""
    text = _BIDI.sub("", _CONTROL.sub(" ", unicodedata.normalize("NFC", name)))
    text = text.translate(_REPLACEMENTS)
    text = _PERCENT_CODE.sub(r"% \1", text)
    text = _ENTITY.sub("& ", text)
    text = _TILDES.sub("~~", text)
    text = fold(text.replace("_", " "))
    return UNNAMED if text.strip(".") == "" else text


def _joins(before: str, after: str) -> bool:
    """Would a cut between these two characters split what a reader sees as one?"""
    return (
        unicodedata.category(after).startswith("M")  # a combining mark
        or after in "\u200d\ufe0e\ufe0f"  # a joiner, a variation selector
        or before == "\u200d"
        or unicodedata.combining(before) == 9  # a virama: the next letter joins it
        or "\U0001f3fb" <= after <= "\U0001f3ff"  # a skin tone
        or "\U000e0020" <= after <= "\U000e007f"  # an emoji tag
    )


def _cut(text: str, room: int) -> str:
    """``text`` in at most ``room`` UTF-8 bytes, cut between two whole characters as
    a reader sees them (a flag, an emoji sequence, a letter with its marks)."""
    if len(text.encode("utf-8")) <= room:
        return text
    end = len(text.encode("utf-8")[:room].decode("utf-8", errors="ignore"))
    while end > 0 and _joins(text[end - 1], text[end]):
        end -= 1
    flags = len(text[:end]) - len(text[:end].rstrip("".join(map(chr, range(0x1F1E6, 0x1F200)))))
    end -= flags % 2  # regional indicators pair up as flags
    cut = text[:end].rstrip()
    return cut if cut.strip(".") else _cut(UNNAMED, room)


def title_segment(name: str, room: int) -> str:
    """A group name as one valid title segment of at most ``room`` bytes."""
    return _cut(_natural(name), room)


def _with_number(name: str, number: int, room: int) -> str:
    """The ``number``-th segment a heading may take (1: its own; 2: `` (2)``, ...)."""
    if number == 1:
        return title_segment(name, room)
    suffix = f" ({number})"
    return _cut(_natural(name), room - len(suffix.encode("utf-8"))) + suffix


def segment_room(job: JobConfig, namespaces: Namespaces) -> int:
    """The bytes a group's segment may take in the job's titles, the prefix, the
    pattern's other text and a number of ``NUMBER_DIGITS`` digits counted."""
    rest = namespaces.split(job.subpage_title("", 10**NUMBER_DIGITS - 1))[1]
    fields = [f for _, f, _, _ in string.Formatter().parse(job.title_pattern) if f == "group"]
    return (MAX_TITLE_BYTES - len(rest.encode("utf-8"))) // max(1, len(fields))


def belongs(segment: str, name: str, room: int) -> bool:
    """Could the bot have given ``segment`` to the heading ``name``?  As it does now
    (with or without a `` (n)``), or as recsync did before it kept headings whole where
    they fit (cut at 120 bytes)."""
    natural = _natural(name)
    if segment == natural.encode("utf-8")[:_OLD_CUT].decode("utf-8", errors="ignore").rstrip():
        return True
    found = _SUFFIX.match(segment)
    bases = [(segment, "")] + ([(found[1], f" ({found[2]})")] if found else [])
    return any(
        base == natural or base == _cut(natural, room - len(suffix.encode("utf-8")))
        for base, suffix in bases
    )


@dataclass(frozen=True)
class Claim:
    """A page of the tree: the heading its item is under now, its id's segment, and
    whether an item of the source is on it (matched) or not (left the source)."""

    group: str
    segment: str
    current: bool


@dataclass(frozen=True)
class Segments:
    """Each heading's segment, which of them its pages carry already, and why some of
    the others are not their heading as written."""

    of: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # only for segments decided now
    kept: frozenset[str] = frozenset()  # the headings whose pages carry their segment


def _kept(groups: Sequence[str], claims: Mapping[Claim, int], room: int) -> dict[str, str]:
    """The segment each heading's pages carry, one heading a segment.

    Pages of items moved between two headings with the same title can give both
    headings a claim on one segment: the claims with more pages win, then the
    segments fewer headings claim, so that as many pages as can keep their heading's
    title, and in no way that depends on the order of the headings.
    """
    wanted = set(groups)
    counts = Counter[tuple[str, str]]()
    for claim, pages in claims.items():
        if claim.current and claim.group in wanted and belongs(claim.segment, claim.group, room):
            counts[claim.group, claim.segment] += pages
    claimants = Counter(segment for _, segment in counts)
    kept: dict[str, str] = {}
    taken: set[str] = set()
    for (group, segment), _ in sorted(
        counts.items(), key=lambda kv: (-kv[1], claimants[kv[0][1]], kv[0][1], kv[0][0])
    ):
        if group not in kept and segment not in taken:
            kept[group] = segment
            taken.add(segment)
    return kept


def segments_for(groups: Sequence[str], room: int, claims: Iterable[Claim] = ()) -> Segments:
    """Heading -> title segment: distinct for distinct headings, kept from run to run.

    ``claims`` are the pages of the tree (``Claim``); a heading whose pages carry a
    segment keeps it; any other takes the first of its own segments that no other
    heading has or had.  Only those get a note.
    """
    pages = Counter(claims)  # one look at each heading and segment, however many pages
    groups = list(dict.fromkeys(groups))
    kept = _kept(groups, pages, room)
    owners = {segment: group for group, segment in kept.items()}
    for claim in pages:  # the pages of headings that left the source keep theirs too
        if belongs(claim.segment, claim.group, room):
            owners.setdefault(claim.segment, claim.group)
    of, notes = dict(kept), {}
    fresh = [group for group in groups if group not in kept]
    for group in fresh:
        number = 1
        while owners.get(_with_number(group, number, room), group) != group:
            number += 1
        segment = _with_number(group, number, room)
        first_owner = owners.get(title_segment(group, room), group)
        of[group], owners[segment] = segment, group
        if note := _note(group, segment, room, first_owner):
            notes[group] = note
    for group in fresh:
        if group not in notes and (others := _same_but_case(group, groups)):
            notes[group] = (
                f"heading {_shown(group)} differs from {others} only in case: two groups, "
                f"with two titles ({_shown(of[group])})"
            )
    in_order = {group: notes[group] for group in groups if group in notes}
    return Segments({group: of[group] for group in groups}, in_order, frozenset(kept))


def _same_but_case(group: str, groups: Sequence[str]) -> str:
    plain = _plain(group)
    same = [g for g in groups if _plain(g) != plain and _plain(g).casefold() == plain.casefold()]
    return ", ".join(_shown(g) for g in same)


def _shown(name: str) -> str:
    """A heading as a warning names it: a long one shortened."""
    return repr(name if len(name) <= 60 else name[:59] + "…")


def _note(group: str, segment: str, room: int, first_owner: str) -> str:
    """Why the heading's segment is not the heading as written ('' when it is)."""
    if first_owner != group:
        return (
            f"heading {_shown(group)} would have the title of heading {_shown(first_owner)} "
            f"({_shown(title_segment(group, room))}): its title is {_shown(segment)}"
        )
    plain, natural = _plain(group), _natural(group)
    reasons = []
    if natural == UNNAMED and plain != UNNAMED:
        reasons.append("has no text a title can show")
    elif natural != plain:
        shown = " ".join(sorted({c for c in plain if c in _SHOWN_AS_TEXT})) or "characters"
        reasons.append(f"holds {shown} that titles cannot hold as written")
    if segment != natural:
        reasons.append(
            f"is too long for a title ({MAX_TITLE_BYTES} bytes with the prefix and number)"
        )
    if not reasons:
        return ""
    return f"heading {_shown(group)} {' and '.join(reasons)}: its title is {_shown(segment)}"


def under(title: str, prefix: str) -> bool:
    """Is ``title`` a subpage of ``prefix`` (at any depth)?"""
    return title.startswith(prefix.rstrip("/") + "/")

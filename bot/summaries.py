"""Edit summaries that say what changed, on which item, as of which source revision.  Pure.

Items are named as editors name them, by group and number (``Capacity Building no. 9``,
its group said once for a run of its items), in words (``reworded``, ``is no longer on the
source page``), and the source revision the run read is linked once, at the end.
MediaWiki keeps at most 500 characters of a summary: a long list is cut with "and N more"
so that the end of the summary (the source link) survives.
"""

from __future__ import annotations

from collections.abc import Sequence

from .index import IndexRow
from .inline import plain_inline
from .subpage import MARKUP, StatusCall, same_markup
from .wikitext import fold

#: MediaWiki's limit for an edit summary, in characters.
SUMMARY_LIMIT = 500
_LONGEST = 80  # characters of one named change (an editor's status may be long)
_WATCHED = ("text", "group", "number", "anchor", "source")


def item_name(page_id: str) -> str:
    """``Capacity Building/9`` -> ``Capacity Building no. 9``: the group and the number, as
    the box says them."""
    group, _, number = page_id.rpartition("/")
    return f"{group} no. {number}" if group and number.isdigit() else page_id


def source_link(revision: int | None, source: str) -> str:
    """The source, linked once: the revision the run read, or the page itself."""
    if revision:
        return f"[[Special:PermanentLink/{revision}|source revision {revision}]]"
    return f"[[{source}|the source page]]"


def summary(prefix: str, what: str, link: str) -> str:
    """``recsync: Advocacy no. 3 reworded, as of [[Special:PermanentLink/101|source
    revision 101]]``."""
    return f"{prefix}: {what}, as of {link}"


def new_page(page_id: str) -> str:
    return f"new page for {item_name(page_id)}"


def left_source(page_id: str) -> str:
    return f"{item_name(page_id)} is no longer on the source page"


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _shown(call: StatusCall, name: str) -> str:
    return plain_inline(call.raw.get(name, "")) if name in MARKUP else call.get(name)


def _wanted(name: str, value: str) -> str:
    return plain_inline(value) if name in MARKUP else fold(value)


def _what_changed(name: str, old: StatusCall, new: str) -> str:
    if name == "text":
        return "reworded"
    if name == "group":
        return f"moved from {old.get('group')} to {fold(new)}"
    if name == "number":
        return f"now numbered {fold(new)}"
    if name == "anchor":
        return f"anchor now {fold(new)}" if fold(new) else "anchor removed"
    return f"source page now {fold(new)}"


def describe_update(page_id: str, old: StatusCall, fields: dict[str, str]) -> str:
    """``Advocacy no. 3 reworded and moved from Advocacy to Diversity``."""
    changed = [n for n in _WATCHED if n in fields and _shown(old, n) != _wanted(n, fields[n])]
    phrases = [_what_changed(name, old, fields[name]) for name in changed]
    if not old.in_source and fields.get("in_source") == "yes":
        phrases.insert(0, "is back on the source page")
    if not phrases:
        markup = any(n in fields and not same_markup(old.raw.get(n, ""), fields[n]) for n in MARKUP)
        footnotes = "footnotes" in fields and old.get("footnotes") != fold(fields["footnotes"])
        if footnotes:
            links = ", with the source's links" if markup else ""
            phrases.append(f"now shows its footnotes in the box{links}")
        elif markup:
            phrases.append("now shows the source's links and formatting")
    return f"{item_name(page_id)} " + (_and(phrases) if phrases else "updated")


def cut(parts: Sequence[str], room: int) -> str:
    """``a, b, c and 4 more``: as many parts as fit in ``room`` characters."""
    parts = [p if len(p) <= _LONGEST else p[: _LONGEST - 1] + "…" for p in parts]
    shown: list[str] = []
    for count, part in enumerate(parts):
        rest = len(parts) - count - 1
        tail = f" and {rest} more" if rest else ""
        if len(", ".join([*shown, part]) + tail) > room and shown:
            return ", ".join(shown) + f" and {len(parts) - count} more"
        shown.append(part)
    return ", ".join(shown)


def _named(row: IndexRow, what: str) -> tuple[str, str]:
    """(the item's group, what to say of it): its group is said once for a run of its items."""
    group, _, number = row.id.rpartition("/")
    if not group or not number.isdigit():
        return "", f"{row.id} {what}"
    return group, f"no. {number} {what}"


def _in_words(named: Sequence[tuple[str, str]]) -> list[str]:
    """``Advocacy no. 1 adopted, no. 2 in progress, Diversity no. 2 rejected``."""
    out, last = [], None
    for group, what in named:
        out.append(what if group and group == last else f"{group} {what}".strip())
        last = group
    return out


def index_changes(
    before: Sequence[IndexRow], after: Sequence[IndexRow]
) -> tuple[list[str], list[str]]:
    """What an editor would want named: statuses, texts, items that came and went."""
    old = {row.id: row for row in before}
    statuses: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for row in after:
        was = old.get(row.id)
        if was is None:
            others.append(_named(row, "added"))
        elif row.note and row.note != was.note:
            others.append(_named(row, row.note.split(" by ")[0]))
        elif fold(row.status).lower() != fold(was.status).lower():
            statuses.append(_named(row, fold(row.status) or "without a status"))
        elif was.in_source and not row.in_source:
            others.append(_named(row, "no longer on the source page"))
        elif not was.in_source and row.in_source:
            others.append(_named(row, "back on the source page"))
        elif was.text and fold(row.text) != fold(was.text):
            others.append(_named(row, "reworded"))
    return _in_words(statuses), _in_words(others)


def index_summary(
    before: Sequence[IndexRow],
    after: Sequence[IndexRow],
    created: bool,
    items: int,
    room: int = SUMMARY_LIMIT - 100,
) -> str:
    """``index: Advocacy no. 3 adopted, Diversity no. 2 rejected; Advocacy no. 5 reworded``."""
    if created:
        return f"index created: {items} recommendations"
    statuses, others = index_changes(before, after)
    text = ""
    room -= len("index: ")
    for group in (statuses, others):
        if group:
            piece = cut(group, room - len(text) - 2)
            text = f"{text}; {piece}" if text else piece
    return f"index: {text}" if text else "index: layout updated, no status or text changed"

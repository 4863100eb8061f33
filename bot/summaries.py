"""Edit summaries that say what changed, on which item, from which source revision.  Pure.

MediaWiki keeps at most 500 characters of a summary: a long list is cut with
"and N more" so that the end of the summary (the source link) survives.
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


def source_link(revision: int | None, source: str) -> str:
    if revision:
        return f"[[Special:PermanentLink/{revision}|source]]"
    return f"[[{source}|source]]"


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _shown(call: StatusCall, name: str) -> str:
    return plain_inline(call.raw.get(name, "")) if name in MARKUP else call.get(name)


def _wanted(name: str, value: str) -> str:
    return plain_inline(value) if name in MARKUP else fold(value)


def describe_update(page_id: str, old: StatusCall, fields: dict[str, str]) -> str:
    """``text and group of Advocacy/3 updated (moved from Advocacy to Diversity)``."""
    changed = [n for n in _WATCHED if n in fields and _shown(old, n) != _wanted(n, fields[n])]
    parts = []
    if not old.in_source and fields.get("in_source") == "yes":
        parts.append(f"{page_id} is back on the source page")
    if changed:
        moved = (
            f" (moved from {old.get('group')} to {fields['group']})" if "group" in changed else ""
        )
        parts.append(f"{_and(changed)} of {page_id} updated{moved}")
    markup = [n for n in MARKUP if n in fields and n not in changed]
    if not parts and any(not same_markup(old.raw.get(n, ""), fields[n]) for n in markup):
        parts.append(f"{page_id} now shows the source's links and formatting")
    return "; ".join(parts) or f"{page_id} updated"


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


def index_changes(
    before: Sequence[IndexRow], after: Sequence[IndexRow]
) -> tuple[list[str], list[str]]:
    """What an editor would want named: statuses, texts, items that came and went."""
    old = {row.id: row for row in before}
    statuses, others = [], []
    for row in after:
        was = old.get(row.id)
        if was is None:
            others.append(f"{row.id} added")
        elif row.note and row.note != was.note:
            others.append(f"{row.id} {row.note.split(' by ')[0]}")
        elif fold(row.status).lower() != fold(was.status).lower():
            statuses.append(f"{row.id} {fold(row.status) or 'status removed'}")
        elif was.in_source and not row.in_source:
            others.append(f"{row.id} left the source")
        elif not was.in_source and row.in_source:
            others.append(f"{row.id} is back on the source")
        elif was.text and fold(row.text) != fold(was.text):
            others.append(f"text of {row.id} updated")
    return statuses, others


def index_summary(
    before: Sequence[IndexRow],
    after: Sequence[IndexRow],
    created: bool,
    items: int,
    room: int = SUMMARY_LIMIT - 100,
) -> str:
    """``index: Advocacy/3 adopted, Diversity/2 rejected; text of Advocacy/5 updated``."""
    if created:
        return f"index created: {items} recommendations"
    statuses, others = index_changes(before, after)
    text = ""
    for group in (statuses, others):
        if group:
            piece = cut(group, room - len(text) - 2)
            text = f"{text}; {piece}" if text else piece
    return f"index: {text}" if text else "index updated"

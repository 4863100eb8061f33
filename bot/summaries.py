"""Edit summaries that say what changed, on which item, as of which source revision.  Pure.

Items are named as editors name them, by group and number (``Capacity Building no. 9``,
its group said once for a run of its items), in words (``reworded``, ``is no longer on the
source page``), and the source revision the run read is linked once, at the end.
MediaWiki keeps at most 500 characters of a summary: a long list is cut with "and N more"
so that the end of the summary (the source link) survives.

The words are messages (``bot/i18n/recsync/``, see ``bot/wording.py``): each function takes
the ``Messages`` of the wiki's language, English by default.  What is data stays as it is:
group names, statuses as editors wrote them, language codes, titles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .index import IndexRow
from .inline import plain_inline
from .model import Action, Plan, RunSummary
from .subpage import MARKUP, StatusCall, same_markup
from .wikitext import fold
from .wording import ENGLISH, Messages

#: MediaWiki's limit for an edit summary, in characters.
SUMMARY_LIMIT = 500
_LONGEST = 80  # characters of one named change (an editor's status may be long)
_WATCHED = ("text", "group", "number", "anchor", "source")
#: What a page's fate note (bot/existing.py, PageFate.describe) says before " by ...".
_MOVED = re.compile(
    r"moved to \[\[([^\]]+)\]\](?:, which no longer (exists|holds its status template call))?"
    r"(?= by |$)"
)
_SEPARATOR = ", "


def item_name(page_id: str, words: Messages = ENGLISH) -> str:
    """``Capacity Building/9`` -> ``Capacity Building no. 9``: the group and the number, as
    the box says them."""
    group, _, number = page_id.rpartition("/")
    if group and number.isdigit():
        return words("recsync-item", group=group, number=number)
    return page_id


def source_link(revision: int | None, source: str, words: Messages = ENGLISH) -> str:
    """The source, linked once: the revision the run read, or the page itself."""
    if revision:
        return words("recsync-source-revision", revision=revision)
    return words("recsync-source-page", title=source)


def summary(prefix: str, what: str, link: str, words: Messages = ENGLISH) -> str:
    """``recsync: Advocacy no. 3 reworded, as of [[Special:PermanentLink/101|source
    revision 101]]``: the job's prefix stays as configured."""
    return f"{prefix}: " + words("recsync-as-of", what=what, source=link)


def new_page(page_id: str, words: Messages = ENGLISH) -> str:
    return words("recsync-new-page", item=item_name(page_id, words))


def left_source(page_id: str, words: Messages = ENGLISH) -> str:
    return words("recsync-left-source", item=item_name(page_id, words))


def listed(parts: Sequence[str], words: Messages = ENGLISH) -> str:
    """``a, b and c``."""
    if len(parts) == 1:
        return parts[0]
    return words("recsync-list-and", list=_SEPARATOR.join(parts[:-1]), last=parts[-1])


def _shown(call: StatusCall, name: str) -> str:
    return plain_inline(call.raw.get(name, "")) if name in MARKUP else call.get(name)


def _wanted(name: str, value: str) -> str:
    return plain_inline(value) if name in MARKUP else fold(value)


def _what_changed(name: str, old: StatusCall, new: str, words: Messages) -> str:
    if name == "text":
        return words("recsync-reworded")
    if name == "group":
        return words("recsync-moved", old=old.get("group"), new=fold(new))
    if name == "number":
        return words("recsync-renumbered", number=fold(new))
    if name == "anchor":
        if fold(new):
            return words("recsync-anchor-changed", anchor=fold(new))
        return words("recsync-anchor-removed")
    return words("recsync-source-changed", source=fold(new))


def _phrases(old: StatusCall, fields: dict[str, str], words: Messages) -> list[str]:
    """What changed in the bot's parameters, in words; [] when nothing a reader sees."""
    changed = [n for n in _WATCHED if n in fields and _shown(old, n) != _wanted(n, fields[n])]
    phrases = [_what_changed(name, old, fields[name], words) for name in changed]
    if not old.in_source and fields.get("in_source") == "yes":
        phrases.insert(0, words("recsync-back-on-source"))
    if not phrases:
        markup = any(n in fields and not same_markup(old.raw.get(n, ""), fields[n]) for n in MARKUP)
        footnotes = "footnotes" in fields and old.get("footnotes") != fold(fields["footnotes"])
        if footnotes:
            key = "recsync-footnotes-in-box-with-links" if markup else "recsync-footnotes-in-box"
            phrases.append(words(key))
        elif markup:
            phrases.append(words("recsync-links-and-formatting"))
    return phrases


def describe_update(
    page_id: str,
    old: StatusCall,
    fields: dict[str, str],
    words: Messages = ENGLISH,
    translated: Sequence[str] = (),
) -> str:
    """``Advocacy no. 3 reworded and moved from Advocacy to Diversity``; ``translated``:
    what changed in each language (``fr updated``), said after it."""
    phrases = _phrases(old, fields, words)
    item = item_name(page_id, words)
    if translated and not phrases:
        return words("recsync-translations-of", item=item, changes=cut(translated, 200, words))
    what = listed(phrases, words) if phrases else words("recsync-updated")
    said = words("recsync-item-what", item=item, what=what)
    if translated:
        return words("recsync-translations-too", what=said, changes=cut(translated, 200, words))
    return said


def cut(parts: Sequence[str], room: int, words: Messages = ENGLISH) -> str:
    """``a, b, c and 4 more``: as many parts as fit in ``room`` characters."""
    parts = [p if len(p) <= _LONGEST else p[: _LONGEST - 1] + "…" for p in parts]
    shown: list[str] = []
    for count, part in enumerate(parts):
        rest = len(parts) - count - 1
        text = _SEPARATOR.join([*shown, part])
        if rest:
            text = words("recsync-list-and-more", list=text, count=rest)
        if len(text) > room and shown:
            return words("recsync-list-and-more", list=_SEPARATOR.join(shown), count=rest + 1)
        shown.append(part)
    return _SEPARATOR.join(shown)


def _named(row: IndexRow, what: str) -> tuple[str, str, str]:
    """(the item's group, its number, what to say of it); no group for an odd id."""
    group, _, number = row.id.rpartition("/")
    if not group or not number.isdigit():
        return "", row.id, what
    return group, number, what


def _in_words(named: Sequence[tuple[str, str, str]], words: Messages) -> list[str]:
    """``Advocacy no. 1 adopted, no. 2 in progress, Diversity no. 2 rejected``: a group is
    said once for a run of its items."""
    out, last = [], None
    for group, number, what in named:
        if not group:
            item = number  # the id as it is
        elif group == last:
            item = words("recsync-item-number", number=number)
        else:
            item = words("recsync-item", group=group, number=number)
        out.append(words("recsync-item-what", item=item, what=what))
        last = group
    return out


def _fate(note: str, words: Messages) -> str:
    """What happened to a page, from its note (``deleted by Admin on …``): in words when
    the bot wrote it, as written otherwise."""
    if note == "deleted" or note.startswith("deleted by "):
        return words("recsync-index-deleted")
    moved = _MOVED.match(note)
    if moved is None:
        return note.split(" by ")[0]
    key = {None: "recsync-index-moved", "exists": "recsync-index-moved-gone"}.get(
        moved[2], "recsync-index-moved-no-call"
    )
    return words(key, title=moved[1])


def index_changes(
    before: Sequence[IndexRow], after: Sequence[IndexRow], words: Messages = ENGLISH
) -> tuple[list[str], list[str]]:
    """What an editor would want named: statuses, texts, items that came and went."""
    old = {row.id: row for row in before}
    statuses: list[tuple[str, str, str]] = []
    others: list[tuple[str, str, str]] = []
    for row in after:
        was = old.get(row.id)
        if was is None:
            others.append(_named(row, words("recsync-index-added")))
        elif row.note and row.note != was.note:
            others.append(_named(row, _fate(row.note, words)))
        elif fold(row.status).lower() != fold(was.status).lower():
            status = fold(row.status) or words("recsync-index-no-status")  # an editor's word
            statuses.append(_named(row, status))
        elif was.in_source and not row.in_source:
            others.append(_named(row, words("recsync-index-left-source")))
        elif not was.in_source and row.in_source:
            others.append(_named(row, words("recsync-index-back-on-source")))
        elif was.text and fold(row.text) != fold(was.text):
            others.append(_named(row, words("recsync-reworded")))
    return _in_words(statuses, words), _in_words(others, words)


def index_summary(
    before: Sequence[IndexRow],
    after: Sequence[IndexRow],
    created: bool,
    items: int,
    room: int = SUMMARY_LIMIT - 100,
    words: Messages = ENGLISH,
    unnamed: str = "",
) -> str:
    """``index: Advocacy no. 3 adopted, Diversity no. 2 rejected; Advocacy no. 5 reworded``,
    in ``room`` characters; ``unnamed``: what to say when no item is named (else that the
    layout changed)."""
    if created:
        return words("recsync-index-created", count=items)
    statuses, others = index_changes(before, after, words)
    text = ""
    room -= len(words("recsync-index-changes", changes=""))
    for group in (statuses, others):
        if group:
            piece = cut(group, room - len(text) - 2, words)
            text = f"{text}; {piece}" if text else piece
    if text:
        return words("recsync-index-changes", changes=text)
    return unnamed or words("recsync-index-layout")


def preview_summary(plan: Plan, words: Messages = ENGLISH) -> str:
    """The preview page's: ``recsync: preview of the next sync of [[Source]] (3 to create,
    …)``."""
    what = words(
        "recsync-preview", source=plan.source_title, create=plan.count(Action.CREATE),
        update=plan.count(Action.UPDATE), retire=plan.count(Action.RETIRE),
    )  # fmt: skip
    return f"{plan.job.summary_prefix}: {what}"


def run_report_summary(prefix: str, run: RunSummary, words: Messages = ENGLISH) -> str:
    """The status page's: ``recsync: run report (2 updated, 1 source warning)``."""
    return f"{prefix}: " + words("recsync-run-report", counts=_run_counts(run, words))


def _run_counts(run: RunSummary, words: Messages) -> str:
    if run.failure:
        return words("recsync-run-failed")
    if run.refused and not run.deferred:
        return words("recsync-run-refused")
    parts = [
        words(key, count=count)
        for count, key in (
            (run.created, "recsync-run-created"),
            (run.updated, "recsync-run-updated"),
            (run.retired, "recsync-run-retired"),
            (run.skipped, "recsync-run-skipped"),
            (run.errors + run.conflicts, "recsync-run-errors"),
            (len(run.warnings), "recsync-run-source-warnings"),
        )
        if count
    ]
    return _SEPARATOR.join(parts) or words("recsync-run-nothing-to-do")

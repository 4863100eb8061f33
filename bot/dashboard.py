"""The state of the whole set at a glance: counts, shares and a bar per group.  Pure.

The bars are inline-styled spans (no Lua, no extension beyond ParserFunctions), so
the index renders on Meta-Wiki and on a plain MediaWiki alike.  Their colours come
from ``{{<status template>/colour|STATUS}}``: the one definition the subpages' badges
use too.
"""

from __future__ import annotations

from collections.abc import Sequence

from .messages import call, status_message
from .wikitext import escape, fold

#: The values the status template knows, in the order the index shows them.
KNOWN_STATUSES = (
    "proposed",
    "under discussion",
    "adopted",
    "in progress",
    "implemented",
    "declined",
)
NOT_SET = "not set"


def status_key(status: str) -> str:
    """How the template reads a status: case and spacing do not matter."""
    return fold(status).lower() or NOT_SET


def is_known(status: str) -> bool:
    """Does the template know this value?  An empty status is known: 'not set'."""
    key = status_key(status)
    return key in KNOWN_STATUSES or key == NOT_SET


def status_label(template: str, key: str) -> str:
    """A status as readers see it: a known one (or ``not set``) in their language."""
    return call(template, status_message(key)) if is_known(key) else escape(key)


def shares(counts: Sequence[int]) -> list[float]:
    """Percentages with two decimals that add up to exactly 100 (largest remainder)."""
    total = sum(counts)
    if not total:
        return [0.0 for _ in counts]
    exact = [c * 10_000 / total for c in counts]
    floors = [int(e) for e in exact]
    order = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[: 10_000 - sum(floors)]:
        floors[i] += 1
    return [f / 100 for f in floors]


def _bar(counts: dict[str, int], template: str) -> str:
    keys = [k for k in counts if counts[k]]
    spans = []
    for key, share in zip(keys, shares([counts[k] for k in keys]), strict=True):
        colour = "{{" + template + "/colour|" + escape(key) + "}}"
        label = call(template, "index-bar-segment", status_label(template, key), str(counts[key]))
        label = label.replace('"', "&quot;")
        spans.append(
            f'<span class="recsync-bar-segment" title="{label}" '
            f'style="display:inline-block; height:100%; width:{share:g}%; '
            f'background:{colour};"></span>'
        )
    return (
        '<span class="recsync-bar" style="display:inline-flex; width:8em; height:1em; '
        'border:1px solid #a2a9b1; vertical-align:middle;">' + "".join(spans) + "</span>"
    )


def _cell(count: int, share: float) -> str:
    """``10 (83.34 %)``, kept on one line in a narrow column."""
    return f"{count}&nbsp;({share:g}&nbsp;%)" if count else "–"


def _counts(statuses: Sequence[str]) -> dict[str, int]:
    """Status -> count, the known ones in their order, then the others by name."""
    counts = dict.fromkeys(KNOWN_STATUSES, 0)
    for status in statuses:
        key = status_key(status)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _line(name: str, statuses: Sequence[str], template: str) -> str:
    counts = _counts(statuses)
    total = len(statuses)
    known = [counts[k] for k in KNOWN_STATUSES]
    cells = [_cell(c, s) for c, s in zip(known, shares([*known, total - sum(known)]), strict=False)]
    other = ", ".join(
        f"{status_label(template, k)}:&nbsp;{n}"
        for k, n in counts.items()
        if k not in KNOWN_STATUSES and n
    )
    return f"| {name} || {_bar(counts, template)} || " + " || ".join(
        [*cells, other or "–", str(total)]
    )


def summary_table(rows: Sequence[tuple[str, str]], template: str) -> list[str]:
    """(group, status) of every current item -> the summary table's lines."""
    by_group: dict[str, list[str]] = {}
    for group, status in rows:
        by_group.setdefault(group, []).append(status)
    words = [call(template, f"index-{key}") for key in ("group", "progress")]
    words += [status_label(template, status) for status in KNOWN_STATUSES]
    words += [call(template, f"index-{key}") for key in ("other", "total")]
    out = ['{| class="wikitable recsync-summary"', "! " + " !! ".join(words)]
    for group, statuses in by_group.items():
        out += ["|-", _line(f"[[#{escape(group)}|{escape(group)}]]", statuses, template)]
    total = "'''" + call(template, "index-total") + "'''"
    out += ["|-", _line(total, [status for _, status in rows], template), "|}"]
    return out

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


#: What keeps neighbouring segments apart, whatever their colours: a line of the page's
#: text colour, at 3:1 or more against every status colour (WCAG 1.4.11).
DIVIDER = "#202122"
#: The message saying how the summary's shares are rounded ("Shares are whole percentages
#: of the row's total that add up to 100: each is rounded down, and the points left over
#: go to the largest remainders.").
SHARES_RULE = "index-shares-rule"


def shares(counts: Sequence[int], places: int = 0) -> list[float]:
    """Percentages with ``places`` decimals that add up to exactly 100 (largest remainder:
    each share rounded down, the units left over to the largest remainders, ties to the
    first)."""
    total = sum(counts)
    if not total:
        return [0.0 for _ in counts]
    whole = 100 * 10**places
    exact = [c * whole / total for c in counts]
    floors = [int(e) for e in exact]
    order = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[: whole - sum(floors)]:
        floors[i] += 1
    return [f / 10**places for f in floors]


#: A status's header, in its colour from edge to edge of the cell (wikitable's padding).
_HEADER = (
    '<span class="recsync-key" style="display:block; margin:-0.2em -0.4em; '
    'padding:0.2em 0.4em; background:{};">{}</span>'
)
#: A group's name stays on one line.
_NOWRAP = 'style="white-space:nowrap;" | '


def _bar(counts: dict[str, int], template: str) -> str:
    keys = [k for k in counts if counts[k]]
    total = sum(counts.values())
    whole = shares([counts[k] for k in keys])
    spans = []
    for n, (key, width) in enumerate(zip(keys, shares([counts[k] for k in keys], 2), strict=True)):
        colour = "{{" + template + "/colour|" + escape(key) + "}}"
        title = call(
            template, "index-bar-segment", status_label(template, key), str(counts[key]),
            str(total), f"{whole[n]:g}",
        ).replace('"', "&quot;")  # fmt: skip
        divider = f" border-inline-start:1px solid {DIVIDER};" if n else ""
        spans.append(
            f'<span class="recsync-bar-segment" title="{title}" '
            f'style="display:inline-block; box-sizing:border-box; height:100%; width:{width:g}%;'
            f'{divider} background:{colour};"></span>'
        )
    return (
        '<span class="recsync-bar" style="display:inline-flex; width:8em; height:1em; '
        f'border:1px solid {DIVIDER}; vertical-align:middle;">' + "".join(spans) + "</span>"
    )


def _cell(count: int, share: float) -> str:
    """``10 (83 %)``, kept on one line in a narrow column."""
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
    share = dict(zip(counts, shares(list(counts.values())), strict=True))
    cells = [_cell(counts[k], share[k]) for k in KNOWN_STATUSES]
    other = ", ".join(
        f"{status_label(template, k)}:&nbsp;{_cell(n, share[k])}"
        for k, n in counts.items()
        if k not in KNOWN_STATUSES and n
    )
    return f"| {_NOWRAP}{name} || {_bar(counts, template)} || " + " || ".join(
        [*cells, other or "–", str(len(statuses))]
    )


def _badge(template: str, status: str) -> str:
    return "{{" + template + "/badge|" + escape(status) + "}}"


def _colour(template: str, status: str) -> str:
    return "{{" + template + "/colour|" + escape(status) + "}}"


def key_line(statuses: Sequence[str], template: str) -> str:
    """Every status in its badge (the bar's colour) with its count and share of the whole:
    the key, and the state of the set at a glance on a screen too narrow for the table."""
    counts = _counts(statuses)
    share = dict(zip(counts, shares(list(counts.values())), strict=True))
    entries = [
        f'<span style="white-space:nowrap;">{_badge(template, "" if k == NOT_SET else k)}'
        f"&nbsp;{_cell(n, share[k]) if n else 0}</span>"
        for k, n in counts.items()
        if n or k in KNOWN_STATUSES
    ]
    return call(template, "index-key", str(len(statuses))) + " " + " ".join(entries)


def summary_table(rows: Sequence[tuple[str, str]], template: str) -> list[str]:
    """(group, status) of every current item -> the key line and the summary table's lines."""
    by_group: dict[str, list[str]] = {}
    for group, status in rows:
        by_group.setdefault(group, []).append(status)
    # Each status's header has the bar's colour: the table is its own key.  (In a span:
    # a template's output that starts with # would start a new line in the row.)
    head = [_HEADER.format(_colour(template, s), status_label(template, s)) for s in KNOWN_STATUSES]
    head.append(_HEADER.format(_colour(template, "other"), call(template, "index-other")))
    words = [call(template, "index-group"), call(template, "index-progress"), *head]
    words.append(call(template, "index-total"))
    out = [
        key_line([status for _, status in rows], template),
        "",
        '{| class="wikitable recsync-summary"',
        f"|+ {call(template, 'index-caption')}",
        "! " + " !! ".join(words),
    ]
    for group, statuses in by_group.items():
        out += ["|-", _line(f"[[#{escape(group)}|{escape(group)}]]", statuses, template)]
    total = "'''" + call(template, "index-total") + "'''"
    out += ["|-", _line(total, [status for _, status in rows], template), "|}"]
    return out

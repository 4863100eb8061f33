"""Edit summaries name what changed, and fit MediaWiki's 500 characters."""

from __future__ import annotations

from recsync.index import IndexRow
from recsync.summaries import SUMMARY_LIMIT, cut, index_summary


def rows(count: int, status: str = "proposed", text: str = "t") -> list[IndexRow]:
    return [
        IndexRow(f"Advocacy/{n}", "Advocacy", text, f"R/Advocacy/{n}", status) for n in range(count)
    ]


def test_the_first_index_says_how_many_recommendations() -> None:
    assert index_summary([], rows(84), True, 84) == "index created: 84 recommendations"


def test_statuses_come_first_then_texts() -> None:
    before = rows(3)
    after = [
        before[0],
        IndexRow("Advocacy/1", "Advocacy", "t", "R/Advocacy/1", "adopted"),
        IndexRow("Advocacy/2", "Advocacy", "new text", "R/Advocacy/2", "proposed"),
    ]

    assert index_summary(before, after, False, 3) == (
        "index: Advocacy/1 adopted; text of Advocacy/2 updated"
    )


def test_a_long_list_is_cut_with_and_n_more() -> None:
    summary = index_summary(rows(200), rows(200, "adopted"), False, 200)

    assert len(summary) <= SUMMARY_LIMIT - 100  # room for the prefix and the source link
    assert summary.startswith("index: Advocacy/0 adopted, Advocacy/1 adopted, ")
    shown = summary.count(" adopted")
    assert summary.endswith(f" and {200 - shown} more")


def test_cut_keeps_everything_that_fits() -> None:
    assert cut(["a", "b", "c"], 100) == "a, b, c"
    assert cut(["aaaa", "bbbb", "cccc"], 16) == "aaaa and 2 more"


def test_an_editors_long_status_is_shortened_in_the_summary() -> None:
    after = rows(1, status="x" * 600)

    summary = index_summary(rows(1), after, False, 1)

    assert len(summary) < 120 and summary.endswith("…")


def test_nothing_named_is_still_a_summary() -> None:
    assert index_summary(rows(2), rows(2), False, 2) == "index updated"

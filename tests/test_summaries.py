"""Edit summaries name items as editors do, say what happened in words, link the source
revision once, and fit MediaWiki's 500 characters."""

from __future__ import annotations

import pytest

from recsync.index import IndexRow
from recsync.subpage import StatusCall
from recsync.summaries import (
    SUMMARY_LIMIT,
    cut,
    describe_update,
    index_summary,
    item_name,
    left_source,
    new_page,
    source_link,
    summary,
)

LINK = source_link(101, "User:Ex/Recs")


def rows(count: int, status: str = "proposed", text: str = "t") -> list[IndexRow]:
    return [
        IndexRow(f"Advocacy/{n}", "Advocacy", text, f"R/Advocacy/{n}", status) for n in range(count)
    ]


def call(**params: str) -> StatusCall:
    values = {"id": "Capacity Building/9", "group": "Capacity Building", "number": "9"}
    values.update(params)
    return StatusCall(values, dict(values))


# --- what a subpage's history shows -------------------------------------------------------


def test_an_item_is_named_by_its_group_and_number() -> None:
    assert item_name("Capacity Building/9") == "Capacity Building no. 9"
    assert item_name("Odd") == "Odd"


def test_the_source_revision_is_linked_once_and_says_what_it_is() -> None:
    assert LINK == "[[Special:PermanentLink/101|source revision 101]]"
    assert source_link(None, "User:Ex/Recs") == "[[User:Ex/Recs|the source page]]"


@pytest.mark.parametrize(
    ("what", "said"),
    [
        (
            left_source("Capacity Building/9"),
            "recsync: Capacity Building no. 9 is no longer on the source page, "
            "as of [[Special:PermanentLink/101|source revision 101]]",
        ),
        (
            new_page("Advocacy/11"),
            "recsync: new page for Advocacy no. 11, "
            "as of [[Special:PermanentLink/101|source revision 101]]",
        ),
    ],
)
def test_a_page_made_or_retired_says_so_in_words(what: str, said: str) -> None:
    text = summary("recsync", what, LINK)

    assert text == said
    assert text.count("[[") == 1 and text.endswith("|source revision 101]]")


def test_a_reworded_and_moved_item_says_both() -> None:
    old = call(text="Build it")
    fields = {"text": "Build it well", "group": "Diversity", "number": "9"}

    assert describe_update("Capacity Building/9", old, fields) == (
        "Capacity Building no. 9 reworded and moved from Capacity Building to Diversity"
    )


def test_an_item_back_on_the_source_says_so() -> None:
    old = call(text="Build it", in_source="no")

    assert describe_update(
        "Capacity Building/9", old, {"text": "Build it", "in_source": "yes"}
    ) == ("Capacity Building no. 9 is back on the source page")


def test_footnotes_that_get_their_row_in_the_box_say_so() -> None:
    old = call(text="Build it<ref>See notes.</ref>")
    fields = {"text": "Build it<ref>See notes.</ref>", "footnotes": "1"}

    assert describe_update("Capacity Building/9", old, fields) == (
        "Capacity Building no. 9 now shows its footnotes in the box"
    )


def test_footnotes_moved_into_the_box_with_their_links_say_so() -> None:
    old = call(text="Build it<ref>See notes.</ref>")
    fields = {"text": "Build it<ref>See [[notes]].</ref>", "footnotes": "1"}

    assert describe_update("Capacity Building/9", old, fields) == (
        "Capacity Building no. 9 now shows its footnotes in the box, with the source's links"
    )


# --- what the index's history shows -------------------------------------------------------


def test_the_first_index_says_how_many_recommendations() -> None:
    assert index_summary([], rows(84), True, 84) == "index created: 84 recommendations"


def test_statuses_come_first_then_texts_and_a_group_is_said_once_for_its_items() -> None:
    before = [*rows(3), IndexRow("Diversity/2", "Diversity", "d", "R/Diversity/2", "proposed")]
    after = [
        before[0],
        IndexRow("Advocacy/1", "Advocacy", "t", "R/Advocacy/1", "adopted"),
        IndexRow("Advocacy/2", "Advocacy", "new text", "R/Advocacy/2", "in progress"),
        IndexRow("Diversity/2", "Diversity", "d", "R/Diversity/2", "rejected"),
        IndexRow("Diversity/5", "Diversity", "new", "R/Diversity/5", "proposed"),
    ]

    assert index_summary(before, after, False, 4) == (
        "index: Advocacy no. 1 adopted, no. 2 in progress, Diversity no. 2 rejected; "
        "Diversity no. 5 added"
    )


def test_an_item_that_left_or_came_back_or_was_reworded() -> None:
    before = rows(3)
    after = [
        IndexRow("Advocacy/0", "Advocacy", "t", "R/Advocacy/0", "proposed", in_source=False),
        IndexRow("Advocacy/1", "Advocacy", "new text", "R/Advocacy/1", "proposed"),
        IndexRow("Advocacy/2", "Advocacy", "t", "R/Advocacy/2", ""),
    ]

    assert index_summary(before, after, False, 2) == (
        "index: Advocacy no. 2 without a status; "
        "Advocacy no. 0 no longer on the source page, no. 1 reworded"
    )


def test_a_long_list_is_cut_with_and_n_more() -> None:
    summary = index_summary(rows(200), rows(200, "adopted"), False, 200)

    assert len(summary) <= SUMMARY_LIMIT - 100  # room for the prefix and the source link
    assert summary.startswith("index: Advocacy no. 0 adopted, no. 1 adopted, ")
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
    assert index_summary(rows(2), rows(2), False, 2) == (
        "index: layout updated, no status or text changed"
    )

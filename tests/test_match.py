"""Identity: which existing subpage is each parsed item?

An item keeps its page (and so its id, its status and its discussion) through
rewording, reordering, insertions and deletions around it, and moves between groups.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recsync.match import Known, match_items, similarity
from recsync.model import Item

THRESHOLD = 0.7


def item(group: str, number: int, text: str, anchor: str | None = None) -> Item:
    return Item(group=group, number=number, text=text, wikitext=text, anchor=anchor)


def pages_for(items: list[Item]) -> list[Known]:
    """The pages a first run makes for these items: id Group/number."""
    return [Known(f"{i.group}/{i.number}", i.group, i.text, i.anchor or "") for i in items]


def ids(items: list[Item], known: list[Known]) -> list[str | None]:
    """The page id each item keeps, in item order (None: a new page)."""
    matched = match_items(items, known, THRESHOLD)
    return [matched.get(n) for n in range(len(items))]


ADVOCACY = [
    item("Advocacy", 1, "Build a campaign team for global advocacy"),
    item("Advocacy", 2, "Publish a yearly report on policy work"),
    item("Advocacy", 3, "Train local advocates in every region"),
]
DIVERSITY = [
    item("Diversity", 1, "Translate every help page into ten languages"),
    item("Diversity", 2, "Fund small language projects"),
]
FIRST = ADVOCACY + DIVERSITY
PAGES = pages_for(FIRST)


def test_unchanged_items_keep_their_pages() -> None:
    assert ids(FIRST, PAGES) == [
        "Advocacy/1",
        "Advocacy/2",
        "Advocacy/3",
        "Diversity/1",
        "Diversity/2",
    ]


def test_an_anchor_wins_over_the_text() -> None:
    pages = [
        Known("Advocacy/1", "Advocacy", "Old wording", anchor="campaign"),
        Known("Advocacy/2", "Advocacy", "Build a campaign team"),
    ]
    anchored = [item("Advocacy", 1, "Build a campaign team", anchor="campaign")]

    assert ids(anchored, pages) == ["Advocacy/1"]


def test_an_anchor_may_name_the_page_id() -> None:
    anchored = [item("Diversity", 1, "Something else entirely", anchor="Advocacy/2")]

    assert ids(anchored, PAGES) == ["Advocacy/2"]


def test_a_reordered_list_renumbers_nothing() -> None:
    reordered = [ADVOCACY[2], ADVOCACY[0], DIVERSITY[1], ADVOCACY[1], DIVERSITY[0]]

    assert ids(reordered, PAGES) == [
        "Advocacy/3",
        "Advocacy/1",
        "Diversity/2",
        "Advocacy/2",
        "Diversity/1",
    ]


def test_an_insertion_and_a_deletion_renumber_nothing() -> None:
    edited = [
        item("Advocacy", 1, "Set up an advocacy fund for small chapters"),  # inserted
        ADVOCACY[0],
        ADVOCACY[2],  # Advocacy/2 deleted
        *DIVERSITY,
    ]

    assert ids(edited, PAGES) == [None, "Advocacy/1", "Advocacy/3", "Diversity/1", "Diversity/2"]


def test_a_moved_item_keeps_its_page() -> None:
    moved = [ADVOCACY[0], ADVOCACY[2], *DIVERSITY, item("Diversity", 3, ADVOCACY[1].text)]

    assert ids(moved, PAGES)[-1] == "Advocacy/2"


def test_the_same_text_prefers_its_own_group() -> None:
    pages = [
        Known("Advocacy/1", "Advocacy", "Hold a yearly summit"),
        Known("Diversity/1", "Diversity", "Hold a yearly summit"),
    ]

    assert ids([item("Diversity", 1, "Hold a yearly summit")], pages) == ["Diversity/1"]
    assert ids([item("Advocacy", 1, "Hold a yearly summit")], pages) == ["Advocacy/1"]


def test_the_same_text_prefers_a_current_page_over_a_retired_one() -> None:
    pages = [
        Known("Advocacy/1", "Advocacy", "Hold a yearly summit", in_source=False),
        Known("Advocacy/4", "Advocacy", "Hold a yearly summit"),
    ]

    assert ids([item("Advocacy", 1, "Hold a yearly summit")], pages) == ["Advocacy/4"]


def test_case_and_spacing_do_not_matter() -> None:
    assert ids([item("Advocacy", 1, "  publish A YEARLY report on\npolicy work ")], PAGES) == [
        "Advocacy/2"
    ]


def test_a_reworded_item_keeps_its_page() -> None:
    reworded = item("Advocacy", 2, "Publish a yearly report on our policy work")
    assert similarity(reworded.text, ADVOCACY[1].text) >= THRESHOLD

    assert ids([ADVOCACY[0], reworded, ADVOCACY[2]], PAGES) == [
        "Advocacy/1",
        "Advocacy/2",
        "Advocacy/3",
    ]


def test_a_rewritten_item_is_a_new_one() -> None:
    rewritten = item("Advocacy", 2, "Open an office in Brussels")
    assert similarity(rewritten.text, ADVOCACY[1].text) < THRESHOLD

    assert ids([ADVOCACY[0], rewritten, ADVOCACY[2]], PAGES) == ["Advocacy/1", None, "Advocacy/3"]


def test_the_threshold_is_inclusive() -> None:
    reworded = item("Advocacy", 2, "Publish a report on policy")
    score = similarity(reworded.text, ADVOCACY[1].text)
    page = [PAGES[1]]

    assert match_items([reworded], page, score) == {0: "Advocacy/2"}
    assert match_items([reworded], page, score + 0.01) == {}


def test_a_reworded_item_stays_in_its_group() -> None:
    # Reworded *and* moved: nothing ties it to the old page.
    reworded = item("Diversity", 3, "Publish a yearly report on our policy work")

    assert ids([reworded], PAGES) == [None]


def test_two_rewordings_each_get_their_closest_page() -> None:
    pages = [
        Known("Advocacy/1", "Advocacy", "Train advocates in Africa"),
        Known("Advocacy/2", "Advocacy", "Train advocates in Asia"),
    ]
    reworded = [
        item("Advocacy", 1, "Train more advocates in Asia"),
        item("Advocacy", 2, "Train more advocates in Africa"),
    ]

    assert ids(reworded, pages) == ["Advocacy/2", "Advocacy/1"]


def test_a_retired_page_is_matched_again_when_its_text_comes_back() -> None:
    pages = [*PAGES[:2], Known("Advocacy/3", "Advocacy", ADVOCACY[2].text, in_source=False)]

    assert ids(ADVOCACY, pages) == ["Advocacy/1", "Advocacy/2", "Advocacy/3"]


def test_two_items_with_the_same_text_get_two_pages() -> None:
    twice = [ADVOCACY[0], item("Advocacy", 2, ADVOCACY[0].text)]

    assert ids(twice, PAGES) == ["Advocacy/1", None]


def test_two_items_with_the_same_anchor_get_two_pages() -> None:
    pages = [Known("Advocacy/1", "Advocacy", "A", anchor="x"), Known("Advocacy/2", "Advocacy", "B")]
    both = [item("Advocacy", 1, "A", anchor="x"), item("Advocacy", 2, "B", anchor="x")]

    assert ids(both, pages) == ["Advocacy/1", "Advocacy/2"]


def test_two_entries_sharing_an_anchor_keep_their_pages_when_swapped() -> None:
    # A line copied with its {{anchor|summit}}: both pages carry the anchor.
    pages = [
        Known("Advocacy/1", "Advocacy", "Hold a yearly summit", anchor="summit"),
        Known("Advocacy/2", "Advocacy", "Hold a yearly summit online", anchor="summit"),
    ]
    swapped = [
        item("Advocacy", 1, "Hold a yearly summit online", anchor="summit"),
        item("Advocacy", 2, "Hold a yearly summit", anchor="summit"),
    ]

    assert ids(swapped, pages) == ["Advocacy/2", "Advocacy/1"]


def test_a_pages_own_anchor_wins_over_another_pages_id() -> None:
    pages = [
        Known("Advocacy/1", "Advocacy", "Build a campaign team"),
        Known("Advocacy/2", "Advocacy", "Publish a report", anchor="Advocacy/1"),
    ]
    anchored = [item("Advocacy", 1, "Publish a report", anchor="Advocacy/1")]

    assert ids(anchored, pages) == ["Advocacy/2"]


# --- properties -------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["report", "policy", "train", "advocates", "fund", "language", "yearly", "global", "team"]
)
TEXTS = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
GROUPS = st.sampled_from(["Advocacy", "Diversity", "Product & Technology"])
ANCHORS = st.one_of(st.none(), st.sampled_from(["a", "b", "Advocacy/1", "Diversity/2"]))


@st.composite
def item_lists(draw: st.DrawFn) -> list[Item]:
    counts: dict[str, int] = {}
    items = []
    for _ in range(draw(st.integers(0, 12))):
        group = draw(GROUPS)
        counts[group] = counts.get(group, 0) + 1
        items.append(item(group, counts[group], draw(TEXTS), draw(ANCHORS)))
    return items


@st.composite
def known_pages(draw: st.DrawFn) -> list[Known]:
    pages = []
    for n in range(draw(st.integers(0, 12))):
        group = draw(GROUPS)
        anchor = draw(ANCHORS) or ""
        pages.append(Known(f"{group}/{n + 1}", group, draw(TEXTS), anchor, draw(st.booleans())))
    return pages


@settings(max_examples=500, deadline=None)
@given(item_lists(), known_pages(), st.floats(0.05, 1.0))
def test_every_page_is_matched_at_most_once(
    items: list[Item], known: list[Known], threshold: float
) -> None:
    matched = match_items(items, known, threshold)

    assert len(set(matched.values())) == len(matched)
    assert set(matched) <= set(range(len(items)))
    assert set(matched.values()) <= {page.id for page in known}


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, st.floats(0.05, 1.0))
def test_a_reworded_item_keeps_its_page_exactly_when_similarity_reaches_the_threshold(
    old: str, new: str, threshold: float
) -> None:
    assume(old != new)  # the same text keeps its page whatever the threshold
    page = [Known("Advocacy/1", "Advocacy", old)]

    kept = match_items([item("Advocacy", 1, new)], page, threshold) == {0: "Advocacy/1"}

    assert kept == (similarity(new, old) >= threshold)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, st.floats(0.0, 1.0))
def test_similarity_with_a_floor_is_exact_at_or_above_it(a: str, b: str, floor: float) -> None:
    exact = similarity(a, b)

    quick = similarity(a, b, at_least=floor)

    if exact >= floor:
        assert quick == exact
    else:
        assert quick < floor


@settings(max_examples=300, deadline=None)
@given(item_lists())
def test_the_same_items_keep_their_own_pages(items: list[Item]) -> None:
    assert ids(items, pages_for(items)) == [f"{i.group}/{i.number}" for i in items]


@settings(max_examples=300, deadline=None)
@given(item_lists(), st.randoms())
def test_a_reordered_list_keeps_every_page(items: list[Item], random: object) -> None:
    assume(len({" ".join(i.text.casefold().split()) for i in items}) == len(items))
    shuffled = list(items)
    random.shuffle(shuffled)  # type: ignore[attr-defined]

    assert ids(shuffled, pages_for(items)) == [f"{i.group}/{i.number}" for i in shuffled]

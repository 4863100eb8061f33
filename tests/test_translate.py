"""recsync.translate: a page without Translate's markup, and the way back to the page as stored."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recsync.translate import unwrap

BITS = st.sampled_from(
    [
        "<translate>", "</translate>", "<translate nowrap>", "<!--T:12-->", " ", "\n", "*",
        "== X ==", '<tvar name="1">', "</tvar>", "<tvar|who>", "</>", "[[", "]]", "word",
        "<!-- note -->", "<translate\n>",
    ]
)  # fmt: skip
PAGES = st.lists(st.one_of(BITS, st.text(max_size=4)), max_size=30).map("".join)


def test_markup_goes_and_tvar_contents_stay() -> None:
    page = (
        "<languages/>\n<translate>== Advocacy == <!--T:1-->\n"
        '* Give [<tvar name="1">https://x.org</tvar> barnstars] to <tvar|who>helpers</>\n'
        "</translate>"
    )

    assert unwrap(page).text == (
        "<languages/>\n== Advocacy ==\n* Give [https://x.org barnstars] to helpers\n"
    )


def test_a_marker_between_words_leaves_one_blank() -> None:
    assert unwrap("'''Bans'''<translate> <!--T:8--> are rare</translate>").text == (
        "'''Bans''' are rare"
    )


def test_other_comments_stay() -> None:
    assert unwrap("* Item<!-- a note -->").text == "* Item<!-- a note -->"


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_every_character_maps_back_to_itself_on_its_line(page: str) -> None:
    unwrapped = unwrap(page)

    assert unwrapped.text.count("\n") == page.count("\n")
    for offset, character in enumerate(unwrapped.text):
        original = unwrapped.original_offset(offset)
        if character != "\n" or page[original] == "\n":
            assert page[original] == character
        assert page.count("\n", 0, original) == unwrapped.text.count("\n", 0, offset)

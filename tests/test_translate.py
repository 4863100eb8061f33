"""recsync.translate: a page without Translate's markup, and the way back to the page as stored."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recsync.translate import unit_lines, units, unwrap, variables

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


# --- translation units ------------------------------------------------------------------

MARKED = (
    "<languages/>\n<translate>\n<!--T:1-->\nThe working groups' drafts.\n\n"
    "== Advocacy == <!--T:2-->\n\n"
    "<!--T:3-->\n* Protect advocates\n* Create an advocacy hub\n</translate>\n"
    "* '''<translate><!--T:4--> Bans</translate>'''<translate> <!--T:5--> are rare</translate>"
)


def test_units_are_cut_as_translate_cuts_a_page() -> None:
    found = units(MARKED)

    assert [(u.id, u.content(MARKED)) for u in found] == [
        ("1", "The working groups' drafts."),
        ("2", "== Advocacy =="),
        ("3", "* Protect advocates\n* Create an advocacy hub"),
        ("4", "Bans"),
        ("5", "are rare"),
    ]
    assert [u.at_line_end for u in found] == [False, True, False, False, False]


def test_each_line_knows_its_units() -> None:
    assert unit_lines(MARKED) == {4: ("1",), 6: ("2",), 9: ("3",), 10: ("3",), 12: ("4", "5")}


def test_two_markers_without_a_blank_line_between_are_two_units() -> None:
    page = "<translate>\n<!--T:3-->\n* Protect\n<!--T:4-->\n* Create\n</translate>"

    assert [(u.id, u.content(page)) for u in units(page)] == [("3", "* Protect"), ("4", "* Create")]


def test_a_page_without_markers_has_no_units() -> None:
    assert units("<translate>\n== Advocacy ==\n* Protect\n</translate>") == []


def test_tvars_are_the_variables_translations_name() -> None:
    content = (
        "See <tvar name=\"1\">[[Safety]]</tvar>, <tvar name='url'>https://x.org</tvar> "
        "and <tvar|who>helpers</>"
    )

    assert variables(content) == {"$1": "[[Safety]]", "$url": "https://x.org", "$who": "helpers"}


def test_a_marker_on_a_line_of_its_own_after_its_text_ends_that_line() -> None:
    page = "* Protect\n<!--T:12-->"
    [unit] = units(page)

    assert unit.content(page) == "* Protect"
    assert unit.render(page, "* Schützen") == "* Schützen\n<!--T:12-->"


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_a_unit_rendered_with_its_own_text_is_the_same_unit(page: str) -> None:
    found = units(page)
    pieces, done = [], 0
    for unit in found:
        pieces += [page[done : unit.start], unit.render(page, unit.content(page))]
        done = unit.end
    rendered = "".join([*pieces, page[done:]])

    again = units(rendered)
    assert [(u.id, u.content(rendered)) for u in again] == [(u.id, u.content(page)) for u in found]

"""An item rendered from the nodes the source's parse made (``Item.nodes``) reads as its
markup parsed again would: that spares a first sync a second parse of every item.

bot.source parses with ``skip_style_tags`` (bold and italic left as text); bot.restyle
reads the marks among those nodes, and anything it cannot read as the parser would
sends the markup back to mwparserfromhell.  The examples are pages, as an editor writes
them; each item's subpage text is compared both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_inline import CASES, MARKUP_BITS, assert_contract, load_cases
from test_wikitext import HOSTILE_BITS

from recsync.inline import safe_inline
from recsync.model import Item
from recsync.source import parse_source

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted((FIXTURES / "parse").glob("*.wiki")) + sorted(
    (Path(__file__).parent.parent / "demo").glob("*.wiki")
)


def page_of(*entries: str) -> str:
    return "== Group ==\n" + "\n".join(f"* {entry}" for entry in entries)


def both_ways(item: Item) -> tuple[str, str]:
    """The item's subpage text from the source's nodes, and from its markup parsed again."""
    return (
        safe_inline(item.wikitext, item.refs, nodes=item.nodes),
        safe_inline(item.wikitext, item.refs),
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_item_of_the_fixture_pages_reads_the_same_from_its_nodes(path: Path) -> None:
    items = parse_source(path.read_text(encoding="utf-8")).items
    assert items and all(item.nodes is not None for item in items)
    for item in items:
        from_nodes, parsed_again = both_ways(item)
        assert from_nodes == parsed_again, f"{path.name} line {item.line}"


def test_every_labelled_inline_case_reads_the_same_from_its_nodes() -> None:
    for case in load_cases(CASES):
        for item in parse_source(page_of(case.input)).items:
            from_nodes, parsed_again = both_ways(item)
            assert from_nodes == parsed_again, case.name


def test_bold_around_a_link_and_a_footnote_is_read_across_them() -> None:
    # The marks are text in the source's nodes, the link and the footnote nodes of
    # their own: the bold still holds both.
    (item,) = parse_source(page_of("'''build [[Capacity]]<ref>Draft 2</ref> now'''")).items
    bold = "'''build [[Capacity]]<ref>Draft 2</ref> now'''"
    assert both_ways(item) == (f"<nowiki/>{bold}<nowiki/>",) * 2  # apart from the call's marks


def test_italic_inside_a_link_label_is_read_there() -> None:
    (item,) = parse_source(page_of("see [[Equity|''fair'' shares]] and ''more''")).items
    assert both_ways(item) == ("see [[Equity|''fair'' shares]] and ''more''<nowiki/>",) * 2


def test_an_unpaired_mark_is_dropped_as_the_parser_drops_it() -> None:
    (item,) = parse_source(page_of("an ''unclosed [[link]] mark")).items
    assert both_ways(item) == ("an unclosed [[link]] mark",) * 2


def test_a_comment_that_runs_over_the_next_lines_leaves_the_item_without_nodes() -> None:
    # The line's nodes hold the whole comment, its markup only the line: not the same.
    (item,) = parse_source(page_of("Build <!-- a note\n* that goes on -->capacity")).items
    assert item.nodes is None
    from_nodes, parsed_again = both_ways(item)
    assert from_nodes == parsed_again


def test_the_nodes_take_no_part_in_what_the_item_is() -> None:
    (first,) = parse_source(page_of("'''Build''' capacity")).items
    (again,) = parse_source(page_of("'''Build''' capacity")).items
    assert first.nodes is not again.nodes
    assert first == again and hash(first) == hash(again)
    assert "nodes" not in repr(first) and "nodes" not in first.to_json()


# --- properties -------------------------------------------------------------------------

WORD = st.sampled_from(
    ["build", "the", "Movement", "équité", "2030", "a-b", "x'y", "(note)", "«q»", "&", "50%",
     ":", ";", "!", "it's"]
)  # fmt: skip


def words(most: int = 4) -> st.SearchStrategy[str]:
    return st.lists(WORD, min_size=1, max_size=most).map(" ".join)


#: What Meta's recommendations hold, well formed: links, footnotes, templates, tags.
PIECE = st.one_of(
    words(),
    words().map(lambda w: f"[[{w}]]"),
    st.tuples(words(2), words()).map(lambda p: f"[[{p[0]}|{p[1]}]]"),
    words().map(lambda w: f"[[Special:MyLanguage/{w}|{w}]]"),
    words().map(lambda w: f"[https://example.org/{w.replace(' ', '_')} {w}]"),
    words().map(lambda w: f"{{{{nowrap|{w}}}}}"),
    words().map(lambda w: f"<ref>{w}</ref>"),
    words().map(lambda w: f"<ref>{{{{cite web|title={w}|url=https://example.org/x}}}}</ref>"),
    words().map(lambda w: f'<ref name="n">{w}</ref>'),
    st.sampled_from(['<ref name="n" />', "&nbsp;", "<!-- c -->", "<br />"]),
    words().map(lambda w: f"<small>{w}</small>"),
)


def styled(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    joined = st.lists(inner, min_size=1, max_size=3).map(" ".join)
    return st.one_of(
        joined, *(joined.map(lambda s, m=m: m + s + m) for m in ("''", "'''", "'''''"))
    )


WELL_FORMED = st.lists(st.recursive(PIECE, styled, max_leaves=6), min_size=1, max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.lists(WELL_FORMED.map(" ".join), min_size=1, max_size=3))
def test_any_well_formed_item_reads_the_same_from_its_nodes(entries: list[str]) -> None:
    for item in parse_source(page_of(*entries)).items:
        from_nodes, parsed_again = both_ways(item)
        assert from_nodes == parsed_again, item.wikitext


ANY_LINE = st.lists(st.one_of(HOSTILE_BITS, MARKUP_BITS, st.text(max_size=4)), max_size=25)


@settings(max_examples=600, deadline=None)
@given(st.lists(ANY_LINE.map("".join), min_size=1, max_size=4))
def test_any_item_rendered_from_its_nodes_keeps_the_contract(entries: list[str]) -> None:
    # On broken markup the two readings may differ (``{{''}}`` is a template to the
    # source's parse, text to a parse of the markup alone), never the contract.
    for item in parse_source(page_of(*entries)).items:
        assert_contract(safe_inline(item.wikitext, item.refs, nodes=item.nodes))

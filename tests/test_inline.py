"""safe_inline / plain_inline: an item's markup, made safe for its subpage's template call.

The labelled cases live in fixtures/inline/cases.txt; the properties below hold for
any text: nothing leaves the ``text`` parameter, the result holds only the allowed
markup, and a reader sees the text ``plain_inline`` says the markup shows.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import (
    ExternalLink,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from test_wikitext import HOSTILE_BITS, prose
from wikis import GERMAN

from recsync.inline import ALLOWED_TAGS, plain_inline, safe_inline
from recsync.namespaces import ENGLISH, Namespaces
from recsync.source import parse_source
from recsync.wikitext import escape

CASES = Path(__file__).parent / "fixtures" / "inline" / "cases.txt"
GERMAN_CASES = Path(__file__).parent / "fixtures" / "inline" / "german.txt"
FIELDS = ("name", "label", "input", "output")


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    input: str
    output: str


def load_cases(path: Path) -> list[Case]:
    """Cases separated by ``---``: ``name:`` and ``label:`` as written, ``input:`` and
    ``output:`` as Python string literals (mwparserfromhell's .mwtest layout)."""
    cases = []
    for block in path.read_text(encoding="utf-8").split("\n---\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, value = line.partition(":")
            assert sep and key in FIELDS, f"{path.name}: unexpected line {line!r}"
            value = value.strip()
            fields[key] = ast.literal_eval(value) if key in ("input", "output") else value
        assert set(fields) == set(FIELDS), f"{path.name}: incomplete case {fields}"
        cases.append(Case(**fields))
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


ALL_CASES = load_cases(CASES)
ON_A_GERMAN_WIKI = load_cases(GERMAN_CASES)


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_case(case: Case) -> None:
    assert safe_inline(case.input) == case.output, case.label
    assert_contract(case.output)


@pytest.mark.parametrize("case", ON_A_GERMAN_WIKI, ids=[case.name for case in ON_A_GERMAN_WIKI])
def test_case_on_a_german_wiki(case: Case) -> None:
    assert safe_inline(case.input, namespaces=GERMAN) == case.output, case.label
    assert_contract(case.output, GERMAN)


# --- the contract, checked on a result --------------------------------------------------


def assert_stays_in_its_parameter(output: str) -> None:
    call = mwparserfromhell.parse("{{T|text=" + output + "}}")
    templates = call.filter_templates(recursive=True)
    assert len(templates) == 1, output
    assert [str(param.name) for param in templates[0].params] == ["text"], output
    assert str(templates[0].get("text").value) == output


#: A footnote tag with a name: the one place an ``=`` may be (a name holds no quote).
NAMED_REF = re.compile(r'<ref name="([^"<>=\[\]{}|]+)"( /)?>')


def assert_contract(output: str, namespaces: Namespaces = ENGLISH) -> None:
    """Only links, http(s) links, bold/italic, allowed tags and <ref>s holding the same."""
    assert_stays_in_its_parameter(output)
    for bad in ("\n", "{", "}", "=", "~~~", "__", "!!"):
        assert bad not in NAMED_REF.sub("<ref>", output), (bad, output)
    assert_each_name_written_once(output)
    assert output[:1] not in set("*#:;!-'") and output[-1:] != "'", output
    code = mwparserfromhell.parse(output)
    for node in code.ifilter(recursive=True):
        assert not isinstance(node, Template), output
        if isinstance(node, Tag):
            assert_allowed_tag(node, output)
        elif isinstance(node, Wikilink):
            assert not namespaces.embeds(html.unescape(str(node.title))), output
        elif isinstance(node, ExternalLink):
            url = str(node.url).lower()
            assert url.startswith(("http://", "https://", "//")), output


def assert_allowed_tag(tag: Tag, output: str) -> None:
    name = str(tag.tag).lower()
    if tag.wiki_markup:
        assert str(tag.wiki_markup) in ("''", "'''"), output
        return
    assert not tag.attributes or name == "ref", output
    if name == "nowiki":
        assert tag.self_closing, output  # <nowiki/> keeps two bold/italic marks apart
    elif name == "ref":
        assert [str(a.name).strip() for a in tag.attributes] in ([], ["name"]), output
        if tag.self_closing:  # a reuse, by name
            assert tag.has("name"), output
            return
        assert tag.contents is not None and str(tag.contents).strip(), output
        # links, bold, italics and text (each checked as any other), never a footnote
        allowed = Text | HTMLEntity | ExternalLink | Wikilink | Tag
        assert all(isinstance(n, allowed) for n in tag.contents.nodes), output
        inner = tag.contents.filter_tags(recursive=True)
        assert not any(str(t.tag).lower() == "ref" for t in inner), output
    else:
        assert name in ALLOWED_TAGS, output


def assert_each_name_written_once(output: str) -> None:
    """A name has one footnote written in full, before its reuses."""
    defined: set[str] = set()
    for name, reuse in NAMED_REF.findall(output):
        if reuse:
            assert name in defined, output
        else:
            assert name not in defined, output
            defined.add(name)


# --- properties -------------------------------------------------------------------------

MARKUP_BITS = st.sampled_from(
    [
        "[[Foo]]", "[[Foo|", "[[", "]]", "|", "[https://example.org/a_b ", "]", "https://x.org/~",
        "//x", "ftp://x", "javascript:", "[[:Category:", "[[Category:", "[[File:", "[[de:",
        "[[w:", "[[/", "[[#", "[[Special:MyLanguage/", "''", "'''", "<b>", "</b>", "<span style=x>",
        "</span>", "<script>", "</script>", "<ref>", "</ref>", "<ref name=a>", "<ref name=a/>",
        "<nowiki>", "</nowiki>", "<noinclude>", "{{nowrap|", "{{#if:", "{{!}}", "<!--", "-->",
        "<br>", "&#61;", "&#58;", "&amp;", "~", "_", "!", "=", "\n",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=100),
    st.lists(st.one_of(HOSTILE_BITS, MARKUP_BITS, st.text(max_size=4)), max_size=25).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_any_result_keeps_the_contract(text: str) -> None:
    assert_contract(safe_inline(text))


GERMAN_BITS = st.sampled_from(
    ["[[Kategorie:", "[[:Kategorie:", "[[kategorie :", "[[Datei:", "[[Bild:", "[[Medium:",
     "[[Benutzer:", "[[Benutzerin_Diskussion:", "[[Hilfe:", "|mini|", "]]"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(GERMAN_BITS, MARKUP_BITS, st.text(max_size=4)), max_size=25).map("".join))
def test_any_result_on_a_german_wiki_keeps_the_contract(text: str) -> None:
    # No link into the German category, file or media namespaces survives, by any name.
    assert_contract(safe_inline(text, namespaces=GERMAN), GERMAN)
    assert plain_inline(safe_inline(text, namespaces=GERMAN), GERMAN) == plain_inline(text, GERMAN)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.lists(TEXT, max_size=3))
def test_any_footnote_texts_the_caller_gives_keep_the_contract(text: str, refs: list[str]) -> None:
    assert_contract(safe_inline(text, refs))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_a_reader_sees_the_text_plain_inline_gives(text: str) -> None:
    # plain_inline reads markup as safe_inline renders it: so what the result shows
    # (footnotes aside, whitespace folded) is what plain_inline says the input shows.
    assert plain_inline(safe_inline(text)) == plain_inline(text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_a_result_rendered_again_settles_at_once(text: str) -> None:
    # Rendering a result again changes nothing, except that a free URL glued to the text
    # before it (which mwparserfromhell did not read as a URL the first time) may now be
    # bracketed; from then on it is stable.
    twice = safe_inline(safe_inline(text))
    assert safe_inline(twice) == twice


@settings(max_examples=200, deadline=None)
@given(prose())
def test_ordinary_prose_stays_as_written(text: str) -> None:
    assert safe_inline(text) == escape(text) == text
    assert plain_inline(text) == text


# --- footnotes the caller knows ----------------------------------------------------------


def test_the_callers_footnote_texts_are_used() -> None:
    markup = "a<ref name=x/> b<ref>own</ref>"
    assert safe_inline(markup, ("defined elsewhere", "given")) == (
        "a<ref>defined elsewhere</ref> b<ref>given</ref>"
    )


def test_footnote_texts_that_do_not_match_in_number_are_not_used() -> None:
    assert safe_inline("a<ref>own</ref>", ("one", "two")) == "a<ref>own</ref>"


def test_the_callers_footnote_text_is_escaped() -> None:
    assert safe_inline("a<ref>x</ref>", ("{{x}} | ~~~~",)) == (
        "a<ref>&#123;&#123;x&#125;&#125; &#124; &#126;&#126;&#126;&#126;</ref>"
    )


# --- the parser's own items -------------------------------------------------------------

SOURCES = sorted((Path(__file__).parent / "fixtures" / "parse").glob("*.wiki"))
DEMO = sorted((Path(__file__).parent.parent / "demo").glob("*.wiki"))


@pytest.mark.parametrize("path", SOURCES + DEMO, ids=lambda p: p.name)
def test_parsed_items_render_within_the_contract_and_show_their_text(path: Path) -> None:
    for item in parse_source(path.read_text(encoding="utf-8")).items:
        output = safe_inline(item.wikitext, item.refs)
        assert_contract(output)
        assert plain_inline(item.wikitext) == item.text
        assert len(re.findall(r"<ref[ >]", output)) == len(item.refs)


def test_a_footnote_that_shows_less_than_the_caller_read_takes_the_callers_text() -> None:
    # The source parser reads a citation template as its citation; the markup alone
    # shows nothing of it (a template is dropped).
    markup = "a<ref>{{cite web|title=Report|url=https://example.org/r}}</ref>"
    assert safe_inline(markup, ("Report. https://example.org/r",)) == (
        "a<ref>Report. https://example.org/r</ref>"
    )


def test_a_footnote_that_shows_what_the_caller_read_keeps_its_links() -> None:
    markup = "a<ref>See [[Capacity Building]] notes.</ref>"
    assert safe_inline(markup, ("See Capacity Building notes.",)) == (
        "a<ref>See [[Capacity Building]] notes.</ref>"
    )

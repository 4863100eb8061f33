"""The parser, one markup feature per case.

``tests/fixtures/parse/*.mwtest`` hold labelled cases, in the manner of mwparserfromhell's
own ``tests/tokenizer/*.mwtest``: cases are separated by a line ``---``; each has a
``name:``, a one-line ``label:`` saying what it shows, the ``input:`` wikitext (the
*before*, every line up to ``output:``), the ``output:`` JSON (the *after*) and, where the
terminal matters, the ``listing:`` that ``recsync parse`` prints.  In the JSON, ``groups``,
``warnings`` and ``redirect`` must match exactly when given; an expected item lists only
the fields the case is about, but the number of items must match.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wikis import GERMAN

from recsync.layout import TRANSPARENT_TAGS
from recsync.listing import parse_listing
from recsync.source import parse_source, redirect_target
from recsync.translate import unwrap

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
DEMO_SOURCE = Path(__file__).parents[1] / "demo" / "89-strategy-recommendations-nov-2019.wiki"


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    wikitext: str
    expected: dict[str, Any]
    listing: str | None


def read_cases(path: Path) -> list[Case]:
    """The cases of one ``.mwtest`` file."""
    cases = []
    for chunk in re.split(r"^---$", path.read_text(encoding="utf-8"), flags=re.MULTILINE):
        fields = re.match(
            r"\s*name:\s*(?P<name>.+)\nlabel:\s*(?P<label>.+)\ninput:\n(?P<input>.*?)^output:\n"
            r"(?P<output>.*?)(?:^listing:\n(?P<listing>.*))?\Z",
            chunk,
            flags=re.MULTILINE | re.DOTALL,
        )
        assert fields, f"{path.name}: a case does not read as name/label/input/output: {chunk!r}"
        listing = fields["listing"]
        cases.append(
            Case(
                name=f"{path.stem}/{fields['name'].strip()}",
                label=fields["label"].strip(),
                wikitext=fields["input"],
                expected=json.loads(fields["output"]),
                listing=listing.strip("\n") if listing is not None else None,
            )
        )
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.mwtest")) for case in read_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case) -> None:
    result = parse_source(case.wikitext, source=case.name.split("/")[1])
    got = result.to_json()
    expected = case.expected

    for key in ("groups", "redirect"):
        if key in expected:
            assert got[key] == expected[key], case.label
    assert len(got["items"]) == len(expected["items"]), case.label
    for item, want in zip(got["items"], expected["items"], strict=True):
        assert {key: item[key] for key in want} == want, case.label
    assert got["warnings"] == expected["warnings"], case.label
    if case.listing is not None:
        assert parse_listing(result) == case.listing, case.label


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("#REDIRECT [[Foo]]", "Foo"),
        ("#redirect:[[Foo bar#Advocacy]]\n", "Foo bar"),
        ("\n  #Redirect [[:Category:Strategy|the category]]", "Category:Strategy"),
        ("== Foo ==\n#REDIRECT [[Foo]]", None),
        ("#REDIRECT Foo", None),
        ("#REDIRECT [[#Advocacy]]", None),
    ],
)
def test_redirect_target(text: str, target: str | None) -> None:
    assert redirect_target(text) == target


GERMAN_SOURCE = """== Fürsprache ==
* Ein [[Benutzer:Econterms|Netzwerk]] für Fürsprecher [[Kategorie:Strategie]]
* Leitlinien [[Datei:Logo.svg|mini|Logo]] mit Quellen<ref>Bericht [[Kategorie:Berichte]]</ref>
* Siehe {{Hinweis|[[Bild:Karte.png]] [[Hilfe:Links]]}} und [[:Kategorie:Strategie|die Kategorie]]
"""


def test_on_a_german_wiki_its_category_and_file_links_are_no_part_of_an_item() -> None:
    items = parse_source(GERMAN_SOURCE, namespaces=GERMAN).items

    assert [item.text for item in items] == [
        "Ein Netzwerk für Fürsprecher",
        "Leitlinien mit Quellen",
        "Siehe und die Kategorie",
    ]
    assert [item.links for item in items] == [
        ("Benutzer:Econterms",),
        (),
        ("Hilfe:Links", "Kategorie:Strategie"),
    ]
    assert items[1].refs == ("Bericht",)


def test_on_an_english_wiki_german_names_are_pages_like_any_other() -> None:
    items = parse_source(GERMAN_SOURCE).items

    assert items[0].text == "Ein Netzwerk für Fürsprecher Kategorie:Strategie"
    assert items[0].links == ("Benutzer:Econterms", "Kategorie:Strategie")


def test_seed_page_has_nine_groups_and_84_items() -> None:
    result = parse_source(DEMO_SOURCE.read_text(encoding="utf-8"), source="seed")

    assert [(g.name, g.count) for g in result.groups] == [
        ("Advocacy", 10),
        ("Capacity Building", 10),
        ("Community Health", 12),
        ("Diversity", 8),
        ("Partnerships", 13),
        ("Product & Technology", 9),
        ("Resource Allocation", 9),
        ("Revenue streams", 7),
        ("Roles & Responsibilities", 6),
    ]
    assert len(result.items) == 84
    assert result.warnings == ()


def test_seed_resource_allocation_intro_is_not_an_item() -> None:
    result = parse_source(DEMO_SOURCE.read_text(encoding="utf-8"))
    allocation = next(g for g in result.groups if g.name == "Resource Allocation")

    assert allocation.intro == (
        "There are 9 draft recommendations by the Resource Allocation Working Group:"
    )
    first = next(i for i in result.items if i.group == "Resource Allocation")
    assert first.number == 1
    assert first.text == "Common Framework of Principles for Resource Allocation"


def test_curly_quotes_and_dashes_are_kept_as_written() -> None:
    result = parse_source("== Community Health ==\n* “Democratizing” participation – now\n")
    assert result.items[0].text == "“Democratizing” participation – now"


LEAKED_MARKUP = ("<tvar", "</>", "<!--T:", "[[", "[http", "{{")


def as_meta_carries_it(page: str) -> str:
    """The page as Meta would hold it: translate tags, unit markers, and on every entry a
    link with its target in a tvar (new and old syntax by turns) and a cited footnote."""
    lines = []
    for number, line in enumerate(page.split("\n"), start=1):
        if line.startswith("=="):
            lines.append(f"<translate>{line} <!--T:{number}--></translate>")
        elif line.startswith("*") and not line.endswith(":"):
            target = f"Special:MyLanguage/Notes/{number}"
            tvar = f'<tvar name="n">{target}</tvar>' if number % 2 else f"<tvar|n>{target}</>"
            footnote = f"<ref>{{{{cite web|title=Notes {number}|url=https://example.org/}}}}</ref>"
            lines.append(
                f"<translate><!--T:{number}-->{line} ([[{tvar}|notes]]){footnote}</translate>"
            )
        elif line.strip():
            lines.append(f"<translate><!--T:{number}-->{line}</translate>")
        else:
            lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("meta", [False, True], ids=["as stored", "with Translate markup"])
def test_seed_item_texts_hold_no_markup(meta: bool) -> None:
    page = DEMO_SOURCE.read_text(encoding="utf-8")
    result = parse_source(as_meta_carries_it(page) if meta else page)

    assert (len(result.groups), len(result.items)) == (9, 84)
    for item in result.items:
        for text in (item.text, *item.details, *item.refs):
            assert not [bit for bit in LEAKED_MARKUP if bit in text], (item.line, text)
        if meta:
            assert item.text.endswith("(notes)")
            assert item.links == (f"Special:MyLanguage/Notes/{item.line}",)
            assert item.refs == (f"Notes {item.line}. https://example.org/",)


# --- properties --------------------------------------------------------------------------

MARKUP_BITS = st.sampled_from(
    [
        "\n", "\n* ", "\n** ", "\n# ", "\n#: ", "\n; ", "\n== ", " ==", "'''", "''", "{{", "}}",
        "|", "[[", "]]", "[", "]", "<ref>", "</ref>", "<ref name=a/>", "<translate>",
        "</translate>", "<!--T:1-->", "<!--", "-->", "<nowiki>", "</nowiki>", "<br>", "&nbsp;",
        "&amp;", ":", "=", "<div>", "</div>", "{{anchor|x}}", "<span id=\"y\"></span>", "\u00a0",
        "\r", "\u2028", "word", "Group", " ",
    ]
)  # fmt: skip
#: What may stand before an entry's list mark on its line: comments and block wrappers.
WRAPPERS = "|".join(sorted(TRANSPARENT_TAGS))
WRAPPER_TAGS = re.compile(rf"</?(?:{WRAPPERS})\b[^>]*>", re.IGNORECASE)
#: A Translate marker at the start of a line takes its blanks with it (recsync.translate).
LEADING_MARKUP = re.compile(
    r"(?:<!--\s*T:\d+\s*-->[ \t]*|<!--.*?-->|</?(?:translate|div)\b[^>]*>)*"
)


def starts_an_entry(line: str) -> bool:
    """Does the line start a list entry once comments and wrappers are taken away?

    The line may also begin inside a comment opened on an earlier line.
    """
    starts = [0] + [i + 3 for i in range(len(line)) if line.startswith("-->", i)]
    for start in starts:
        rest = line[start:]
        rest = rest[LEADING_MARKUP.match(rest).end() :]  # type: ignore[union-attr]
        if rest[:1] in {"*", "#"}:
            return True
    return False


WIKITEXT = st.lists(st.one_of(MARKUP_BITS, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(WIKITEXT)
def test_any_text_parses_without_an_exception(text: str) -> None:
    parse_source(text)


@settings(max_examples=200, deadline=None)
@given(WIKITEXT)
def test_parsing_is_deterministic(text: str) -> None:
    assert parse_source(text) == parse_source(text)


@settings(max_examples=300, deadline=None)
@given(WIKITEXT)
def test_every_item_line_holds_its_entry(text: str) -> None:
    lines = text.split("\n")
    for item in parse_source(text).items:
        assert starts_an_entry(lines[item.line - 1]), (item, lines[item.line - 1])
        assert item.text


@settings(max_examples=300, deadline=None)
@given(WIKITEXT)
def test_item_wikitext_is_a_piece_of_the_page_as_served(text: str) -> None:
    # Block wrappers are looked through (recsync.layout): an entry's markup is read without them.
    served = WRAPPER_TAGS.sub("", unwrap(text).text)
    for item in parse_source(text).items:
        assert WRAPPER_TAGS.sub("", item.wikitext) in served, (item, served)


@settings(max_examples=200, deadline=None)
@given(WIKITEXT)
def test_item_text_is_folded_and_numbers_count_up(text: str) -> None:
    result = parse_source(text)
    for item in result.items:
        assert item.text == " ".join(item.text.split())
    for group in result.groups:
        numbers = [i.number for i in result.items if i.group == group.name]
        assert numbers == list(range(1, group.count + 1))


# A page drawn as blocks (headings, paragraphs, runs of entries) that can be written
# bare or as Meta holds it for Translate.

WORDS = st.sampled_from(["Build", "capacity", "for", "the", "communities", "2030", "&amp;", "—"])
PHRASE = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
TARGETS = st.sampled_from(["Special:MyLanguage/Strategy", "Capacity", "https://example.org/r"])


@st.composite
def entry_lines(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """A run of entries: (marks, text, link target or "", footnote or "", ending)."""
    run = []
    for _ in range(draw(st.integers(1, 4))):
        marks = draw(st.sampled_from(["*", "#", "**", "*:", "##"]))
        run.append(
            (
                marks,
                draw(PHRASE),
                draw(st.one_of(st.just(""), TARGETS)),
                draw(
                    st.sampled_from(["", "Draft 2", "{{cite web|title=Draft|url=https://x.org}}"])
                ),
                draw(st.sampled_from(["", ":"])),
            )
        )
    return run


BLOCKS = st.lists(
    st.one_of(
        PHRASE.map(lambda text: [("==", text)]),
        st.tuples(PHRASE, st.sampled_from(["", ":"])).map(lambda p: [("", p[0] + p[1])]),
        entry_lines(),
    ),
    max_size=8,
)


def write_page(blocks: list[list[tuple[str, ...]]], meta: bool, place: int = 0) -> str:
    """The page bare, or with translate tags around each block, a marker on each line and
    each link target in a tvar (``place`` chooses where markers and which tvar syntax)."""
    lines = []
    for block in blocks:
        written = []
        for number, line in enumerate(block, start=len(lines) + 1):
            marker = f"<!--T:{number}-->" if meta else ""
            if line[0] == "==":
                written.append(f"== {line[1]} ==" + (f" {marker}" if meta else ""))
            elif not line[0]:
                written.append(marker + line[1])
            else:
                marks, text, target, footnote, ending = line
                if target:
                    shown = target
                    if meta:
                        shown = (
                            f'<tvar name="t">{target}</tvar>'
                            if place % 2
                            else f"<tvar|t>{target}</>"
                        )
                    text += (
                        f" [{shown} link]" if target.startswith("http") else f" [[{shown}|link]]"
                    )
                text += f"<ref>{footnote}</ref>" if footnote else ""
                lead = f"{marker}{marks} " if place % 3 == 0 else f"{marks} {marker}"
                written.append(lead + text + ending)
        if meta:
            written[0] = ("<translate nowrap>" if place % 5 == 0 else "<translate>") + written[0]
            written[-1] += "</translate>"
        lines.extend([*written, ""])
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(BLOCKS, st.integers(0, 29))
def test_translate_markup_changes_nothing_a_reader_sees(
    blocks: list[list[tuple[str, ...]]], place: int
) -> None:
    bare = parse_source(write_page(blocks, meta=False)).to_json()
    meta = parse_source(write_page(blocks, meta=True, place=place)).to_json()

    assert meta == bare


@pytest.mark.parametrize("enabled", [True, False])
def test_parse_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The parse pauses Python's cyclic collector (for speed) and must hand it back."""
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        parse_source("== A ==\n* one\n* two\n")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()

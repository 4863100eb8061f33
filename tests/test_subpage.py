"""One subpage's status call: render it, read it back, merge the bot's fields into it.

Each case of ``tests/fixtures/subpage/merge.cases`` is a subpage as editors left it
(before) and the page after the bot has written the fields the source page now gives
(``FIELDS`` below, or the case's own); its first lines say the format.  The bot owns a
fixed set of parameters; everything else on the page comes back byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recsync.inline import plain_inline, safe_inline
from recsync.subpage import (
    OWNED,
    StatusCall,
    SubpageError,
    merge_fields,
    new_subpage,
    read_call,
    render_call,
    template_call_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "subpage"
SKELETON = (Path(__file__).parents[1] / "templates" / "subpage.wiki").read_text(encoding="utf-8")
TEMPLATE = "Recommendation status"
INDEX = "Recs/Index"
#: What the source page says about the item now (revision 101, reworded).
FIELDS = {
    "id": "Advocacy/2",
    "group": "Advocacy",
    "number": "2",
    "text": "Publish a yearly report on our policy work",
    "source": "User:Ex/Recs",
    "source_revision": "101",
    "in_source": "yes",
}


def fold(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Case:
    name: str
    label: str  # what the case shows
    fields: dict[str, str]
    before: str
    after: str


#: One case: name, label, optional fields (JSON up to the line before:), before, after.
CASE = re.compile(
    r"name: +(?P<name>\S+)\nlabel: +(?P<label>[^\n]+)\n"
    r"(?:fields:(?P<fields>.*?)\n)?"
    r"before:\n(?P<before>.*?)^after:\n(?P<after>.*)",
    re.DOTALL | re.MULTILINE,
)


def read_cases(path: Path) -> list[Case]:
    """The cases of a labelled multi-case file: the note on top, then cases ended by ---."""
    text = path.read_text(encoding="utf-8")
    cases = []
    for chunk in re.split(r"(?m)^---\n", text[text.index("\nname:") + 1 :]):
        if not chunk.strip():
            continue
        found = CASE.fullmatch(chunk.lstrip("\n"))
        if found is None:
            raise ValueError(f"{path.name}: not a case: {chunk.lstrip()[:60]!r}")
        fields = json.loads(found["fields"]) if found["fields"] is not None else FIELDS
        cases.append(Case(found["name"], found["label"], fields, found["before"], found["after"]))
    return cases


CASES = read_cases(FIXTURES / "merge.cases")
BY_NAME = {case.name: case for case in CASES}


def the_call(text: str) -> mwparserfromhell.nodes.Template:
    calls = [
        t
        for t in mwparserfromhell.parse(text).filter_templates(recursive=True)
        if str(t.name).strip().replace("_", " ").lower().endswith("recommendation status")
    ]
    assert len(calls) == 1, text
    return calls[0]


# --- the merge cases --------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_merge(case: Case) -> None:
    assert merge_fields(case.before, TEMPLATE, case.fields) == case.after, case.label


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_merge_a_second_run_changes_nothing(case: Case) -> None:
    assert merge_fields(case.after, TEMPLATE, case.fields) == case.after


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_merge_keeps_every_parameter_and_rewrites_only_owned_ones(case: Case) -> None:
    before, after = the_call(case.before), the_call(case.after)

    def editor_params(call: mwparserfromhell.nodes.Template) -> list[str]:
        return [str(p) for p in call.params if str(p.name).strip() not in OWNED]

    assert {str(p.name).strip() for p in before.params} <= {
        str(p.name).strip() for p in after.params
    }
    assert editor_params(after) == editor_params(before)


def test_every_case_has_a_name_of_its_own() -> None:
    assert len(BY_NAME) == len(CASES)


def test_a_malformed_case_is_an_error_not_a_skipped_test(tmp_path: Path) -> None:
    path = tmp_path / "broken.cases"
    path.write_text("Note.\n\nname: x\nlabel: no after\nbefore:\ntext\n---\n", encoding="utf-8")

    with pytest.raises(ValueError, match="not a case"):
        read_cases(path)


def test_editor_params_case_changes_exactly_the_two_owned_lines() -> None:
    # The case that matters most, spelled out: status, notes (multi-line, with a
    # footnote), a custom parameter, a discussion with signatures, a category: all kept.
    before = BY_NAME["editor_params"].before
    after = merge_fields(before, TEMPLATE, FIELDS)

    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        (
            "| text = Publish a yearly report on policy work",
            "| text = Publish a yearly report on our policy work",
        ),
        ("| source_revision = 100", "| source_revision = 101"),
    ]


# --- reading the call -------------------------------------------------------------------


def test_read_call_gives_what_a_reader_sees() -> None:
    page = (
        "{{Recommendation status\n| id = A/1\n| text = R&amp;D &#124; more\n| status = Adopted \n}}"
    )

    call = read_call(page, TEMPLATE)

    assert call == StatusCall({"id": "A/1", "text": "R&D | more", "status": "Adopted"})


def test_read_call_without_a_call_is_none() -> None:
    assert read_call("Just a page.\n{{Other template|x=1}}", TEMPLATE) is None


def test_merge_into_a_page_without_the_call_is_refused() -> None:
    with pytest.raises(SubpageError, match="no call"):
        merge_fields("Just a page.\n{{Other template|x=1}}", TEMPLATE, FIELDS)


def test_a_page_with_two_calls_is_refused() -> None:
    page = (
        "{{Recommendation status\n| id = Advocacy/2\n| status = adopted\n}}\n"
        "== Discussion ==\nCopy: {{recommendation status|id=Advocacy/2|status=declined}}\n"
    )
    with pytest.raises(SubpageError, match="2 calls"):
        read_call(page, TEMPLATE)
    with pytest.raises(SubpageError, match="2 calls"):
        merge_fields(page, TEMPLATE, FIELDS)


@pytest.mark.parametrize(
    "opening",
    [
        "{{Recommendation status",
        "{{recommendation_status",
        "{{Template:Recommendation status",
        "{{template:Recommendation_status",
        "{{ Recommendation  status ",
        "{{Template : Recommendation status",
        "{{Recommendation status<!-- the box -->",
    ],
)
def test_the_template_name_as_editors_may_write_it(opening: str) -> None:
    page = opening + "\n| id = Advocacy/2\n| text = old\n| status = adopted\n}}"

    call = read_call(page, TEMPLATE)
    merged = merge_fields(page, TEMPLATE, {"text": "new"})

    assert call is not None and call.get("status") == "adopted"
    assert merged == page.replace("| text = old", "| text = new")


@pytest.mark.parametrize(
    "opening", ["{{Recommendation status 2", "{{:Recommendation status", "{{Recommendation"]
)
def test_other_templates_are_not_the_call(opening: str) -> None:
    assert read_call(opening + "|id=Advocacy/2}}", TEMPLATE) is None


def test_template_call_name() -> None:
    assert template_call_name("Template:Recommendation status") == "Recommendation status"
    assert template_call_name("template : Recommendation status") == "Recommendation status"
    assert template_call_name("Recommendation status") == "Recommendation status"


@pytest.mark.parametrize(
    ("value", "in_source"), [("yes", True), ("", True), ("no", False), ("No", False)]
)
def test_in_source_is_yes_unless_no(value: str, in_source: bool) -> None:
    assert StatusCall({"in_source": value}).in_source is in_source


def test_a_field_this_run_does_not_write_is_never_blanked() -> None:
    page = "{{Recommendation status\n| id = Advocacy/2\n| anchor = yearly\n| status = x\n}}"

    assert merge_fields(page, TEMPLATE, {"id": "Advocacy/2"}) == page
    # An empty value does not add a parameter either.
    assert merge_fields(page, TEMPLATE, {"id": "Advocacy/2", "group": ""}) == page


# --- a new subpage ----------------------------------------------------------------------


def test_a_new_subpage_is_the_skeleton_around_a_fresh_call() -> None:
    page = new_subpage(SKELETON, TEMPLATE, FIELDS, INDEX)

    assert page.startswith(
        "{{Recommendation status\n"
        "| id = Advocacy/2\n"
        "| group = Advocacy\n"
        "| number = 2\n"
        "| text = Publish a yearly report on our policy work\n"
        "| source = User:Ex/Recs\n"
        "| source_revision = 101\n"
        "| in_source = yes\n"
        "| status = proposed\n"
        "}}\n"
        '<div class="recsync-note mw-content-{{Recommendation status/i18n|@dir}}" '
        'lang="{{Recommendation status/i18n|@lang}}" '
        'dir="{{Recommendation status/i18n|@dir}}">'
        "''{{Recommendation status/i18n|subpage-note|[[User:Ex/Recs]]|[[Recs/Index]]}}''</div>"
    )
    assert "\n== {{Recommendation status/i18n|subpage-discussion}} ==\n" in page
    assert read_call(page, TEMPLATE) == StatusCall({**FIELDS, "status": "proposed"})


def test_an_anchor_is_written_only_when_there_is_one() -> None:
    with_anchor = render_call(TEMPLATE, {**FIELDS, "anchor": "yearly-report"})
    without = render_call(TEMPLATE, {**FIELDS, "anchor": ""})

    assert "| text = Publish a yearly report on our policy work\n| anchor = yearly-report\n" in (
        with_anchor
    )
    assert "anchor" not in without


# --- properties -------------------------------------------------------------------------

HOSTILE_BITS = st.sampled_from(
    [
        "}}", "{{", "{{{", "}}}", "|", "=", "[[Category:X]]", "[[", "]]", "<noinclude>",
        "</noinclude>", "<includeonly>", "__NOTOC__", "~~~~", "<ref>", "</ref>", "<nowiki>",
        "<!--", "-->", "\n", "\n== Heading ==\n", "\n* ", "''", "'", "&amp;", "&#124;", "&", " ",
        "{{Recommendation status", "status = adopted", "word",
    ]
)  # fmt: skip
#: Text a wiki page can hold: MediaWiki replaces C0 control characters other than tab,
#: newline and carriage return when a page is saved, so no item text carries them.
STORABLE = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
)
HOSTILE_TEXT = st.lists(st.one_of(HOSTILE_BITS, st.text(STORABLE, max_size=10)), max_size=60).map(
    "".join
)
TEXT = st.one_of(HOSTILE_TEXT, st.text(STORABLE, max_size=1000))


@st.composite
def item_fields(draw: st.DrawFn) -> dict[str, str]:
    fields = dict(FIELDS)
    fields["text"] = safe_inline(draw(TEXT))  # the item's markup, as the planner writes it
    fields["group"] = draw(st.one_of(st.just("Advocacy"), HOSTILE_TEXT))
    fields["anchor"] = draw(st.one_of(st.just(""), HOSTILE_TEXT))
    return fields


@settings(max_examples=300, deadline=None)
@given(item_fields())
def test_a_rendered_call_reads_back_as_written(fields: dict[str, str]) -> None:
    call = read_call(render_call(TEMPLATE, fields), TEMPLATE)

    assert call is not None
    expected = {name: fold(value) for name, value in fields.items()}
    expected["text"] = plain_inline(fields["text"])  # what a reader sees of the markup
    if not fields["anchor"]:
        del expected["anchor"]
    assert call.params == {**expected, "status": "proposed"}
    assert call.raw["text"] == fields["text"].strip()


def shape(page: str) -> dict[str, object]:
    """What the wiki makes of a page's markup (not of its text)."""
    code = mwparserfromhell.parse(page)
    return {
        "templates": [
            (str(t.name).strip(), [str(p.name).strip() for p in t.params])
            for t in code.filter_templates(recursive=True)
        ],
        "links": [str(link.title) for link in code.filter_wikilinks(recursive=True)],
        "external links": len(code.filter_external_links(recursive=True)),
        "tags": [str(tag.tag) for tag in code.filter_tags(recursive=True)],
        "headings": [str(h.title) for h in code.filter_headings(recursive=True)],
        "comments": len(code.filter_comments(recursive=True)),
        "arguments": len(code.filter_arguments(recursive=True)),
        "lines": page.count("\n"),
    }


@settings(max_examples=300, deadline=None)
@given(item_fields())
def test_hostile_text_adds_no_markup_to_a_new_subpage(fields: dict[str, str]) -> None:
    anchor = "plain" if fields["anchor"] else ""
    plain = {**fields, "text": "plain", "group": "plain", "anchor": anchor}

    page = new_subpage(SKELETON, TEMPLATE, fields, INDEX)

    # The text may keep links, bold and footnotes: nothing else of its markup counts.
    kept = ("links", "external links", "tags")
    got, want = shape(page), shape(new_subpage(SKELETON, TEMPLATE, plain, INDEX))
    assert {k: v for k, v in got.items() if k not in kept} == {
        k: v for k, v in want.items() if k not in kept
    }
    assert not any(
        str(link.title).strip().lower().startswith("category:")
        for link in mwparserfromhell.parse(page).filter_wikilinks(recursive=True)
    )
    assert "__" not in page
    assert "~~~" not in page.replace("<nowiki>~~~~</nowiki>", "")


EDITOR_VALUES = st.sampled_from(
    [
        "adopted", " In Progress ", "", "See [[Talk:X|the talk page]].", "{{done}} ~~~~",
        "Started.<ref>Minutes</ref>\n* step one\n* step two", "<!-- hidden -->declined",
        "[[Category:Reports]]",
    ]
)  # fmt: skip
EDITOR_NAMES = st.sampled_from(["status", "notes", "owner", "reviewed", "Status", "custom param"])


@st.composite
def editor_page(draw: st.DrawFn) -> tuple[str, str, str, list[str]]:
    """Editor text before and after the call, and the editor's own parameters."""
    params = []
    for name in draw(st.lists(EDITOR_NAMES, unique=True, max_size=4)):
        spacing = draw(st.sampled_from([("| ", " = ", "\n"), ("|", "=", ""), ("|  ", "=  ", "\n")]))
        params.append(f"{spacing[0]}{name}{spacing[1]}{draw(EDITOR_VALUES)}{spacing[2]}")
    return draw(TEXT), draw(TEXT), draw(st.sampled_from(["\n", ""])), params


@settings(max_examples=500, deadline=None)
@given(editor_page(), item_fields(), item_fields())
def test_merge_keeps_the_editors_text_and_parameters(
    page: tuple[str, str, str, list[str]], old: dict[str, str], new: dict[str, str]
) -> None:
    before, after, newline, params = page
    call = render_call(TEMPLATE, old).removesuffix("}}") + "".join(params) + newline + "}}"
    text = before + call + after

    try:
        merged = merge_fields(text, TEMPLATE, new)
    except SubpageError:
        # Only when the editors' text hides the call (<!--, <nowiki>) or adds another one.
        assert calls_on(text) != 1
        return

    assert merged.startswith(before)
    assert merged.endswith(after)
    merged_call = merged[len(before) : len(merged) - len(after)]
    got = read_call(merged_call, TEMPLATE)
    assert got is not None
    for name in OWNED:
        if name == "text" and new.get(name):
            assert got.raw[name] == new[name].strip(), name  # markup, written as planned
        elif new.get(name):
            assert got.get(name) == fold(new[name]), name
    old_params = the_call(call).params
    new_params = the_call(merged_call).params
    assert {str(p.name).strip() for p in new_params} >= {str(p.name).strip() for p in old_params}
    assert [str(p) for p in new_params if str(p.name).strip() not in OWNED] == [
        str(p) for p in old_params if str(p.name).strip() not in OWNED
    ]


def calls_on(text: str) -> int:
    try:
        return 0 if read_call(text, TEMPLATE) is None else 1
    except SubpageError:
        return 2

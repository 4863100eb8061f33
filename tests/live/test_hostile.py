"""Hostile source text on a real wiki: it shows as text, and adds nothing to the pages.

Every item below tries to leave its parameter or table cell: close the template,
start a parameter, add a category, a signature or a magic word.  On the subpage and
in the index the wiki must show the item's text as written, and the page must use
no template but the status template, sit in no category the template does not
give it, and set no page property.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from cli_runs import status_call_params, sync
from harness import Editor

pytestmark = pytest.mark.live

LONG = "long " * 200
HOSTILE_ITEMS = [
    "Close }} the template",
    "Open {{Hijack| a template",
    "Pipe | and equals = here",
    "[[Category:Hijacked]] category",
    "<noinclude>hidden</noinclude> noinclude",
    "Magic __NOTOC__ __NOINDEX__ word",
    "Sign ~~~~ here",
    "Table |} row |- cell !! cell",
    LONG.strip(),
]
SOURCE_TEXT = (
    "== Hostile ==\n"
    "* Close }} the template\n"
    "* Open {{Hijack| a template\n"
    "* Pipe | and equals = here\n"
    "* <nowiki>[[Category:Hijacked]]</nowiki> category\n"
    "* <nowiki><noinclude>hidden</noinclude></nowiki> noinclude\n"
    "* Magic __NOTOC__ __NOINDEX__ word\n"
    "* Sign <nowiki>~~~~</nowiki> here\n"
    "* Table |} row |- cell !! cell\n"
    f"* {LONG}\n"
    "* Footnote<ref>[[Category:FromRef]] {{Hijack}}</ref> kept out\n"
)
TEMPLATE_CATEGORIES = {"Recommendations", "Recommendations_–_proposed"}


@pytest.fixture(scope="module")
def synced(live_wiki: object, tmp_path_factory: pytest.TempPathFactory) -> str:
    editor = live_wiki.editor()  # type: ignore[attr-defined]
    source = "User:Editor/Hostile"
    editor.save(source, SOURCE_TEXT)
    from cli_runs import install_templates

    install_templates()
    run = sync(source, tmp_path_factory.mktemp("hostile"))
    assert run.exit_code == 0, run.output + run.errors
    return source


@pytest.mark.parametrize("number", range(1, len(HOSTILE_ITEMS) + 1))
def test_hostile_item_shows_as_text_on_its_subpage(
    synced: str, editor: Editor, number: int
) -> None:
    title = f"{synced}/Hostile/{number}"
    expected = HOSTILE_ITEMS[number - 1]

    page = editor.parsed(title)

    assert status_call_params(page["wikitext"])["text"] == expected
    assert expected in html.unescape(page["text"])
    assert {c["category"] for c in page["categories"]} == TEMPLATE_CATEGORIES
    assert sorted(t["title"] for t in page["templates"]) == [
        "Template:Recommendation status",
        "Template:Recommendation status/badge",  # the status, in the colour the index shows too
        "Template:Recommendation status/colour",
        "Template:Recommendation status/i18n",  # the words, in the reader's language
    ]
    assert not page["properties"]
    assert "RecsyncBot" not in page["text"]  # no signature


def test_footnote_markup_stays_out_of_the_subpage(synced: str, editor: Editor) -> None:
    page = editor.parsed(f"{synced}/Hostile/10")

    assert status_call_params(page["wikitext"])["text"] == "Footnote kept out"
    assert "FromRef" not in str(page["categories"])


def test_index_shows_every_hostile_text_and_adds_nothing(synced: str, editor: Editor) -> None:
    page = editor.parsed(f"{synced}/Index")

    shown = html.unescape(page["text"])
    for text in HOSTILE_ITEMS:
        assert text in shown
    assert page["categories"] == []
    assert sorted(t["title"] for t in page["templates"]) == [
        "Template:Recommendation status/badge",  # the status badges and bars: no other
        "Template:Recommendation status/colour",
        "Template:Recommendation status/i18n",  # and the words
    ]
    assert not page["properties"]
    assert shown.count('<tr data-id="') == 10


GROUPS_TEXT = (
    "== A [b] {c} | d <e> ==\n* Odd group\n"
    "== ../../Escape ==\n* Dots\n"
    f"== {'Ü' * 150} ==\n* Long group\n"
)


def test_group_names_invalid_in_titles_become_valid_titles(editor: Editor, tmp_path: Path) -> None:
    source = "User:Editor/Odd groups"
    editor.save(source, GROUPS_TEXT)

    run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors  # each odd heading is named
    for heading in ("A [b] {c} | d <e>", "../../Escape", "ÜÜÜÜÜ"):
        assert f"heading '{heading}" in run.output, heading
    titles = editor.titles_under(source)
    assert f"{source}/A (b) (c) - d (e)/1" in titles
    assert f"{source}/..-..-Escape/1" in titles
    long = next(t for t in titles if "Ü" in t)
    assert len(long.removeprefix("User:").replace("/1", "/99999").encode()) in (254, 255)
    params = status_call_params(editor.text(f"{source}/A (b) (c) - d (e)/1") or "")
    assert params["group"] == "A [b] {c} | d <e>"
    again = sync(source, tmp_path)
    assert (again.exit_code, again.edits) == (0, 0), again.output  # said once


def test_two_groups_that_would_share_a_title_get_one_each(editor: Editor, tmp_path: Path) -> None:
    source = "User:Editor/Colliding groups"
    editor.save(source, "== Tools/Data ==\n* One\n== Tools-Data ==\n* Two\n")

    run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors
    assert (
        "heading 'Tools-Data' would have the title of heading 'Tools/Data' ('Tools-Data'): "
        "its title is 'Tools-Data (2)'"
    ) in run.output
    assert editor.titles_under(source) == [
        f"{source}/Index", f"{source}/Tools-Data (2)/1", f"{source}/Tools-Data/1"
    ]  # fmt: skip
    assert status_call_params(editor.text(f"{source}/Tools-Data (2)/1") or "")["text"] == "Two"


def test_the_bot_writes_only_below_its_prefix_and_its_index(synced: str, editor: Editor) -> None:
    bot_edits = [rc for rc in editor.recent_changes() if rc["user"] == "RecsyncBot"]
    hostile = [rc["title"] for rc in bot_edits if "Hostile" in rc["title"]]

    assert hostile
    assert all(title.startswith(f"{synced}/") for title in hostile)

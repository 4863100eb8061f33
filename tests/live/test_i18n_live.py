"""Every reader in their own language (issue 20, point 1), on a real MediaWiki.

A source with two groups is synced, then one item leaves it (so the box shows its
notice and the index its retired table).  The same subpage and index are then read as a
German, a French, a Spanish and an Arabic reader would, through ``uselang=`` as on
Meta-Wiki (``{{int:lang}}`` reads ``MediaWiki:Lang/xx``, which the local wiki has as
Meta has them), and by readers whose language has no translation.  The words are
compared with templates/i18n.json, the one file they come from.  What Chromium shows of
the Arabic pages (right to left) is measured at the end.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from cli_runs import install_templates, sync
from devtools import Browser, chromium
from harness import TEST_URL, Editor, LiveWiki, _devwiki_module
from test_dashboard import Rendered

from recsync.messages import load, render_template

pytestmark = pytest.mark.live

CATALOGUE = load()
SOURCE = "User:Editor/Sprachen"
SUBPAGE = f"{SOURCE}/Advocacy/1"
RETIRED = f"{SOURCE}/Diversity/2"
INDEX = f"{SOURCE}/Index"
SOURCE_TEXT = """== Advocacy ==
* Create an advocacy hub
* Protect advocates with clearly defined safety measures
* Enable advocates to collaborate internationally with partners

== Diversity ==
* Planned community diversification
* Reflective policies for participation and governance
* Remove barriers for newcomers
"""
#: What MediaWiki shows when a message is missing; a reader must never see it.
MISSING = "⧼"


#: The statuses' message keys (``status-<key>``), "not set" too.
STATUS_KEYS = (
    "proposed",
    "under-discussion",
    "adopted",
    "in-progress",
    "implemented",
    "declined",
    "not-set",
)


def word(key: str, language: str, *args: str) -> str:
    """The text of ``key`` for a reader of ``language``, parameters filled in, as read."""
    text = CATALOGUE.text(key, language)
    text = re.sub(r"\[\[\$\d\|(.*?)\]\]", r"\1", text)  # a link reads as its label
    for number, arg in enumerate(args, 1):
        text = text.replace(f"${number}", arg)
    return plain(text.replace("'''", ""))


def plain(text: str) -> str:
    """A cell as a reader reads it: soft hyphens unseen, spaces folded."""
    return " ".join(text.replace("\u00ad", "").replace("\u00a0", " ").split())


@dataclass
class Pages:
    first_revision: int  # of the source: what the unchanged items' boxes name
    source_revision: int  # the latest, which the index names
    tmp: Path


@pytest.fixture(scope="module")
def pages(live_wiki: LiveWiki, tmp_path_factory: pytest.TempPathFactory) -> Pages:
    code, output = install_templates()
    assert code == 0, output
    editor = live_wiki.editor()
    editor.save(SOURCE, SOURCE_TEXT, "a source for the readers' languages")
    tmp = tmp_path_factory.mktemp("i18n")
    assert sync(SOURCE, tmp).exit_code == 0
    first = editor.revision(SOURCE)
    editor.save(SOURCE, SOURCE_TEXT.replace("* Reflective policies", "<!-- gone -->"), "one out")
    run = sync(SOURCE, tmp)
    assert run.exit_code == 0, run.output + run.errors
    return Pages(first, editor.revision(SOURCE), tmp)


def parse(editor: Editor, title: str, language: str | None) -> dict[str, Any]:
    """The page as a reader of ``language`` gets it (no ``uselang``: the wiki's default)."""
    params = {"action": "parse", "page": title, "prop": "text|categories"}
    if language is not None:
        params["uselang"] = language
    return dict(editor.api(**params)["parse"])


def box(editor: Editor, title: str, language: str | None) -> dict[str, str]:
    """The status box: caption and each row's label -> its cell, as read."""
    text = parse(editor, title, language)["text"]
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", text, re.S)
    assert caption, text
    table = next(t for t in Rendered(text).tables if "recommendation-status" in t.css_class)
    rows = {plain(row[0]): plain(row[1]) for row in table.rows if len(row) == 2}
    notice = [plain(row[0]) for row in table.rows if len(row) == 1]
    return {
        "caption": plain(html.unescape(re.sub(r"<[^>]+>", "", caption.group(1)))),
        **rows,
        **({"notice": notice[0]} if notice else {}),
    }


# --- the local wiki knows the reader's language as Meta does ------------------------------


def test_the_wiki_has_meta_s_lang_pages(pages: Pages, editor: Editor) -> None:
    titles = ["MediaWiki:Lang", "MediaWiki:Lang/de", "MediaWiki:Lang/ar", "MediaWiki:Lang/ja"]

    texts = {title: editor.text(title) for title in titles}

    assert texts == {titles[0]: "en", titles[1]: "de", titles[2]: "ar", titles[3]: "ja"}


def test_the_fallbacks_of_the_file_are_mediawikis(pages: Pages, editor: Editor) -> None:
    """Each language the file sends to another falls back to it in MediaWiki too."""
    shipped = set(CATALOGUE.directions)
    info: dict[str, Any] = {}
    params: dict[str, str] = {"meta": "languageinfo", "liprop": "fallbacks", "licode": "*"}
    while True:
        answer = editor.api(action="query", **params)
        info.update(answer["query"]["languageinfo"])
        if "continue" not in answer:
            break
        params.update(answer["continue"])

    def before_english(chain: list[str]) -> list[str]:
        return chain[: chain.index("en")] if "en" in chain else chain

    chains = {code: before_english(about["fallbacks"]) for code, about in info.items()}
    wanted = {
        code: chain
        for code, chain in chains.items()
        if code not in shipped and any(f in shipped for f in chain)
    }
    assert {code: list(chain) for code, chain in CATALOGUE.fallbacks.items()} == wanted


# --- the box ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "fr", "es", "ar"])
def test_the_box_speaks_the_readers_language(pages: Pages, editor: Editor, language: str) -> None:
    shown = box(editor, SUBPAGE, language)

    revision = str(pages.first_revision)
    assert shown == {
        "caption": word("box-caption", language, "Advocacy/1"),
        word("box-status", language): word("status-proposed", language),
        word("box-group", language): "Advocacy " + plain(word("box-number", language, "1")),
        word("box-recommendation", language): "Create an advocacy hub",
        word("box-source", language): f"{SOURCE} "
        + word("box-source-revision", language, "", revision).strip(),
    }


def test_a_german_reader_sees_german_words(pages: Pages, editor: Editor) -> None:
    shown = box(editor, SUBPAGE, "de")

    assert shown["caption"] == "Empfehlung Advocacy/1"
    assert shown["Status"] == "Vorgeschlagen"
    assert shown["Gruppe"] == "Advocacy (Nr. 1)"
    assert shown["Quelle"].endswith(f"(Stand: Version {pages.first_revision})")


def test_the_notice_of_a_retired_item_is_in_the_readers_language(
    pages: Pages, editor: Editor
) -> None:
    notice = box(editor, RETIRED, "de")["notice"]

    assert notice == " ".join(
        [word("box-retired", "de"), word("box-retired-kept", "de"), word("box-retired-last", "de")]
    )
    assert notice.startswith("Diese Empfehlung steht nicht mehr auf der Quellseite.")


def test_the_subpages_note_and_discussion_are_in_the_readers_language(
    pages: Pages, editor: Editor
) -> None:
    text = parse(editor, SUBPAGE, "fr")["text"]
    page = Rendered(text)
    shown = plain(html.unescape(re.sub(r"<[^>]+>", "", text)))

    assert page.outline[-1] == "== Discussion"  # French too
    assert word("subpage-note", "fr", SOURCE, INDEX) in shown
    assert "Merci de signer avec ~~~~." in shown
    es = Rendered(parse(editor, SUBPAGE, "es")["text"])
    assert es.outline[-1] == "== Discusión"


@pytest.mark.parametrize("language", [None, "en", "xx-unknown", "ja", "he"])
def test_a_reader_without_a_translation_sees_english(
    pages: Pages, editor: Editor, language: str | None
) -> None:
    text = parse(editor, SUBPAGE, language)["text"]
    shown = box(editor, SUBPAGE, language)

    assert shown["caption"] == "Recommendation Advocacy/1"
    assert shown["Status"] == "Proposed"
    assert MISSING not in text and "no message" not in text
    assert 'lang="en" dir="ltr"' in text
    assert all(label and value for label, value in shown.items())


@pytest.mark.parametrize(("language", "shown_as"), [("de-formal", "de"), ("bar", "de"),
                                                    ("de-at", "de"), ("arz", "ar"),
                                                    ("ast", "es"), ("wa", "fr")])  # fmt: skip
def test_a_language_reads_the_language_mediawiki_falls_back_to(
    pages: Pages, editor: Editor, language: str, shown_as: str
) -> None:
    text = parse(editor, SUBPAGE, language)["text"]

    assert box(editor, SUBPAGE, language)["caption"] == word("box-caption", shown_as, "Advocacy/1")
    direction = CATALOGUE.direction(shown_as)
    assert f'lang="{shown_as}" dir="{direction}"' in text


def test_categories_are_the_same_for_every_reader(pages: Pages, editor: Editor) -> None:
    def categories(language: str | None) -> set[str]:
        return {c["category"] for c in parse(editor, SUBPAGE, language)["categories"]}

    assert categories("de") == categories("ar") == categories(None)
    assert categories(None) == {"Recommendations", "Recommendations_–_proposed"}


# --- the index -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "fr", "es", "ar", None])
def test_the_index_speaks_the_readers_language(
    pages: Pages, editor: Editor, language: str | None
) -> None:
    lang = language or "en"
    page = Rendered(parse(editor, INDEX, language)["text"])

    assert page.outline == [
        "table recsync-summary",  # before the first heading: the contents come after it
        "== Advocacy",
        "table recsync-items",
        "== Diversity",
        "table recsync-items",
        f"== {word('index-retired', lang)}",
        "table recsync-items",
    ]
    summary = page.tables[0].rows
    statuses = ["proposed", "under-discussion", "adopted", "in-progress", "implemented"]
    assert [plain(cell) for cell in summary[0]] == [
        word("index-group", lang),
        word("index-progress", lang),
        *[word(f"status-{s}", lang) for s in [*statuses, "declined"]],
        word("index-other", lang),
        word("index-total", lang),
    ]
    assert plain(summary[-1][0]) == word("index-total", lang)
    items, retired = page.tables[1].rows, page.tables[3].rows
    number = word("index-number", lang)
    side_by_side = f"{word('index-recommendation', lang)} {word('index-status-since', lang)}"
    assert [plain(cell) for cell in items[0]] == [number, side_by_side]
    assert [plain(cell) for cell in retired[0]] == [number, word("index-group", lang), side_by_side]
    assert word("status-proposed", lang) in plain(items[1][1])
    on_source = word("index-on-source-page", lang, "Advocacy")
    assert (f"/index.php/{SOURCE.replace(' ', '_')}#Advocacy", on_source) in page.links


def test_the_index_says_how_many_from_which_revision_in_german(
    pages: Pages, editor: Editor
) -> None:
    text = parse(editor, INDEX, "de")["text"]
    first = plain(html.unescape(re.sub(r"<[^>]+>", "", text.split("<h2")[0])))

    source = pages.source_revision
    assert first.startswith(f"5 Empfehlungen aus Version {source} von {SOURCE}. Dieser Abschnitt")


def test_an_unknown_language_reads_the_index_in_english(pages: Pages, editor: Editor) -> None:
    text = parse(editor, INDEX, "xx-unknown")["text"]

    assert Rendered(text).outline[0] == "table recsync-summary"
    assert word("index-caption", "en") in text
    assert MISSING not in text and "no message" not in text


# --- the words live on the wiki: no page is written again for them ---------------------------


def page_view(title: str, language: str | None) -> str:
    """The page's HTML as an anonymous reader's browser gets it (parser cache and all)."""
    query = f"?title={quote(title.replace(' ', '_'))}" + (
        f"&uselang={language}" if language else ""
    )
    response = requests.get(f"{TEST_URL}/index.php{query}", timeout=30)
    response.raise_for_status()
    return response.text


def test_the_parser_cache_keeps_one_rendering_per_language(pages: Pages) -> None:
    views = [page_view(SUBPAGE, lang) for lang in ("de", None, "de", "ar", None)]

    def found(pattern: str, view: str) -> str:
        match = re.search(pattern, view)
        assert match, pattern
        return match.group(1).strip()

    captions = [found(r"<caption[^>]*>([^<]*)<bdi>", view) for view in views]
    assert captions == ["Empfehlung", "Recommendation", "Empfehlung", "التوصية", "Recommendation"]
    keys = [found(r"parser cache with key (\S+)", view) for view in views]
    assert keys[0] == keys[2] != keys[1] == keys[4] != keys[3]  # one cached copy per language
    assert keys[0].endswith("userlang=de") and keys[3].endswith("userlang=ar")


def run_jobs(live_wiki: LiveWiki) -> None:
    """What the job queue does on Meta after a template edit (the test wiki runs none)."""
    devwiki = _devwiki_module()
    devwiki.run_maintenance("runJobs.php", [], live_wiki.dir / "LocalSettings.php")


def test_a_new_translation_reaches_the_pages_without_an_edit_of_them(
    pages: Pages, live_wiki: LiveWiki, editor: Editor, tmp_path: Path
) -> None:
    """A template of its own: the shared one stays the bot's for the other tests."""
    template = "Template:Status for translators"
    source = "User:Editor/Translators"
    options = ("--template", template)
    assert install_templates(*options)[0] == 0
    editor.save(source, SOURCE_TEXT, "a source for a new translation")
    assert sync(source, tmp_path, *options).exit_code == 0
    assert plain(box(editor, f"{source}/Advocacy/1", "fr")["caption"]).startswith("Recommandation")
    last = editor.last_rcid()

    # A translator's better French, as the next install-templates would save it.
    data = json.loads((Path(__file__).parents[2] / "templates" / "i18n.json").read_text())
    data["messages"]["box-caption"]["fr"] = "Fiche de la recommandation $1"
    words = render_template(template, load(json.dumps(data)))
    # MediaWiki dates a page's cached rendering and its invalidation to the second: a save
    # in the same second as the rendering above would leave that rendering valid.
    time.sleep(1.1)
    live_wiki.admin().save(f"{template}/i18n", words, "better French")
    run_jobs(live_wiki)

    assert box(editor, f"{source}/Advocacy/1", "fr")["caption"] == (
        "Fiche de la recommandation Advocacy/1"
    )
    assert "Fiche de la recommandation" not in page_view(f"{source}/Advocacy/1", None)
    changed = {rc["title"] for rc in editor.recent_changes(since_id=last)}
    assert changed == {f"{template}/i18n"}  # no subpage, no index written again


def test_a_translators_markup_shows_as_written(
    pages: Pages, live_wiki: LiveWiki, editor: Editor
) -> None:
    template = "Template:Hostile translations"
    hostile = "}} | x = {{Delete}} [[Category:Hijack]] ~~~~ __NOTOC__ <b>b</b> !! =="
    data = json.loads((Path(__file__).parents[2] / "templates" / "i18n.json").read_text())
    data["messages"]["box-status"]["de"] = hostile
    live_wiki.admin().save(f"{template}/i18n", render_template(template, load(json.dumps(data))))

    rendered = editor.api(
        "POST", action="parse", title="User:Editor/Hostile", contentmodel="wikitext",
        text="[{{Hostile translations/i18n|box-status}}] [{{Hostile translations/i18n|box-group}}]",
        uselang="de", prop="text|categories|templates",
    )["parse"]  # fmt: skip

    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered["text"])).strip()
    assert shown.startswith(f"[{hostile}] [Gruppe]")
    assert rendered["categories"] == []
    assert [t["title"] for t in rendered["templates"]] == [f"{template}/i18n"]
    assert "Admin" not in shown  # the ~~~~ was not signed when the page was saved


# --- what Chromium shows: right to left ---------------------------------------------------------

#: Where each part of the box sits, and in which direction Chromium lays it out.
MEASURE_BOX = """JSON.stringify((() => {
  const box = document.querySelector('.recommendation-status');
  const rows = [...box.rows].filter(r => r.cells.length === 2).map(r => ({
    label: r.cells[0].textContent.trim(), labelX: r.cells[0].getBoundingClientRect().x,
    valueX: r.cells[1].getBoundingClientRect().x,
    valueDir: getComputedStyle(r.cells[1]).direction,
    align: getComputedStyle(r.cells[0]).textAlign}));
  const badge = box.querySelector('.recsync-badge');
  const caption = document.createRange();
  caption.selectNodeContents(box.querySelector('caption'));
  return {dir: getComputedStyle(box).direction, lang: box.lang, rows,
          badge: badge.textContent.trim(), badgeDir: getComputedStyle(badge).direction,
          badgeWidth: badge.getBoundingClientRect().width,
          captionAlign: getComputedStyle(box.querySelector('caption')).textAlign,
          captionRight: caption.getBoundingClientRect().right,
          boxRight: box.getBoundingClientRect().right};
})())"""

MEASURE_INDEX = """JSON.stringify((() => {
  const section = document.querySelector('.recsync-index');
  const tables = [...section.querySelectorAll('table')].map(t => [...t.rows[0].cells].map(c => ({
    text: c.textContent.trim(), x: c.getBoundingClientRect().x})));
  return {dir: getComputedStyle(section).direction, lang: section.lang, tables,
          badges: [...section.querySelectorAll('.recsync-badge')].map(b => b.textContent.trim())};
})())"""


def page_url(title: str, language: str) -> str:
    return f"{TEST_URL}/index.php?title={quote(title.replace(' ', '_'))}&uselang={language}"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with chromium(tmp_path_factory.mktemp("chromium")) as running:
        yield running


def measured(browser: Browser, title: str, language: str, script: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(browser.open(page_url(title, language)).evaluate(script))
    return shown


def test_chromium_lays_the_arabic_box_out_right_to_left(pages: Pages, browser: Browser) -> None:
    shown = measured(browser, SUBPAGE, "ar", MEASURE_BOX)

    assert (shown["dir"], shown["lang"]) == ("rtl", "ar")
    assert [row["label"] for row in shown["rows"]] == [
        word(k, "ar") for k in ("box-status", "box-group", "box-recommendation", "box-source")
    ]
    for row in shown["rows"]:
        assert row["labelX"] > row["valueX"], row  # the label on the right, its value left of it
        assert row["align"] == "start", row
    assert shown["captionAlign"] == "start"
    assert abs(shown["captionRight"] - shown["boxRight"]) < 20  # the caption starts at the right
    assert shown["badge"] == word("status-proposed", "ar") and shown["badgeDir"] == "rtl"
    assert shown["badgeWidth"] > 20
    text = next(row for row in shown["rows"] if row["label"] == word("box-recommendation", "ar"))
    assert text["valueDir"] == "ltr"  # the English text of the source reads left to right


def test_chromium_lays_the_german_box_out_left_to_right(pages: Pages, browser: Browser) -> None:
    shown = measured(browser, SUBPAGE, "de", MEASURE_BOX)

    assert (shown["dir"], shown["lang"]) == ("ltr", "de")
    assert [plain(row["label"]) for row in shown["rows"]] == [
        "Status",
        "Gruppe",
        "Empfehlung",
        "Quelle",
    ]
    assert all(row["labelX"] < row["valueX"] for row in shown["rows"])
    assert plain(shown["badge"]) == "Vorgeschlagen"


def test_chromium_lays_the_arabic_index_out_right_to_left(pages: Pages, browser: Browser) -> None:
    shown = measured(browser, INDEX, "ar", MEASURE_INDEX)

    assert (shown["dir"], shown["lang"]) == ("rtl", "ar")
    for table in shown["tables"]:
        xs = [cell["x"] for cell in table]
        assert xs == sorted(xs, reverse=True), table  # the first column is the rightmost
    assert shown["tables"][1][0]["text"] == word("index-number", "ar")
    arabic = {word(f"status-{s}", "ar") for s in STATUS_KEYS}
    assert word("status-proposed", "ar") in shown["badges"]  # the rows' badges and the key's
    assert set(shown["badges"]) <= arabic


def test_chromium_shows_the_index_in_english_without_a_language(
    pages: Pages, browser: Browser
) -> None:
    shown = measured(browser, INDEX, "en", MEASURE_INDEX)

    assert (shown["dir"], shown["lang"]) == ("ltr", "en")
    number, side_by_side = (cell["text"] for cell in shown["tables"][1])
    assert number == "No."
    assert "Recommendation" in side_by_side and side_by_side.endswith("Status, since")
    xs = [cell["x"] for cell in shown["tables"][1]]
    assert xs == sorted(xs)

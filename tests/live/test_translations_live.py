"""Translations of the source (issue 20, point 3) on a real MediaWiki.

The local wiki has no Translate extension: the test writes what Translate would keep,
as plain pages, in Translate's namespace (1198, "Translations", as on Meta-Wiki): a
unit page ``Translations:<source>/<n>/fr`` per translated unit, one of them outdated
(``!!FUZZY!!``), and the translation page ``<source>/fr``, which holds the markers here
and gives the one unit that has no unit page.  ``MediaWiki:Lang`` and ``MediaWiki:Lang/fr``
are written as Meta has them, so that ``{{int:lang}}`` says the reader's language.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from cli_runs import Run, install_templates, status_call_params, sync
from harness import Editor

pytestmark = pytest.mark.live

SOURCE_TEXT = """<languages/>
<translate>
<!--T:1-->
Working groups' drafts, rephrased.

== Advocacy == <!--T:2-->

<!--T:3-->
* Create an advocacy hub

<!--T:4-->
* Protect advocates with <tvar name="1">[[Special:MyLanguage/Safety|safety measures]]</tvar>

<!--T:5-->
* Enable advocates to collaborate internationally with partners

== Diversity == <!--T:6-->

<!--T:7-->
* Planned community diversification

<!--T:8-->
* Reflective policies for participation and governance
</translate>
"""
FRENCH = {
    "3": "* Créer un centre de plaidoyer",
    "4": "* Protéger les défenseurs par des mesures : $1",
    "5": "!!FUZZY!!* Permettre aux défenseurs de collaborer",
    "7": "* Diversification planifiée de la communauté",
}
#: The translation page: what Translate serves, with the markers; unit 8 only here.
FRENCH_PAGE = """<languages/>
<!--T:1-->
Brouillons des groupes de travail.

== Plaidoyer == <!--T:2-->

<!--T:3-->
* Créer un centre de plaidoyer

<!--T:6-->
== Diversité ==

<!--T:8-->
* Des politiques réfléchies pour la participation
"""
#: English text -> what its subpage says in French (as a reader sees it: a link's label).
EXPECTED = {
    "Create an advocacy hub": ("Créer un centre de plaidoyer", ""),
    "Protect advocates with safety measures": (
        "Protéger les défenseurs par des mesures : safety measures",
        "",
    ),
    "Enable advocates to collaborate internationally with partners": (
        "",
        "Permettre aux défenseurs de collaborer",
    ),
    "Planned community diversification": ("Diversification planifiée de la communauté", ""),
    "Reflective policies for participation and governance": (
        "Des politiques réfléchies pour la participation",
        "",
    ),
}


@pytest.fixture(scope="module")
def installed(live_wiki: object) -> None:
    code, output = install_templates()
    assert code == 0, output


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor, admin: Editor, installed: None) -> str:
    """A translated source of this test's own, as Translate would leave it."""
    title = "User:Editor/" + request.node.name.replace("_", " ")
    admin.save("MediaWiki:Lang", "en", "Meta's {{int:lang}}")
    admin.save("MediaWiki:Lang/fr", "fr", "Meta's {{int:lang}}")
    editor.save(title, SOURCE_TEXT, "a translatable source")
    for unit, text in FRENCH.items():
        editor.save(f"Translations:{title}/{unit}/fr", text, "a translation")
    editor.save(f"{title}/fr", FRENCH_PAGE, "the translation page, as Translate serves it")
    return title


def subpages(editor: Editor, source: str) -> dict[str, dict[str, str]]:
    """Each subpage's call, by its title."""
    return {
        title: status_call_params(editor.text(title) or "")
        for title in editor.titles_under(source)
        if re.search(r"/\d+$", title)
    }


def french_by_text(editor: Editor, source: str) -> dict[str, tuple[str, str]]:
    return {
        call["text"]: (call.get("text_fr", ""), call.get("outdated_fr", ""))
        for call in subpages(editor, source).values()
    }


def job_requests(run: Run) -> tuple[int, int]:
    found = re.search(r"(\d+) requests? \((\d+) reads?, (\d+) writes?\)", run.output)
    assert found, run.output
    return int(found.group(2)), int(found.group(3))


def shown(editor: Editor, title: str, language: str) -> str:
    """The page's HTML as a reader with that interface language gets it, as text."""
    data = editor.api(action="parse", page=title, prop="text", uselang=language)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", data["parse"]["text"])).split())


def test_a_french_translation_reaches_every_item_it_translates(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == 6
    assert french_by_text(editor, source) == EXPECTED
    calls = subpages(editor, source)
    assert calls[f"{source}/Advocacy/3"]["translations"] == "fr"
    assert "text_fr" not in calls[f"{source}/Advocacy/3"]  # outdated: never shown as current
    index = editor.text(f"{source}/Index") or ""
    counted = "{{Recommendation status/i18n|index-n-of-m|4|5}}"
    assert f"| [[{source}/fr|{{{{#language:fr}}}}]] (fr) || {counted} || 1" in index


def test_the_translation_follows_its_item_when_the_source_is_reordered(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    pages = {call["text"]: title for title, call in subpages(editor, source).items()}
    units = re.findall(r"<!--T:[345]-->\n\* [^\n]+\n", SOURCE_TEXT)
    reordered = SOURCE_TEXT
    for unit in units:
        reordered = reordered.replace(unit + "\n", "")
    # Advocacy's items come back in the other order, one of them under Diversity.
    reordered = reordered.replace("== Diversity == <!--T:6-->\n\n", "".join(
        f"{unit}\n" for unit in (units[2], units[1])
    ) + "== Diversity == <!--T:6-->\n\n" + units[0] + "\n")  # fmt: skip
    editor.save(source, reordered, "reordered, one item moved to Diversity")

    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == 0
    after = {call["text"]: title for title, call in subpages(editor, source).items()}
    assert after == pages  # every item kept its page
    assert french_by_text(editor, source) == EXPECTED
    moved_text = editor.text(pages["Create an advocacy hub"]) or ""
    assert "| text_fr = Créer un centre de plaidoyer\n" in moved_text
    linked = editor.text(pages["Protect advocates with safety measures"]) or ""
    assert "[[Special:MyLanguage/Safety|safety measures]]\n" in linked
    moved = status_call_params(moved_text)
    assert moved["group"] == "Diversity"
    assert moved["text_fr"] == "Créer un centre de plaidoyer"


def test_a_reader_with_uselang_fr_sees_french_and_the_others_english(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    pages = {call["text"]: title for title, call in subpages(editor, source).items()}
    translated = pages["Create an advocacy hub"]
    outdated = pages["Enable advocates to collaborate internationally with partners"]

    french = shown(editor, translated, "fr")
    english = shown(editor, translated, "en")
    german = shown(editor, translated, "de")  # no MediaWiki:Lang/de: {{int:lang}} says en
    french_outdated = shown(editor, outdated, "fr")

    assert "Créer un centre de plaidoyer" in french
    # in French: a translation from English, and a link to translate it.  {{#language:en|fr}}
    # names English in French where the wiki has the CLDR extension (Meta), else as English.
    assert re.search(r"Traduit de l’original en (anglais|English)\. · Aider à traduire", french)
    assert "Create an advocacy hub" not in french
    assert "Create an advocacy hub" in english and "Créer" not in english
    assert "Create an advocacy hub" in german and "Créer" not in german
    assert "Enable advocates to collaborate internationally with partners" in french_outdated
    assert (
        "Cette traduction n’est plus à jour : l’original a changé depuis. "
        "Permettre aux défenseurs de collaborer"
    ) in french_outdated
    page = editor.api(action="parse", page=translated, prop="text", uselang="fr")
    links = re.findall(r'href="([^"]*Special:Translate[^"]*)"', page["parse"]["text"])
    assert links and all("language=fr" in html.unescape(link) for link in links)


def test_a_no_op_run_with_translations_makes_no_edit_and_one_read_more(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    plain = source + " untranslated"
    editor.save(plain, SOURCE_TEXT, "the same source, not translated")
    sync(source, tmp_path)
    sync(plain, tmp_path)
    last = editor.last_rcid()

    translated_again = sync(source, tmp_path)
    plain_again = sync(plain, tmp_path)

    assert translated_again.exit_code == 0 and translated_again.edits == 0
    assert editor.recent_changes(since_id=last) == []
    assert job_requests(plain_again) == (1, 0)  # the tree: no translation page, no more
    assert job_requests(translated_again) == (2, 0)  # the tree and one batch of unit pages


def test_a_changed_translation_edits_only_the_page_it_affects(
    editor: Editor, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    editor.save(f"Translations:{source}/7/fr", "* Une diversification planifiée", "reworded")
    last = editor.last_rcid()

    run = sync(source, tmp_path)

    assert run.exit_code == 0, run.output + run.errors
    changes = editor.recent_changes(since_id=last)
    assert [c["title"] for c in changes] == [f"{source}/Diversity/1"]
    assert changes[0]["comment"].startswith(
        "recsync: translations of Diversity no. 1 updated (fr updated), as of "
    )
    call = status_call_params(editor.text(f"{source}/Diversity/1") or "")
    assert call["text_fr"] == "Une diversification planifiée"

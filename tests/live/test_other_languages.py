"""Wikis that are not in English, and pages in other languages, on real MediaWikis.

A German wiki (``scripts/devwiki start --lang de``: ``$wgLanguageCode = 'de'``) is
started for this module on ``RECSYNC_TEST_PORT + 22`` and recsync runs against it as a
maintainer runs it there, in a process of its own with that wiki's pywikibot dir:
its namespaces are ``Benutzer:``, ``Datei:``, ``Kategorie:``.  The same list on the
session's English wiki is the measure of "as it does in English".  Translators' pages
below the bot's (``…/Advocacy/3/de``) are tested on the English wiki, where Meta's are.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_runs import Run, status_call_params, sync
from harness import TEST_PORT, Editor, devwiki
from wikis import GERMAN

from recsync import __version__
from recsync.config import JobConfig
from recsync.index import read_rows
from recsync.namespaces import ENGLISH

pytestmark = pytest.mark.live

GERMAN_PORT = TEST_PORT + 22  # +20: test_devwiki, +21: test_demo_live
GERMAN_API = f"http://127.0.0.1:{GERMAN_PORT}/api.php"


@dataclass
class GermanWiki:
    dir: Path
    editor: Editor
    admin: Editor

    def recsync(self, tmp_path: Path, *args: str) -> tuple[Run, dict[str, Any]]:
        """``python -m recsync ARGS -always`` against this wiki; the run and its plan."""
        summary, report = tmp_path / "summary.json", tmp_path / "plan.json"
        for path in (summary, report):
            path.unlink(missing_ok=True)
        extra = ["--summary-json", str(summary), "--report", str(report)]
        done = subprocess.run(
            [sys.executable, "-m", "recsync", *args, "-always", *extra[: 4 * (args[0] == "sync")]],
            capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False,
            env={**os.environ, "PYWIKIBOT_DIR": str(self.dir / "pywikibot")},
        )  # fmt: skip
        counts = json.loads(summary.read_text()) if summary.exists() else {}
        plan = json.loads(report.read_text()) if report.exists() else {}
        return Run(done.returncode, counts, done.stdout, done.stderr), plan


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GermanWiki]:
    wiki_dir = tmp_path_factory.mktemp("wiki-de")
    started = devwiki("start", "--dir", str(wiki_dir), "--port", str(GERMAN_PORT), "--lang", "de")
    try:
        assert started.returncode == 0, started.stderr
        accounts = json.loads((wiki_dir / "accounts.json").read_text(encoding="utf-8"))
        editor = Editor.login(
            accounts["editor"]["user"], accounts["editor"]["password"], GERMAN_API
        )
        admin = Editor.login(accounts["admin"]["user"], accounts["admin"]["password"], GERMAN_API)
        yield GermanWiki(wiki_dir, editor, admin)
    finally:
        devwiki("stop", "--dir", str(wiki_dir))


def raw_text(editor: Editor, title: str) -> str:
    """The ``text`` parameter of a subpage's status call, markup and all."""
    from recsync.subpage import read_call

    call = read_call(editor.text(title) or "", "Recommendation status")
    assert call is not None, title
    return call.raw["text"]


def subpage_titles(editor: Editor, source: str) -> list[str]:
    """The pages below a source in the user namespace (``Benutzer:`` here), but the index."""
    name = source.partition(":")[2]
    data = editor.api(
        action="query", list="allpages", apprefix=name + "/", apnamespace=2, aplimit="max"
    )
    titles = sorted(p["title"] for p in data["query"]["allpages"])
    return [t for t in titles if not t.endswith("/Index")]


# --- the wiki's namespaces ----------------------------------------------------------------


def test_the_wiki_names_its_namespaces_as_the_pure_tests_say(german: GermanWiki) -> None:
    script = (
        "import json; from recsync.wiki import Wiki; w = Wiki.connect(login=False); "
        "print(json.dumps([[s.id, s.name, s.canonical, list(s.aliases)] "
        "for s in w.namespaces.spaces]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYWIKIBOT_DIR": str(german.dir / "pywikibot")},
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout.splitlines()[-1])
    wanted = [[s.id, s.name, s.canonical, list(s.aliases)] for s in GERMAN.spaces]
    assert read == wanted


def test_install_templates_twice_on_a_german_wiki_changes_nothing_the_second_time(
    german: GermanWiki, tmp_path: Path
) -> None:
    first, _ = german.recsync(tmp_path, "install-templates")
    again, _ = german.recsync(tmp_path, "install-templates")

    assert first.exit_code == 0, first.output + first.errors
    assert "created   [[Kategorie:Recommendations]]" in first.output
    assert again.exit_code == 0, again.output + again.errors
    assert "0 created, 0 updated" in again.output and "14 unchanged" in again.output


# --- links and counts as in English -------------------------------------------------------

ENGLISH_LIST = """Drafts of the working groups.

== Advocacy ==
* A [[User:Editor|network]] for advocates [[Category:Strategy]]
* Guidelines [[File:Logo.svg|thumb|Logo]] with a [[:Category:Strategy|category]]<ref>Report \
[[Category:Reports]]</ref>
* Help on [[Help:Links|links]] [[Image:Map.png]] [[Media:Sound.ogg]]

== Diversity ==
* Reflective policies [[Category:Strategy|sort key]]
"""
IN_GERMAN = {"User:": "Benutzer:", "Category:": "Kategorie:", "File:": "Datei:",
             "Help:": "Hilfe:", "Image:": "Bild:", "Media:": "Medium:"}  # fmt: skip


def in_german(text: str) -> str:
    for english, german in IN_GERMAN.items():
        text = text.replace(english, german)
    return text


def test_a_sync_on_a_german_wiki_links_and_counts_as_it_does_in_english(
    german: GermanWiki, editor: Editor, tmp_path: Path
) -> None:
    english_source, german_source = "User:Editor/Like English", "Benutzer:Editor/Wie Englisch"
    editor.save(english_source, ENGLISH_LIST)
    german.editor.save(german_source, in_german(ENGLISH_LIST))

    english = sync(english_source, tmp_path)
    run, _ = german.recsync(tmp_path, "sync", "--source", german_source)

    assert english.exit_code == 0 and run.exit_code == 0, run.output + run.errors
    assert run.counts["created"] == english.counts["created"] == 5  # 4 subpages, the index
    ids = ["Advocacy/1", "Advocacy/2", "Advocacy/3", "Diversity/1"]
    for page_id in ids:
        theirs = raw_text(editor, f"{english_source}/{page_id}")
        assert raw_text(german.editor, f"{german_source}/{page_id}") == in_german(theirs), page_id
    assert raw_text(german.editor, f"{german_source}/Advocacy/1") == (
        "A [[Benutzer:Editor|network]] for advocates"
    )
    assert raw_text(german.editor, f"{german_source}/Advocacy/2") == (
        "Guidelines with a [[:Kategorie:Strategy|category]]<ref>Report</ref>"
    )
    assert raw_text(german.editor, f"{german_source}/Advocacy/3") == "Help on [[Hilfe:Links|links]]"
    for page_id in ids:  # no category, file or media of the source reached a subpage
        parsed = german.editor.parsed(f"{german_source}/{page_id}")
        assert {c["category"] for c in parsed["categories"]} <= {
            "Recommendations", "Recommendations_–_proposed"
        }, page_id  # fmt: skip
        assert not parsed["images"] if "images" in parsed else True
        assert "Logo.svg" not in parsed["text"] and "Map.png" not in parsed["text"]
    index = german.editor.text(f"{german_source}/Index") or ""
    assert index.count(f"[[{german_source}/") == 4
    theirs = editor.text(f"{english_source}/Index") or ""
    assert _summary(index) == _summary(theirs)  # the same counts, shares and bars

    again, _ = german.recsync(tmp_path, "sync", "--source", german_source)
    assert (again.exit_code, again.edits) == (0, 0), again.output + again.errors


def _summary(index: str) -> str:
    """The index's summary (the key, the table of counts, shares and bars), which names no
    page: what comes before the first heading of the bot's section."""
    before = index.split("<!-- recsync:begin -->", 1)[1].split("\n== ", 1)[0]
    return "\n".join(line for line in before.splitlines() if "|index-intro|" not in line)


def test_a_maintainer_names_pages_in_the_wikis_language(german: GermanWiki, tmp_path: Path) -> None:
    source = "Benutzer:Editor/Auf Deutsch"
    german.editor.save(source, "== Fürsprache ==\n* Ein Netzwerk für Fürsprecher\n")
    job = ["--source", source, "--template", "Vorlage:Recommendation status"]

    preview, _ = german.recsync(
        tmp_path, "sync", *job, "--preview-page", "Benutzer:RecsyncBot/Vorschau"
    )
    run, _ = german.recsync(tmp_path, "sync", *job)

    assert preview.exit_code == 0, preview.output + preview.errors  # the bot's own user page
    assert german.editor.text("Benutzer:RecsyncBot/Vorschau") is not None
    assert run.exit_code == 0, run.output + run.errors
    page = german.editor.text(f"{source}/Fürsprache/1") or ""
    assert page.startswith("{{Recommendation status\n| id = Fürsprache/1")
    again, _ = german.recsync(tmp_path, "sync", *job)
    assert (again.exit_code, again.edits) == (0, 0), again.output + again.errors


def test_a_page_moved_on_a_german_wiki_is_followed(german: GermanWiki, tmp_path: Path) -> None:
    # MediaWiki leaves "#WEITERLEITUNG [[...]]" behind on a German wiki, not "#REDIRECT".
    source = "Benutzer:Editor/Verschoben"
    before = "== Fürsprache ==\n* Ein Netzwerk\n* Leitlinien für die Zusammenarbeit schreiben\n"
    german.editor.save(source, before)
    assert german.recsync(tmp_path, "sync", "--source", source)[0].exit_code == 0
    german.editor.move(f"{source}/Fürsprache/2", "Benutzer:Editor/Leitlinien", "meine Seite")
    assert (german.editor.text(f"{source}/Fürsprache/2") or "").startswith("#WEITERLEITUNG")
    german.editor.save(source, before.replace("schreiben", "neu schreiben"))

    run, plan = german.recsync(tmp_path, "sync", "--source", source)

    assert run.exit_code == 0, run.output + run.errors
    assert {c["title"]: c["action"] for c in plan["changes"] if c["action"] != "unchanged"} == {
        "Benutzer:Editor/Leitlinien": "update",
        f"{source}/Index": "update",
    }
    assert "[[Benutzer:Editor/Leitlinien|Leitlinien für die Zusammenarbeit neu schreiben]]" in (
        german.editor.text(f"{source}/Index") or ""
    )


# --- headings that cannot be titles as written ---------------------------------------------

LONG = "Überlänge " * 21  # with the prefix and the number, over 255 bytes
#: Each heading with an item unlike any other (so that no item is taken for another's).
HEADINGS = {
    "Fürsprache": "Ein Netzwerk für Fürsprecher aufbauen",
    "fürsprache": "Kleinschreibung ist auch eine Gruppe",
    "Rollen | Verantwortung [Entwurf]": "Wer entscheidet was, wann und wo",
    "Abschnitt #3 {neu} <b>": "Zeichen, die kein Titel halten kann",
    "Produkt_Technik": "Werkzeuge für Übersetzer schreiben",
    "Produkt Technik": "Fehler in der Software beheben",
    "Produkt Technik\u200e": "Ein unsichtbares Zeichen am Ende",
    "多様性と包摂": "多様性を広げる",
    "التنوع والإنصاف": "سياسات عادلة للمشاركة",
    "🌍 Klima 🇩🇪": "Bäume pflanzen, Strom sparen",
    "Équité": "Répartir les ressources équitablement",
    LONG + "eins": "Die erste lange Gruppe",
    LONG + "zwei": "Noch eine ganz andere Empfehlung",
}
LATER = {
    "Produkt__Technik": "Drei Server in Afrika",
    "Produkt-Technik": "Barrierefreiheit prüfen lassen",
}


def headings_page(headings: dict[str, str]) -> str:
    return "\n".join(f"== {heading} ==\n* {item}\n" for heading, item in headings.items())


def created_titles(plan: dict[str, Any]) -> list[str]:
    return sorted(c["title"] for c in plan["changes"] if c["action"] == "create" and c["item_id"])


def test_headings_of_any_script_or_shape_get_the_titles_asked_for_and_keep_them(
    german: GermanWiki, tmp_path: Path
) -> None:
    source = "Benutzer:Editor/Überschriften"
    german.editor.save(source, headings_page(HEADINGS))

    first, plan = german.recsync(tmp_path, "sync", "--source", source)

    asked = created_titles(plan)
    assert first.exit_code == 4, first.output + first.errors  # warnings: needs attention
    assert len(asked) == len(HEADINGS)
    assert subpage_titles(german.editor, source) == asked  # the wiki kept them as written
    for title in asked:
        assert title == f"{source}/{status_call_params(german.editor.text(title) or '')['id']}"
    assert f"{source}/Produkt Technik (2)/1" in asked and f"{source}/Produkt Technik (3)/1" in asked
    assert f"{source}/Abschnitt -3 (neu) (b)/1" in asked
    about = [w.split(": ", 1)[1] for w in plan["warnings"]]  # "line N: heading 'X' ..."
    named = ["Fürsprache", "fürsprache", "Rollen | Verantwortung [Entwurf]",
             "Abschnitt #3 {neu} <b>", "Produkt Technik", "Produkt Technik\u200e"]  # fmt: skip
    named += [(LONG + "eins")[:59] + "…", (LONG + "zwei")[:59] + "…"]  # shortened
    assert [w.startswith(f"heading {h!r} ") for w, h in zip(about, named, strict=True)] == [
        True
    ] * len(named), about

    again, _ = german.recsync(tmp_path, "sync", "--source", source)
    assert (again.exit_code, again.edits, again.output.count("attention")) == (0, 0, 0)

    # A heading with the title of one already there comes first, the others are
    # reordered, and two leave (one of them the heading whose title the newcomer would
    # have; fewer than the guard rail's 20%): no heading's title changes, and the
    # newcomer takes a new one.
    leaving = ("Produkt_Technik", "Abschnitt #3 {neu} <b>")
    staying = [h for h in HEADINGS if h not in leaving]
    now = {"Produkt__Technik": LATER["Produkt__Technik"]}
    now |= {h: HEADINGS[h] for h in reversed(staying)}
    now["Produkt-Technik"] = LATER["Produkt-Technik"]
    german.editor.save(source, headings_page(now))

    third, plan = german.recsync(tmp_path, "sync", "--source", source)

    made = created_titles(plan)
    assert made == [f"{source}/Produkt Technik (4)/1", f"{source}/Produkt-Technik/1"]
    assert {c["title"] for c in plan["changes"] if c["action"] == "retire"} == {
        f"{source}/Produkt Technik/1",
        f"{source}/Abschnitt -3 (neu) (b)/1",
    }
    assert third.exit_code == 4, third.output + third.errors
    assert [w.split(" would")[0] for w in plan["warnings"]] == [
        "line 1: heading 'Produkt__Technik'"
    ]
    assert subpage_titles(german.editor, source) == sorted(asked + made)
    fourth, _ = german.recsync(tmp_path, "sync", "--source", source)
    assert (fourth.exit_code, fourth.edits) == (0, 0), fourth.output + fourth.errors


def test_the_wiki_stores_every_segment_as_written_and_keeps_case_apart(
    german: GermanWiki, editor: Editor
) -> None:
    """Many headings' segments asked of both real wikis: no title is refused, none is
    normalised to another spelling, and titles that differ only in case stay apart."""
    from test_titles import HOSTILE_BITS

    from recsync.titles import segment_room, title_segment

    pick = random.Random(20)
    names = ["".join(pick.choices(HOSTILE_BITS, k=pick.randint(1, 30))) for _ in range(400)]
    names += [*HEADINGS, "advocacy", "Advocacy", "ADVOCACY", "ß", "ẞ", "i", "İ"]
    for source, wiki, namespaces in (
        ("Benutzer:Editor/Titel", german.editor, GERMAN),
        ("User:Editor/Titles", editor, ENGLISH),
    ):
        room = segment_room(JobConfig(source=source), namespaces)
        titles = sorted({f"{source}/{title_segment(name, room)}/99999" for name in names})
        for start in range(0, len(titles), 50):
            batch = titles[start : start + 50]
            query = wiki.api("POST", action="query", titles="|".join(batch))["query"]
            assert query.get("normalized", []) == [], query.get("normalized")
            assert [p for p in query["pages"] if p.get("invalid")] == []
            assert sorted(p["title"] for p in query["pages"]) == batch  # all of them, apart


# --- pages in other languages below the bot's --------------------------------------------

SMALL = """== Advocacy ==
* Create an advocacy hub
* Protect advocates with clearly defined safety measures

== Diversity ==
* Planned community diversification
"""


def test_translation_subpages_stay_untouched_even_with_a_copy_of_the_status_call(
    editor: Editor, admin: Editor, tmp_path: Path
) -> None:
    source = "User:Editor/Translated subpages"
    editor.save(source, SMALL)
    assert sync(source, tmp_path).exit_code == 0
    translations: dict[str, int] = {}
    for page, language in (("Advocacy/1", "de"), ("Advocacy/2", "fr"), ("Diversity/1", "zh-hans")):
        copy = (editor.text(f"{source}/{page}") or "").replace(
            "| status = proposed", "| status = adopted"
        )
        translations[f"{source}/{page}/{language}"] = editor.save(
            f"{source}/{page}/{language}", copy.replace("Create", "Schaffe"), "a translation"
        )
    admin.delete(f"{source}/Advocacy/2", "merged into Advocacy/1")
    editor.save(source, SMALL.replace("advocacy hub", "advocacy hub and network"))

    run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors  # the deletion needs attention
    assert run.counts["updated"] == 2  # Advocacy/1 and the index
    assert f"[[{source}/Advocacy/2]]" in run.output and "deleted by Admin" in run.output
    for title, revision in translations.items():
        assert editor.revision(title) == revision, title  # never edited
        assert f"[[{title}]]" not in run.output, title  # nor named
    assert editor.text(f"{source}/Advocacy/2") is None  # the deletion stands
    index = editor.text(f"{source}/Index") or ""
    assert "/de" not in index and "/fr" not in index and "/zh-hans" not in index
    # the rows show the items' own statuses, never the translations' copies ("adopted")
    assert "adopted" not in {row.status for row in read_rows(index)}
    again = sync(source, tmp_path)
    assert (again.exit_code, again.edits) == (4, 0)


# --- edit summaries in the wiki's language ------------------------------------------------


def comments(editor: Editor, title: str) -> list[str]:
    """The edit summaries in a page's history, oldest first."""
    data = editor.api(
        action="query", prop="revisions", rvprop="comment", rvdir="newer", rvlimit="max",
        titles=title,
    )  # fmt: skip
    return [revision["comment"] for revision in data["query"]["pages"][0]["revisions"]]


def stand(revision: int) -> str:
    return f"Stand: [[Special:PermanentLink/{revision}|Version {revision} der Quellseite]]"


def test_the_bots_edits_on_a_german_wiki_carry_german_summaries(
    german: GermanWiki, tmp_path: Path
) -> None:
    source = "Benutzer:Editor/Zusammenfassungen"
    listing = "== Fürsprache ==\n* Ein Netzwerk für Fürsprecher\n* Ein Bericht im Jahr\n"
    first = german.editor.save(source, listing)
    installed, _ = german.recsync(tmp_path, "install-templates")
    preview, _ = german.recsync(
        tmp_path, "sync", "--source", source, "--preview-page", "Benutzer:RecsyncBot/Vorschau"
    )
    run, _ = german.recsync(tmp_path, "sync", "--source", source)
    second = german.editor.save(source, listing.replace("im Jahr", "in jedem Jahr"))
    again, _ = german.recsync(tmp_path, "sync", "--source", source)

    for done in (installed, preview, run, again):
        assert done.exit_code == 0, done.output + done.errors
    assert comments(german.editor, "Vorlage:Recommendation status/badge")[0] == (
        f"recsync: Vorlage:Recommendation status/badge installiert (recsync {__version__})"
    )
    assert comments(german.editor, "Benutzer:RecsyncBot/Vorschau")[-1] == (
        f"recsync: Vorschau des nächsten Abgleichs von [[{source}]] "
        "(3 anzulegen, 0 zu aktualisieren, 0 als entfallen zu markieren)"
    )
    assert comments(german.editor, f"{source}/Fürsprache/2") == [
        f"recsync: neue Seite für Fürsprache Nr. 2, {stand(first)}",
        f"recsync: Fürsprache Nr. 2 umformuliert, {stand(second)}",
    ]
    assert comments(german.editor, f"{source}/Index") == [
        f"recsync: Index angelegt: 2 Empfehlungen, {stand(first)}",
        f"recsync: Index: Fürsprache Nr. 2 umformuliert, {stand(second)}",
    ]


@pytest.fixture
def formal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GermanWiki]:
    """A wiki in formal German (``de-formal``), which pywikibot's own fallbacks lack."""
    wiki_dir = tmp_path_factory.mktemp("wiki-de-formal")
    port = TEST_PORT + 23
    started = devwiki("start", "--dir", str(wiki_dir), "--port", str(port), "--lang", "de-formal")
    try:
        assert started.returncode == 0, started.stderr
        accounts = json.loads((wiki_dir / "accounts.json").read_text(encoding="utf-8"))
        api = f"http://127.0.0.1:{port}/api.php"
        editor = Editor.login(accounts["editor"]["user"], accounts["editor"]["password"], api)
        yield GermanWiki(wiki_dir, editor, editor)
    finally:
        devwiki("stop", "--dir", str(wiki_dir))


def test_a_wiki_in_formal_german_reads_the_german_summaries(
    formal: GermanWiki, tmp_path: Path
) -> None:
    source = "Benutzer:Editor/Förmlich"
    first = formal.editor.save(source, "== Vielfalt ==\n* Kleine Sprachprojekte fördern\n")

    run, _ = formal.recsync(tmp_path, "sync", "--source", source)

    assert run.exit_code == 0, run.output + run.errors
    assert comments(formal.editor, f"{source}/Vielfalt/1") == [
        f"recsync: neue Seite für Vielfalt Nr. 1, {stand(first)}"
    ]

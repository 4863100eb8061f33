"""The edit summaries' messages: pywikibot's kind of files, read the same here as by pywikibot.

The planning core fills the messages in itself (it may not import pywikibot); on a wiki
pywikibot's ``twtranslate`` does.  These tests hold the two to the same text for every
message, and show the fallbacks a wiki's language gets through pywikibot's own lookup.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import ROOT

from recsync.wording import ENGLISH, PACKAGE, FileMessages, bundle, fill, languages

FILES = ROOT / "bot" / "i18n" / "recsync"
PARAMETER = re.compile(r"%\((\w+)\)([sd])")
ENGLISH_KEYS = sorted(bundle("en"))


def parameters(text: str) -> set[tuple[str, str]]:
    return set(PARAMETER.findall(text))


@pytest.fixture
def pywikibot_reads_ours() -> Iterator[object]:
    """pywikibot's i18n with recsync's messages package (and the one before restored)."""
    from pywikibot import i18n

    before = i18n._messages_package_name
    i18n.set_messages_package(PACKAGE)
    yield i18n
    i18n.set_messages_package(before)


# --- the files, as a translator and pywikibot need them -----------------------------------


def test_english_and_german_ship_and_every_message_is_documented_for_translators() -> None:
    documented = json.loads((FILES / "qqq.json").read_text(encoding="utf-8"))

    assert languages() == ["de", "en"]
    assert sorted(k for k in documented if k != "@metadata") == ENGLISH_KEYS
    assert all(key.startswith("recsync-") for key in ENGLISH_KEYS)  # pywikibot's bundle name


@pytest.mark.parametrize("language", ["de"])
def test_a_translation_has_every_message_with_the_same_parameters(language: str) -> None:
    translated = bundle(language)

    assert sorted(translated) == ENGLISH_KEYS
    differ = {
        key: text
        for key, text in translated.items()
        if parameters(text) != parameters(bundle("en")[key])
    }
    assert differ == {}


def sample(text: str, count: int) -> dict[str, str | int]:
    """Values for a message's parameters: ``count`` for each number."""
    return {
        name: count if kind == "d" else f"<{name} 100% [[x]]>" for name, kind in parameters(text)
    }


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("count", [0, 1, 2, 21])
def test_every_message_reads_here_as_pywikibots_twtranslate_reads_it(
    language: str, count: int, pywikibot_reads_ours: object
) -> None:
    from pywikibot import i18n

    ours = FileMessages((language,))
    for key in ENGLISH_KEYS:
        params = sample(bundle(language)[key], count)
        theirs = i18n.twtranslate(language, key, params or None, fallback=False)

        assert ours(key, **params) == theirs, key


def test_a_plural_takes_the_form_of_its_number() -> None:
    german = FileMessages(("de",))

    assert ENGLISH("recsync-index-created", count=1) == "index created: 1 recommendation"
    assert ENGLISH("recsync-index-created", count=84) == "index created: 84 recommendations"
    assert german("recsync-run-source-warnings", count=1) == "1 Warnung zur Quellseite"
    assert german("recsync-run-source-warnings", count=0) == "0 Warnungen zur Quellseite"


def test_a_plural_of_a_language_this_module_does_not_know_is_left_to_pywikibot() -> None:
    with pytest.raises(ValueError, match="'ru'"):
        fill("{{PLURAL:%(count)d|a|b|c}}", {"count": 2}, "ru")


def test_a_message_that_is_nowhere_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="recsync-nothing-of-the-kind"):
        ENGLISH("recsync-nothing-of-the-kind")


# --- the wiki's language, through pywikibot -----------------------------------------------


@pytest.mark.parametrize(
    ("language", "wiki_fallbacks", "reads"),
    [
        ("de", ["en"], "umformuliert"),
        ("de-formal", ["de", "en"], "umformuliert"),  # MediaWiki's chain: pywikibot has none
        ("de-at", ["de", "en"], "umformuliert"),
        ("bar", [], "umformuliert"),  # pywikibot's own fallback (altlang): bar -> de
        ("ja", ["en"], "reworded"),  # no messages in Japanese: English
        ("xx-unknown", [], "reworded"),
    ],
)
def test_the_wikis_language_reads_its_messages_or_its_fallbacks_or_english(
    language: str, wiki_fallbacks: list[str], reads: str, pywikibot_reads_ours: object
) -> None:
    from recsync.site_wording import SiteMessages, languages_of

    words = SiteMessages(languages_of(language, wiki_fallbacks))

    assert words("recsync-reworded") == reads


def test_pywikibots_own_table_would_give_a_de_formal_wiki_english(
    pywikibot_reads_ours: object,
) -> None:
    """Why the wiki's own chain is asked too: pywikibot's fallback for de-formal is English."""
    from pywikibot import i18n

    assert i18n.twtranslate("de-formal", "recsync-reworded") == "reworded"


def test_a_german_wikis_summary_through_pywikibot(pywikibot_reads_ours: object) -> None:
    from recsync.site_wording import SiteMessages, languages_of
    from recsync.summaries import new_page, source_link, summary

    words = SiteMessages(languages_of("de-formal", ["de", "en"]))

    assert summary(
        "recsync", new_page("Fürsprache/3", words), source_link(12, "S", words), words
    ) == (
        "recsync: neue Seite für Fürsprache Nr. 3, "
        "Stand: [[Special:PermanentLink/12|Version 12 der Quellseite]]"
    )


def test_the_recsync_command_tells_pywikibot_where_its_messages_are(tmp_path: Path) -> None:
    """python -m recsync, recsync and pwb recsync all start pywikibot through
    configure_pywikibot (pwb's wrapper sets the same package before it)."""
    (tmp_path / "user-config.py").write_text(
        "family_files['x'] = 'http://127.0.0.1:9/api.php'\nfamily = mylang = 'x'\n"
    )
    (tmp_path / "user-config.py").chmod(0o600)
    script = (
        "from recsync.startup import configure_pywikibot\nconfigure_pywikibot(False)\n"
        "from pywikibot import i18n\nprint(i18n.twtranslate('de', 'recsync-reworded'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYWIKIBOT_DIR": str(tmp_path)}, cwd=tmp_path,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "umformuliert"

"""A save the wiki refuses, on a real MediaWiki: a spam filter, an admin's create protection.

Both are in MediaWiki's core (``$wgSpamRegex``; ``action=protect`` with
``create=sysop`` on a title no page has), and they stand for the extensions Meta-Wiki
runs (SpamBlacklist, AbuseFilter, TitleBlacklist), whose answers the bot reads the
same way.  What a maintainer must see: the wiki's own reason with the page's title;
the other pages saved; the index still listing the item; "needs attention" (exit 4),
not "failed"; and the next run creating the page once the block is lifted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runs import sync
from harness import Editor, LiveWiki

pytestmark = pytest.mark.live

SOURCE_TEXT = """== Advocacy ==
* Create an advocacy hub
* Protect advocates, as the [http://spam.example/report report] asks
* Enable advocates to collaborate
"""
SPAM_FILTER = r"$wgSpamRegex = ['/spam\.example/'];"


@pytest.fixture
def source(request: pytest.FixtureRequest, editor: Editor) -> str:
    title = f"User:Editor/{request.node.name.replace('_', ' ')}"
    editor.save(
        title, SOURCE_TEXT, "source page for a test"
    )  # before the filter: it names the site
    return title


def test_a_spam_filter_and_a_create_protection_are_reported_and_the_run_goes_on(
    editor: Editor, admin: Editor, live_wiki: LiveWiki, source: str, tmp_path: Path
) -> None:
    salted = f"{source}/Advocacy/3"
    admin.protect_creation(salted, "salted: this title is reserved")

    with live_wiki.settings("spam-filter", SPAM_FILTER):
        run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors  # needs attention, not failed
    assert f"skipped   [[{source}/Advocacy/2]]: the wiki refused the save: The following text " \
        "is what triggered our spam filter: spam.example" in run.output  # fmt: skip
    assert f"skipped   [[{salted}]]: the title is protected from creation against the bot's " \
        "account: " in run.output  # fmt: skip
    assert f"(protected by Admin on {admin.log_date(salted, 'protect')}: salted: this title " \
        "is reserved)" in run.output  # fmt: skip
    assert (run.counts["created"], run.counts["skipped"], run.counts["errors"]) == (2, 2, 0)
    assert len(run.counts["attention"]) == 2
    assert "API error" not in run.errors  # said once, on the page's line
    assert editor.titles_under(source) == [f"{source}/Advocacy/1", f"{source}/Index"]
    index = editor.text(f"{source}/Index") or ""
    for page_id in ("Advocacy/1", "Advocacy/2", "Advocacy/3"):
        assert f'data-id="{page_id}"' in index  # the index still lists every item

    admin.protect_creation(salted, "lifted", level="all")
    again = sync(source, tmp_path)  # the filter is gone too

    assert again.exit_code == 0, again.output + again.errors
    assert again.counts["created"] == 2
    assert editor.titles_under(source) == [
        f"{source}/Advocacy/1", f"{source}/Advocacy/2", salted, f"{source}/Index",
    ]  # fmt: skip


def test_a_refused_update_keeps_the_page_and_says_why(
    editor: Editor, live_wiki: LiveWiki, source: str, tmp_path: Path
) -> None:
    sync(source, tmp_path)
    page = f"{source}/Advocacy/1"
    kept = editor.text(page)
    editor.save(source, SOURCE_TEXT.replace("an advocacy hub", "an advocacy hub (spam.example)"))

    with live_wiki.settings("spam-filter", SPAM_FILTER):
        run = sync(source, tmp_path)

    assert run.exit_code == 4, run.output + run.errors
    assert f"skipped   [[{page}]]: the wiki refused the save: " in run.output
    assert editor.text(page) == kept


def test_a_title_blacklist_entry_is_reported_with_the_wikis_words(
    editor: Editor, admin: Editor, live_wiki: LiveWiki, source: str, tmp_path: Path
) -> None:
    """The TitleBlacklist extension (Debian ships it; Meta-Wiki runs it), fed as on Meta
    by the page MediaWiki:Titleblacklist, which only admins edit."""
    banned = f"{source}/Advocacy/1"
    with live_wiki.settings("title-blacklist", "wfLoadExtension('TitleBlacklist');"):
        # The list's own check reads "/" as the end of a regex: "." stands for it.
        admin.save("MediaWiki:Titleblacklist", ".*title blacklist entry.*Advocacy.1\n")
        try:
            run = sync(source, tmp_path)
        finally:
            admin.save("MediaWiki:Titleblacklist", "")  # no entry left for later tests

    assert run.exit_code == 4, run.output + run.errors
    assert f"skipped   [[{banned}]]: the wiki refused the save: The title \"{banned}\" has " \
        "been banned from creation. It matches the following disallowed titles list entry" \
        in run.output  # fmt: skip
    assert run.counts["created"] == 3  # the other two subpages and the index
    assert banned not in editor.titles_under(source)

    again = sync(source, tmp_path)

    assert again.exit_code == 0, again.output + again.errors
    assert banned in editor.titles_under(source)

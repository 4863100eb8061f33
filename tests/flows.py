"""Flows run both live and from cassettes: the same steps, the same assertions.

A live test runs a flow against the session's wiki; its cassette twin replays the
recording of the same flow with the network blocked.
"""

from __future__ import annotations

from harness import Accounts


def first_proof(accounts: Accounts, title: str) -> None:
    """The bot logs in, creates a page, reads it back and edits it."""
    import pywikibot

    site = pywikibot.Site()
    site.login()
    assert site.username() == "RecsyncBot"
    assert site.has_right("bot")

    page = pywikibot.Page(site, title)
    assert not page.exists()
    page.text = "Hello from recsync."
    page.save(summary="recsync test: create", createonly=True, asynchronous=False, quiet=True)

    again = pywikibot.Page(site, title)
    assert again.text == "Hello from recsync."
    again.text += "\n\nEdited by the bot."
    again.save(summary="recsync test: edit", asynchronous=False, quiet=True)

    editor = accounts.editor()
    assert editor.text(title) == "Hello from recsync.\n\nEdited by the bot."

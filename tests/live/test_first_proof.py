"""The first proof, live: pywikibot logs in to the local MediaWiki as the bot and edits."""

import pytest
from flows import first_proof
from harness import Accounts, LiveWiki

pytestmark = pytest.mark.live


def test_bot_logs_in_creates_reads_and_edits_a_page(live_wiki: LiveWiki) -> None:
    first_proof(Accounts(live_wiki.accounts), "User:RecsyncBot/First proof (live)")

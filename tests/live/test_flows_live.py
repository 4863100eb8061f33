"""The flows that cassettes replay, run live (their cassettes are recorded from these steps)."""

from pathlib import Path

import pytest
from flows import first_sync_then_nothing_to_do, one_item_reworded
from harness import Accounts, LiveWiki

pytestmark = pytest.mark.live


def test_first_sync_then_nothing_to_do(live_wiki: LiveWiki, tmp_path: Path) -> None:
    first_sync_then_nothing_to_do(
        Accounts(live_wiki.accounts), "User:Editor/Live first sync", tmp_path
    )


def test_one_item_reworded(live_wiki: LiveWiki, tmp_path: Path) -> None:
    one_item_reworded(Accounts(live_wiki.accounts), "User:Editor/Live reword", tmp_path)

"""The main sync flows, replayed from cassettes/ with no server and the network blocked."""

from pathlib import Path

import pytest
from flows import first_sync_then_nothing_to_do, one_item_reworded
from harness import Accounts

pytestmark = pytest.mark.cassette


def test_first_sync_then_nothing_to_do_replayed(cassette: Accounts, tmp_path: Path) -> None:
    first_sync_then_nothing_to_do(cassette, "User:Editor/Replayed first sync", tmp_path)


def test_one_item_reworded_replayed(cassette: Accounts, tmp_path: Path) -> None:
    one_item_reworded(cassette, "User:Editor/Replayed reword", tmp_path)

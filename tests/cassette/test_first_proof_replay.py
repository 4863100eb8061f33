"""The first proof, replayed from cassettes/ with no server and the network blocked."""

import pytest
from flows import first_proof
from harness import Accounts

pytestmark = pytest.mark.cassette


def test_first_proof_replayed(cassette: Accounts) -> None:
    first_proof(cassette, "User:RecsyncBot/First proof (cassette)")

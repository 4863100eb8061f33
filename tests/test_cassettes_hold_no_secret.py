"""Cassettes are committed: none may hold a password, a token value or a cookie."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import yaml
from harness import CASSETTES, SECRET_PARAMS

FAKE_TOKEN = "0123456789abcdef0123456789abcdef+\\"
TOKEN_BLOCK = re.compile(r'"(?:tokens|login|clientlogin)":\{([^}]*)\}')
TOKEN_IN_BLOCK = re.compile(r'"(\w*token)":"([^"]*)"')
HEX_SECRET = re.compile(r"(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])")


def cassette_files() -> list[Path]:
    return sorted(CASSETTES.glob("*.yaml"))


def test_there_are_cassettes() -> None:
    assert cassette_files(), "cassettes/ is empty: record them (see README)"


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for number, interaction in enumerate(data["interactions"]):
        where = f"{path.name}, interaction {number}"
        request, response = interaction["request"], interaction["response"]
        for headers in (request.get("headers", {}), response.get("headers", {})):
            names = {name.lower() for name in headers}
            assert not names & {"cookie", "set-cookie", "authorization"}, where

        body = request.get("body") or ""
        for key, value in parse_qsl(str(body), keep_blank_values=True):
            if key in SECRET_PARAMS:
                assert value == "FILTERED", f"{where}: {key} is not filtered"
        assert not HEX_SECRET.search(str(body)), f"{where}: a hex secret in the request"
        assert not HEX_SECRET.search(request.get("uri", "")), f"{where}: a hex secret in the URL"

        text = response.get("body", {}).get("string", "")
        tokens = [
            t for block in TOKEN_BLOCK.findall(str(text)) for t in TOKEN_IN_BLOCK.findall(block)
        ]
        for name, value in tokens:
            assert value.replace("\\\\", "\\") in {FAKE_TOKEN, "+\\"}, f"{where}: {name} kept"

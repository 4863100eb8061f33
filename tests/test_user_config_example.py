"""user-config.py.example speaks pywikibot 11: every setting it names (set or shown
commented out) is one pywikibot knows, under its current name."""

from __future__ import annotations

import re

from harness import ROOT

EXAMPLE = (ROOT / "user-config.py.example").read_text(encoding="utf-8")
SETTING = re.compile(r"^#? ?([a-z_]+)(?:\[[^\]]*\])* = ", re.MULTILINE)


def test_every_setting_it_names_is_a_current_pywikibot_setting() -> None:
    from pywikibot import config

    names = set(SETTING.findall(EXAMPLE))

    assert {"write_maxlag", "put_throttle", "max_retries", "authenticate"} <= names
    assert "maxlag" not in names  # deprecated since pywikibot 11.8 for write_maxlag
    unknown = {name for name in names if not hasattr(config, name)}
    assert not unknown


def test_it_documents_oauth_next_to_botpasswords() -> None:
    assert "BotPassword('recsync'" in EXAMPLE
    assert "# authenticate['meta.wikimedia.org'] = (" in EXAMPLE
    assert "'consumer_key', 'consumer_secret', 'access_key', 'access_secret'" in EXAMPLE

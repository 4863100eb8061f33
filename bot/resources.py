"""The data that ships with the bot, read through ``importlib.resources``.

The wiki pages live in the checkout's top-level ``templates/`` folder, which
pyproject.toml maps to the package ``recsync.templates``: the same names work from a
checkout, an editable install and a wheel, wherever it is installed.
"""

from __future__ import annotations

import hashlib
import secrets
from importlib.resources import files

TEMPLATES_PACKAGE = f"{__package__}.templates"


def template_text(name: str) -> str:
    """The text of ``templates/<name>``, e.g. ``template_text("status.wiki")``."""
    return files(TEMPLATES_PACKAGE).joinpath(name).read_text(encoding="utf-8")


#: The modules that turn an item into its subpage's parameters: a recsync whose copy of
#: any of them differs renders items otherwise, maybe, and compares every page again.
RENDERING_MODULES = (
    "plan.py", "inline.py", "restyle.py", "footnotes.py", "reading.py", "wikitext.py",
    "subpage.py", "translations.py", "namespaces.py",
)  # fmt: skip


def rendering_fingerprint() -> str:
    """A digest of the code that renders an item (bot.seen), and of its parser's version."""
    import mwparserfromhell

    digest = hashlib.sha1(str(mwparserfromhell.__version__).encode())
    try:
        for name in RENDERING_MODULES:
            digest.update(files(__package__).joinpath(name).read_bytes())
    except OSError:  # not installed as files: no page is taken as rendered by this code
        return secrets.token_hex(8)
    return digest.hexdigest()[:16]

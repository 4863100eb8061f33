"""What the tests need around the real parts: the local wiki, an editor, cassettes.

No pywikibot import here: conftest.py must set PYWIKIBOT_DIR before pywikibot is
imported for the first time.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import requests

ROOT = Path(__file__).resolve().parents[1]
DEVWIKI = ROOT / "scripts" / "devwiki"
CASSETTES = ROOT / "cassettes"
#: The test wiki's port.  Cassettes hold its URL, so they replay only on 8766;
#: RECSYNC_TEST_PORT moves a live-only run (-m live) out of another run's way.
RECORDED_PORT = 8766
TEST_PORT = int(os.environ.get("RECSYNC_TEST_PORT", RECORDED_PORT))
TEST_URL = f"http://127.0.0.1:{TEST_PORT}"
TEST_API = f"{TEST_URL}/api.php"
RECORD = os.environ.get("RECSYNC_RECORD", "") not in ("", "0")

#: A BotPassword secret that never logged in anywhere: what replayed logins send.
DUMMY_SECRET = "0" * 32


def _devwiki_module() -> ModuleType:
    """scripts/devwiki as a module (it is a script: no .py, not on the path)."""
    loader = SourceFileLoader("devwiki", str(DEVWIKI))
    module = ModuleType(loader.name)
    module.__file__ = str(DEVWIKI)
    loader.exec_module(module)
    return module


def user_config(api_url: str, password_file: Path) -> str:
    """The pywikibot user-config.py of the test session (same for live and replay).

    Written by scripts/devwiki's ``user_config``, the one source of the settings for
    the local wiki; its ``tests=True`` says where the tests' settings differ and why.
    """
    text: str = _devwiki_module().user_config(api_url, password_file, tests=True)
    return text


def write_password_file(path: Path, secret: str) -> None:
    path.write_text(f"('RecsyncBot', BotPassword('recsync', {secret!r}))\n", encoding="utf-8")
    path.chmod(0o600)


# --- the local wiki ---------------------------------------------------------------------


def devwiki(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DEVWIKI), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@dataclass
class LiveWiki:
    """A running test wiki: its folder and accounts."""

    dir: Path
    accounts: dict[str, Any]

    @classmethod
    def start(cls, wiki_dir: Path) -> LiveWiki:
        result = devwiki("start", "--dir", str(wiki_dir), "--port", str(TEST_PORT))
        if result.returncode != 0:
            raise RuntimeError(f"the test wiki did not start:\n{result.stderr}")
        accounts = json.loads((wiki_dir / "accounts.json").read_text(encoding="utf-8"))
        return cls(wiki_dir, accounts)

    def stop(self) -> None:
        devwiki("stop", "--dir", str(self.dir))

    @contextmanager
    def settings(self, name: str, php: str) -> Iterator[None]:
        """More LocalSettings while the block runs (scripts/devwiki reads settings.d/)."""
        path = self.dir / "settings.d" / f"{name}.php"
        path.write_text(f"<?php\n{php}\n", encoding="utf-8")
        try:
            yield
        finally:
            path.unlink(missing_ok=True)

    @property
    def bot_secret(self) -> str:
        return str(self.accounts["bot"]["botpassword_secret"])

    def editor(self) -> Editor:
        return Accounts(self.accounts).editor()

    def admin(self) -> Editor:
        return Accounts(self.accounts).admin()


class Editor:
    """A person editing the wiki through the API (not pywikibot): the bot's other side."""

    def __init__(self, user: str, session: requests.Session, api_url: str = TEST_API) -> None:
        self.user = user
        self.session = session
        self.api_url = api_url  # another wiki's for a test that starts its own

    @classmethod
    def login(cls, user: str, password: str, api_url: str = TEST_API) -> Editor:
        session = requests.Session()
        session.headers["User-Agent"] = "recsync-tests (editor)"
        token = session.get(
            api_url,
            params={"action": "query", "meta": "tokens", "type": "login", "format": "json"},
            timeout=30,
        ).json()["query"]["tokens"]["logintoken"]
        answer = session.post(
            api_url,
            data={
                "action": "clientlogin",
                "username": user,
                "password": password,
                "logintoken": token,
                "loginreturnurl": api_url.removesuffix("/api.php"),
                "format": "json",
            },
            timeout=30,
        ).json()
        if answer.get("clientlogin", {}).get("status") != "PASS":
            raise RuntimeError(f"{user} could not log in: {answer}")
        return cls(user, session, api_url)

    def api(self, method: str = "GET", **params: Any) -> Any:
        params = {**params, "format": "json", "formatversion": "2"}
        if method == "POST":
            response = self.session.post(self.api_url, data=params, timeout=30)
        else:
            response = self.session.get(self.api_url, params=params, timeout=30)
        response.raise_for_status()
        data = response.json()
        if "error" in data:
            raise RuntimeError(f"API error: {data['error']}")
        return data

    def save(self, title: str, text: str, summary: str = "an editor's edit") -> int:
        token = self.api(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
        data = self.api("POST", action="edit", title=title, text=text, summary=summary, token=token)
        return int(data["edit"].get("newrevid") or data["edit"].get("oldrevid") or 0)

    def _token(self) -> str:
        return str(self.api(action="query", meta="tokens")["query"]["tokens"]["csrftoken"])

    def delete(self, title: str, reason: str) -> None:
        """An admin's deletion (the delete log keeps who, when and why)."""
        self.api("POST", action="delete", title=title, reason=reason, token=self._token())

    def move(
        self, title: str, to: str, reason: str = "", *, redirect: bool = True,
        subpages: bool = False,
    ) -> None:  # fmt: skip
        """A move; ``redirect=False`` (an admin's ``noredirect``) leaves nothing behind."""
        flags = {"noredirect": 1} if not redirect else {}
        flags |= {"movesubpages": 1} if subpages else {}
        self.api(
            "POST", action="move", token=self._token(), reason=reason, **{"from": title},
            to=to, **flags,
        )  # fmt: skip

    def protect(self, title: str, edit: str = "sysop") -> None:
        """Protect a page against edits by anyone outside ``edit`` (an admin's act)."""
        self.api(
            "POST", action="protect", title=title, protections=f"edit={edit}",
            reason="edit war", token=self._token(),
        )  # fmt: skip

    def protect_creation(self, title: str, reason: str, level: str = "sysop") -> None:
        """An admin's create protection of a title no page has ("salting"); "all" lifts it."""
        self.api(
            "POST", action="protect", title=title, protections=f"create={level}",
            reason=reason, token=self._token(),
        )  # fmt: skip

    def log_date(self, title: str, kind: str) -> str:
        """YYYY-MM-DD of the latest ``kind`` (delete, move) log entry of a page."""
        data = self.api(action="query", list="logevents", letype=kind, letitle=title, lelimit=1)
        return str(data["query"]["logevents"][0]["timestamp"])[:10]

    def text(self, title: str) -> str | None:
        data = self.api(
            action="query", prop="revisions", rvprop="content", rvslots="main", titles=title
        )
        page = data["query"]["pages"][0]
        if page.get("missing"):
            return None
        return str(page["revisions"][0]["slots"]["main"]["content"])

    def revision(self, title: str) -> int:
        data = self.api(action="query", prop="revisions", rvprop="ids", titles=title)
        return int(data["query"]["pages"][0]["revisions"][0]["revid"])

    def titles_under(self, prefix: str) -> list[str]:
        namespace, _, rest = prefix.partition(":")
        ns = {"User": 2, "Template": 10, "Project": 4}.get(namespace, 0)
        name = rest if ns else prefix
        data = self.api(
            action="query", list="allpages", apprefix=name + "/", apnamespace=ns, aplimit="max"
        )
        return sorted(p["title"] for p in data["query"]["allpages"])

    def recent_changes(self, since_id: int = 0) -> list[dict[str, Any]]:
        """The changes after ``since_id``, oldest first.  Asked newest first: the wiki sends
        at most 500, and a session's wiki holds more, so the oldest 500 may all be older."""
        data = self.api(
            action="query", list="recentchanges", rcprop="title|ids|user|comment|flags",
            rclimit="max", rcdir="older",
        )  # fmt: skip
        changes = [rc for rc in data["query"]["recentchanges"] if rc["rcid"] > since_id]
        return changes[::-1]

    def last_rcid(self) -> int:
        data = self.api(action="query", list="recentchanges", rcprop="ids", rclimit=1)
        changes = data["query"]["recentchanges"]
        return int(changes[0]["rcid"]) if changes else 0

    def parsed(self, title: str) -> dict[str, Any]:
        """A saved page as the wiki renders it: HTML, categories, templates, properties."""
        data = self.api(
            action="parse", page=title, prop="text|categories|templates|properties|wikitext"
        )
        return dict(data["parse"])

    def render(self, title: str, text: str) -> dict[str, Any]:
        """The parse API's HTML and categories for some wikitext on a page."""
        data = self.api(
            "POST", action="parse", title=title, text=text, prop="text|categories",
            contentmodel="wikitext",
        )  # fmt: skip
        return dict(data["parse"])


@dataclass
class Accounts:
    """Who logs in: the live wiki's accounts, or stand-ins when a cassette replays."""

    real: dict[str, Any] | None

    def _login(self, role: str) -> Editor:
        if self.real is None:
            return Editor.login(role.capitalize(), "replayed-not-sent")
        return Editor.login(self.real[role]["user"], self.real[role]["password"])

    def admin(self) -> Editor:
        return self._login("admin")

    def editor(self) -> Editor:
        return self._login("editor")


# --- cassettes --------------------------------------------------------------------------

#: Request parameters that carry secrets or per-session values; filtered and ignored.
SECRET_PARAMS = ("lgpassword", "lgtoken", "token", "logintoken", "password")
_TOKEN_VALUE = re.compile(r'"([0-9a-f]{32,}\+\\\\)"')
_SORTED_PARAMS = ("pageids", "titles", "revids")
#: The index's memory of a page: its text's sha1, then a digest of what the item was made
#: from, the rendering code's fingerprint among it (recsync.seen).  That digest changes
#: with every change of that code: the sha1 is compared, the digest is not, or each such
#: change would mean recording the cassettes again.
_SEEN_KEY = re.compile(r'(data-seen="[0-9a-f]{20})-[0-9a-f]{16}"')


def _form(body: Any) -> dict[str, str]:
    if body is None:
        return {}
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    pairs = parse_qsl(str(body), keep_blank_values=True)
    form = {}
    for key, value in pairs:
        if key in SECRET_PARAMS:
            continue
        if key in _SORTED_PARAMS:
            value = "|".join(sorted(value.split("|")))
        form[key] = _SEEN_KEY.sub(r'\1-…"', value)
    return form


def same_api_call(recorded: Any, replayed: Any) -> None:
    """vcr matcher: the same form parameters, secrets aside and id lists sorted."""
    a, b = _form(recorded.body), _form(replayed.body)
    if a != b:
        raise AssertionError(f"different API call: {sorted(set(a.items()) ^ set(b.items()))}")


def scrub_request(request: Any) -> Any:
    if request.body:
        body = (
            request.body.decode("utf-8", "replace")
            if isinstance(request.body, bytes)
            else request.body
        )
        pairs = parse_qsl(body, keep_blank_values=True)
        if any(key in SECRET_PARAMS for key, _ in pairs):
            from urllib.parse import urlencode

            request.body = urlencode(
                [(k, "FILTERED" if k in SECRET_PARAMS else v) for k, v in pairs]
            ).encode()
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in {"set-cookie", "cookie", "authorization"}:
            del headers[name]
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes):
        text = body.decode("utf-8", "replace")
        text = _TOKEN_VALUE.sub('"0123456789abcdef0123456789abcdef+\\\\\\\\"', text)
        response["body"]["string"] = text.encode("utf-8")
    return response


def vcr_config() -> dict[str, Any]:
    return {
        "cassette_library_dir": str(CASSETTES),
        "record_mode": "all" if RECORD else "none",
        "match_on": ["method", "scheme", "host", "port", "path", "query", "api_call"],
        "filter_headers": ["cookie", "authorization", "set-cookie"],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }

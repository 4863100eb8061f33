"""Run a pywikibot program with every HTTP request it sends counted and logged.

    python bench/counted.py --log OUT.json -m recsync sync --source TITLE -always
    python bench/counted.py --log OUT.json .venv/bin/pwb pagefromfile -file:pages.txt ...
    python bench/counted.py --log OUT.json bench/naive_loop.py --file pages.txt

The counter is a response hook on ``pywikibot.comms.http.session``, as in
``recsync.answers.RequestCounter``, but installed before the program imports anything, so
that it also sees the requests of ``pywikibot.Site()`` and of the login.  Each
request is logged with its API action and what it asked for; ``kind()`` sorts it
into "setup" (the session: site and user info, parameter info, tokens, the login)
or the job's own reads and writes.  The log is written when the process exits
(after pywikibot's own exit handler, which may still send queued saves), as JSON::

    {"exit": 0, "wall": 1.23,
     "requests": [{"action": "query", "what": "meta=userinfo", "write": false,
                   "t": 0.79, "ms": 11.2}, {"action": "edit", ..., "edit": "saved"}, ...]}

With ``--stacks`` first (``counted.py --stacks --log OUT.json ...``) each request also
gets ``stack``: the innermost frames that sent it, HTTP plumbing left out, to see
which line of the program or of pywikibot asked for it.

``t`` is when the answer came, in seconds since this wrapper started (the benchmark
times the whole process from outside); ``ms`` is how long the wiki took to answer
(``requests``' ``elapsed``: from sending to the response's headers).
"""

from __future__ import annotations

import atexit
import json
import runpy
import sys
import time
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]

#: The API actions that change the wiki; as ``recsync.answers.WRITE_ACTIONS``.
WRITE_ACTIONS = frozenset({"edit", "move", "delete", "upload", "protect", "rollback", "undelete"})

#: Request parameters that tell what a read was for.
DETAIL_KEYS = ("list", "meta", "prop", "generator", "gaplimit", "type")

_state: dict[str, Any] = {"requests": [], "exit": None}


def describe(response: Any) -> tuple[str, str]:
    """The API action of one request and a short account of what it asked for."""
    request = response.request
    body = request.body or ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    params = parse_qs(body) if "=" in body else {}
    query = parse_qs((request.url or "").partition("?")[2])
    for key, values in query.items():
        params.setdefault(key, values)
    action = (params.get("action") or ["?"])[0]
    parts = [f"{key}={params[key][0]}" for key in DETAIL_KEYS if key in params]
    for key in ("titles", "pageids", "revids"):
        if key in params:
            parts.append(f"{key}:{len(params[key][0].split('|'))}")
    return action, " ".join(parts)


#: ``meta=`` modules that only set up the session.
SETUP_META = frozenset({"userinfo", "siteinfo", "tokens", "globaluserinfo"})


def kind(request: dict[str, Any]) -> str:
    """``setup``, ``read`` or ``write``: setup requests hold no page or list query."""
    if request["write"]:
        return "write"
    if request["action"] in ("login", "clientlogin", "paraminfo", "logout"):
        return "setup"
    fields = dict(part.split("=", 1) for part in request["what"].split() if "=" in part)
    lists_pages = {"prop", "list", "generator"} & set(fields) or "titles" in request["what"]
    only_session = set(fields.get("meta", "").split("|")) <= SETUP_META
    if request["action"] == "query" and not lists_pages and only_session:
        return "setup"
    return "read"


def edit_outcome(response: Any) -> str:
    """``saved`` (a new revision), ``nochange`` (a null edit) or ``failed``."""
    try:
        result = response.json().get("edit", {})
    except ValueError:
        return "failed"
    if result.get("result") != "Success":
        return "failed"
    return "nochange" if "nochange" in result else "saved"


def hook(response: Any, *args: Any, **kwargs: Any) -> None:
    action, what = describe(response)
    entry = {
        "action": action,
        "what": what,
        "write": action in WRITE_ACTIONS,
        "t": round(time.perf_counter() - STARTED, 4),
        "ms": round(response.elapsed.total_seconds() * 1000, 1),
    }
    if action == "edit":
        entry["edit"] = edit_outcome(response)
    if _state.get("stacks"):
        entry["stack"] = caller_stack()
    _state["requests"].append(entry)


#: Frames from these places are plumbing, not the reason a request was sent.
PLUMBING = ("/requests/", "/urllib3/", "/comms/http.py", "/data/api/_requests.py",
            "/tools/_deprecate.py", "/tools/collections.py", "<frozen", "/runpy.py",
            "/bench/counted.py")  # fmt: skip


def caller_stack(depth: int = 8) -> list[str]:
    """The innermost frames that led to a request, as ``file:line function``."""
    frames = []
    for frame in traceback.extract_stack()[:-2]:
        if not any(part in frame.filename for part in PLUMBING):
            where = frame.filename.rsplit("/site-packages/", 1)[-1]
            where = where.removeprefix(str(REPO) + "/")
            frames.append(f"{where}:{frame.lineno} {frame.name}")
    return frames[-depth:]


def install(log: Path, stacks: bool = False) -> None:
    """Count every request from here on and write ``log`` at exit."""
    _state["stacks"] = stacks

    def dump() -> None:
        _state["wall"] = round(time.perf_counter() - STARTED, 4)
        log.write_text(json.dumps(_state, indent=1) + "\n", encoding="utf-8")

    # Registered before pywikibot is imported, so it runs after pywikibot's exit
    # handler (atexit runs last-registered first) and sees any request made there.
    atexit.register(dump)

    from pywikibot.comms import http

    http.session.hooks["response"].append(hook)


def main() -> None:
    argv = sys.argv[1:]
    stacks = bool(argv) and argv[0] == "--stacks"
    argv = argv[1:] if stacks else argv
    if len(argv) < 3 or argv[0] != "--log":
        sys.exit(__doc__)
    install(Path(argv[1]), stacks)
    target = argv[2:]
    try:
        if target[0] == "-m":
            sys.argv = [target[1], *target[2:]]
            runpy.run_module(target[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(target)
            runpy.run_path(target[0], run_name="__main__")
        _state["exit"] = 0
    except SystemExit as stop:
        code = stop.code
        _state["exit"] = code if isinstance(code, int) else (0 if code is None else 1)
        raise


if __name__ == "__main__":
    main()

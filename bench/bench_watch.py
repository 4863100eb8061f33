"""`recsync watch` measured: how soon a source edit reaches its subpage and the index, and
what an idle watcher costs.  Used by run_all.py (`--only watch`).

* **Latency.** A watcher (`recsync watch --interval SECONDS`) runs on a wiki holding the
  84-item demo page, synced once (not timed).  The user Editor rewords one item at a
  time, each edit after a random wait of up to one interval (seeded), so that edits fall
  anywhere in the watcher's cycle, and the edit is timed from the API's answer until the
  item's subpage, then the index, show the new text (both polled by the API every 0.1 s).
* **Idle.** Another watcher, with the default interval, runs through bench/counted.py on
  a wiki of its own where nothing changes, for as long as the rest of the benchmark runs
  (at least ``IDLE_AT_LEAST`` seconds), then gets SIGTERM; every request it sent is
  logged, and an hour's worth is extrapolated from them.
"""

from __future__ import annotations

import json
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generate import reworded

from recsync.source import parse_source

#: The shortest idle period measured (when the watch group runs alone).
IDLE_AT_LEAST = 180.0
#: The watcher's own default interval and safety net, as `recsync watch --help` says.
DEFAULT_INTERVAL = 30.0
DEFAULT_RESYNC = 3600.0


def watcher(wiki: Any, title: str, out: Path, *options: str, log: Path | None = None) -> Any:
    """``recsync watch`` on ``title``, in a process of its own (through counted.py with
    ``log``)."""
    command = [sys.executable, "-m", "recsync", "watch", "--source", title, *options]
    if log is not None:
        command = [sys.executable, str(Path(__file__).with_name("counted.py")), "--log",
                   str(log), *command[1:]]  # fmt: skip
    with out.open("wb") as stdout:
        return subprocess.Popen(
            command, env=wiki.env, cwd=Path(__file__).resolve().parents[1], stdout=stdout,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip


def until(condition: Any, what: str, timeout: float = 120.0, every: float = 0.1) -> float:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise RuntimeError(f"not within {timeout:.0f} s: {what}")
        time.sleep(every)
    return time.monotonic() - began


def shows(wiki: Any, title: str, text: str) -> Any:
    """Does the page show ``text`` yet?  (A condition for ``until``.)"""
    return lambda: text in wiki.text(title)


def stop(process: Any, what: str) -> None:
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=120)
    if code != 0:
        raise RuntimeError(f"{what}: exit {code} after SIGTERM")


def latency(wiki: Any, title: str, text: str, planned: list[tuple[str, str]], *,
            edits: int = 10, interval: float = 10.0, seed: int = 21) -> dict[str, Any]:  # fmt: skip
    """Edit to subpage and to index, ``edits`` times, with the watcher looking every
    ``interval`` seconds.  ``planned`` are the first sync's pages, in item order."""
    out = wiki.work / "watch-latency.out"
    process = watcher(wiki, title, out, "--interval", str(interval))
    rng = random.Random(seed)
    index = planned[-1][0]
    to_subpage, to_index = [], []
    try:
        until(lambda: "look at the recent changes" in out.read_text(), "the watch")
        until(lambda: "85 unchanged" in out.read_text(), "the watch's first sync")
        current = text
        for number in range(edits):
            time.sleep(rng.uniform(0, interval))
            item = (number * 7 + 3) % (len(planned) - 1)
            tag = f"watched edit {number + 1}"
            current = reworded(current, item, tag)
            wiki.edit_as_editor(title, current, f"bench: reword one item ({number + 1})")
            saved = time.monotonic()
            # The first sync's pages come in item order; an item's page is its own.
            items = parse_source(current).items
            page = planned[next(n for n, it in enumerate(items) if tag in it.text)][0]
            to_subpage.append(until(shows(wiki, page, tag), f"[[{page}]] edited"))
            until(shows(wiki, index, tag), "the index edited")
            to_index.append(time.monotonic() - saved)
    finally:
        stop(process, "the latency watcher")
    output = out.read_text()
    return {
        "interval": interval,
        "edits": edits,
        "to_subpage": [round(t, 2) for t in to_subpage],
        "to_index": [round(t, 2) for t in to_index],
        "syncs": output.count(f"recsync default: [[{title}]]"),
        "changes_seen": output.count("change    [["),
    }


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "max": max(values), "min": min(values)}


class Idle:
    """A watcher with nothing to do, on a wiki of its own, for the length of the run."""

    def __init__(self, wiki: Any, title: str) -> None:
        self.wiki = wiki
        self.title = title
        self.log = wiki.work / "watch-idle.requests.json"
        self.out = wiki.work / "watch-idle.out"
        self.log.unlink(missing_ok=True)
        self.process = watcher(wiki, title, self.out, log=self.log)
        self.began = time.monotonic()

    def finish(self, at_least: float = IDLE_AT_LEAST) -> dict[str, Any]:
        left = at_least - (time.monotonic() - self.began)
        if left > 0:
            time.sleep(left)
        stop(self.process, "the idle watcher")
        requests = json.loads(self.log.read_text())["requests"]
        looks = [r for r in requests if "list=recentchanges" in r["what"]]
        if len(looks) < 3:
            raise RuntimeError(f"the idle watcher looked {len(looks)} times")
        # The first look only finds where to look from; the idle period is between the
        # first sync (when the watch started) and the last look.
        synced = max((r["t"] for r in requests if "generator=allpages" in r["what"]), default=0)
        idle = [r for r in requests if r["t"] > synced]
        seconds = idle[-1]["t"] - synced if idle else 0.0
        others = [r for r in idle if "list=recentchanges" not in r["what"]]
        first_sync = [r for r in requests if "generator=allpages" in r["what"]]
        return {
            "interval": DEFAULT_INTERVAL,
            "resync": DEFAULT_RESYNC,
            "seconds": round(seconds, 1),
            "looks": sum(1 for r in idle if "list=recentchanges" in r["what"]),
            "other_requests": len(others),
            "other_kinds": sorted({r["what"] for r in others}),
            "sync_reads": len(first_sync),
            "all_requests": len(requests),
            "heartbeats": self.out.read_text().count("alive:"),
        }

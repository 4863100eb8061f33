"""Running recsync's command line the way a maintainer does, inside a live test."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recsync.cli import main


@dataclass
class Run:
    exit_code: int
    counts: dict[str, int]
    output: str
    errors: str

    @property
    def edits(self) -> int:
        """Edits made: a run that made none (dry, refused) counts the edits it planned."""
        if self.counts.get("dry_run"):
            return 0
        return self.counts["created"] + self.counts["updated"] + self.counts["retired"]


def sync(source: str | None, tmp_path: Path, *options: str) -> Run:
    """``python -m recsync sync --source SOURCE -always ...`` in this process.

    With ``source=None`` the options name the job (``--config FILE``).
    """
    summary = tmp_path / "summary.json"
    summary.unlink(missing_ok=True)
    out, err = io.StringIO(), io.StringIO()
    where = ["--source", source] if source is not None else []
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["sync", *where, "-always", "--summary-json", str(summary), *options])
    counts: dict[str, Any] = json.loads(summary.read_text()) if summary.exists() else {}
    return Run(code, counts, out.getvalue(), err.getvalue())


def install_templates(*options: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["install-templates", "-always", *options])
    return code, out.getvalue()


def status_call_params(text: str) -> dict[str, str]:
    """The status template's parameters on a subpage, as an editor reads them."""
    from recsync.subpage import read_call

    call = read_call(text, "Recommendation status")
    assert call is not None, text
    return call.params

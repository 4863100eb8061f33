"""What a command checks before pywikibot starts: the config dir, and every file it writes.

pywikibot, given no usable user-config.py, goes on against its default wiki
(test.wikipedia.org) and leaves ``logs/`` and ``throttle.ctrl`` in the current folder;
given ``-dir:`` of a folder that does not exist, it stops with a traceback.  So the
folder is found here first, the way pywikibot finds it, and any of these stops the
command in one line (exit 2) with nothing written anywhere:

* ``-dir:`` or ``PYWIKIBOT_DIR`` naming a folder that is missing, or holds no
  user-config.py (pywikibot ignores such a ``PYWIKIBOT_DIR``);
* no user-config.py in the current folder nor in ``~/.pywikibot``;
* a user-config.py that pywikibot skips (writable by others, owned by someone else),
  that is not Python, or that names no wiki (no ``family``);
* ``PYWIKIBOT_NO_USER_CONFIG``, which makes pywikibot ignore user-config.py.

Then every file and folder the run will write (``--report``, ``--summary-json``, the
job's ``log_dir`` and ``lock_dir``) is checked before the wiki is read: its folder
exists (or can be made) and is writable, and a file's name ends in a known extension.
Imports no pywikibot.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

USER_CONFIG = "user-config.py"
EXAMPLE = "user-config.py.example shows one for Meta-Wiki; scripts/devwiki makes one"


class PreflightError(Exception):
    """A configuration or output path that cannot work: one line, exit 2."""


def config_dir(
    global_options: Sequence[str], environ: Mapping[str, str], cwd: Path, home: Path
) -> Path:
    """pywikibot's config dir for this command, checked; PreflightError if unusable."""
    for option in global_options:
        name = option.partition(":")[0]
        if name == "-config":
            raise PreflightError(
                f"{option}: the job file is given as --config FILE (two dashes); pywikibot's "
                f"-config names another {USER_CONFIG}, which recsync does not take"
            )
    no_config = environ.get("PYWIKIBOT_NO_USER_CONFIG", "")
    if no_config not in ("", "0"):
        raise PreflightError(
            f"PYWIKIBOT_NO_USER_CONFIG={no_config} makes pywikibot ignore {USER_CONFIG} "
            "and use its default wiki: unset it"
        )
    given = next((o.removeprefix("-dir:") for o in global_options if o.startswith("-dir:")), None)
    if given is not None:
        return _checked(cwd / Path(given).expanduser(), f"-dir:{given}")
    if environ.get("PYWIKIBOT_DIR"):
        named = environ["PYWIKIBOT_DIR"]
        return _checked(cwd / Path(named).expanduser(), f"PYWIKIBOT_DIR={named}")
    candidates = [cwd]
    if environ.get("PYWIKIBOT_DIR_PWB"):  # pywikibot's pwb wrapper: its own folder
        candidates.append(cwd / environ["PYWIKIBOT_DIR_PWB"])
    candidates.append(home / ".pywikibot")
    for folder in candidates:
        if (folder / USER_CONFIG).exists():
            return _checked(folder, str(folder))
    raise PreflightError(
        f"no {USER_CONFIG} in the current folder ({cwd}) nor in {home / '.pywikibot'}, so "
        "pywikibot would use its default wiki: pass -dir:FOLDER (or set PYWIKIBOT_DIR) "
        f"naming the folder of your {USER_CONFIG} ({EXAMPLE})"
    )


def _checked(folder: Path, named: str) -> Path:
    folder = Path(os.path.normpath(folder))
    if not folder.exists():
        raise PreflightError(
            f"{named}: no such folder: make it and put your {USER_CONFIG} in it, or name "
            "the folder that holds it"
        )
    if not folder.is_dir():
        raise PreflightError(f"{named}: not a folder: name the folder of your {USER_CONFIG}")
    check_user_config(folder / USER_CONFIG, named)
    return folder


def check_user_config(path: Path, named: str = "") -> None:
    """A user-config.py that pywikibot will read and that names a wiki."""
    where = f"{named}: " if named and named != str(path.parent) else ""
    if not path.is_file():
        raise PreflightError(
            f"{where}no {USER_CONFIG} in {path.parent}, so pywikibot would use its default "
            f"wiki: put your {USER_CONFIG} there ({EXAMPLE})"
        )
    status = path.stat()
    if status.st_uid not in (os.getuid(), 0):
        raise PreflightError(
            f"{path} is owned by someone else, so pywikibot skips it: "
            "make it yours (chown) or use your own config folder"
        )
    if status.st_mode & 0o002:
        raise PreflightError(
            f"{path} is writable by others, so pywikibot skips it: chmod o-w {path}"
        )
    try:
        assigned = assigned_names(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PreflightError(f"cannot read {path}: {error}") from error
    except SyntaxError as error:
        raise PreflightError(
            f"{path}: not valid Python: line {error.lineno}: {error.msg}"
        ) from None
    if "family" not in assigned:
        raise PreflightError(
            f"{path} names no wiki (no family = ...), so pywikibot would use its default, "
            f"test.wikipedia.org: set family and mylang ({EXAMPLE})"
        )


def assigned_names(source: str) -> set[str]:
    """The names a Python file assigns at its top level (``a = b = 1``, ``a, b = ...``)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name):
                    names.add(leaf.id)
    return names


def output_file(path: Path, option: str, formats: Mapping[str, str]) -> None:
    """A file the run will write: a known extension, in a folder it may write in."""
    shown = f"{option} {path}"
    if path.suffix.lower() not in formats:
        known = ", ".join(f"{suffix} ({what})" for suffix, what in formats.items())
        raise PreflightError(f"{shown}: the name must end in {known}")
    if path.is_dir():
        raise PreflightError(f"{shown}: is a folder; name a file in it")
    folder = path.parent
    if not folder.is_dir():
        raise PreflightError(f"{shown}: no folder {folder}: make it, or name a file elsewhere")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PreflightError(f"{shown}: cannot write in {folder} (permission denied)")
    if path.exists() and not os.access(path, os.W_OK):
        raise PreflightError(f"{shown}: the file exists and cannot be written")


def output_folder(path: Path, what: str) -> None:
    """A folder the run writes in (made when missing): it, or its nearest existing parent,
    must be a folder this user may write in."""
    nearest = path
    while not nearest.exists() and nearest != nearest.parent:
        nearest = nearest.parent
    if not nearest.is_dir():
        raise PreflightError(f"{what} {path}: {nearest} is not a folder")
    if not os.access(nearest, os.W_OK | os.X_OK):
        made = "" if nearest == path else f" (to make {path})"
        raise PreflightError(f"{what} {path}: cannot write in {nearest}{made}: permission denied")


def write_output(path: Path, text: str) -> None:
    """Write a file the run was asked for; an error names the file (a full disk says
    nothing of which file it stopped)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error

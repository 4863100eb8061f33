"""recsync: keep one status subpage per recommendation in step with a source page."""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: Where ``pwb recsync`` looks for the script: a folder holding only ``recsync.py``,
#: named ``recsync`` because the wrapper imports ``<folder name>.i18n``.
SCRIPTS_PATH = Path(__file__).parent / "pwb" / "recsync"

try:
    __version__ = version("recsync")  # pyproject.toml's, as installed
except PackageNotFoundError:  # a checkout on sys.path, never installed
    __version__ = "0+unknown"

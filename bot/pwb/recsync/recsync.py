"""``pwb recsync``: the recsync command line, run through pywikibot's wrapper.

pywikibot finds this folder through the ``scriptspath`` entry point in pyproject.toml.
It holds this one script, so ``pwb`` offers ``recsync`` and none of the package's
modules; the wrapper takes the folder's name, ``recsync``, and imports
``recsync.i18n`` as the messages package.  The wrapper runs this file by its path,
not as a module of the package: hence the absolute import.
"""

import sys

# mypy checks the package as the folder bot/, so it cannot resolve the installed name.
from recsync.cli import main  # type: ignore[import-not-found]

if __name__ == "__main__":
    sys.exit(main())

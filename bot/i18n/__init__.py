"""pywikibot's messages package for recsync: the edit summaries' words.

``recsync/<language>.json`` is the bundle ``recsync`` (keys ``recsync-…``), ``qqq.json`` its
documentation for translators.  pywikibot's ``pwb`` wrapper imports this package and sets it
as the messages package for ``pwb recsync``; ``recsync`` and ``python -m recsync`` set it at
start (bot/startup.py).  The readers' words are elsewhere: templates/i18n.json.
"""

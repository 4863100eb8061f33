"""The namespaces of wikis in other languages, as their siteinfo gives them.

``GERMAN`` is what a wiki started with ``scripts/devwiki start --lang de`` (MediaWiki
1.39's German) says about itself, as ``recsync.wiki.Wiki.namespaces`` reads it through
pywikibot; tests/live/test_german_wiki.py checks that the two agree.
"""

from __future__ import annotations

from recsync.namespaces import Namespace, Namespaces

GERMAN = Namespaces.of(
    [
        Namespace(-2, "Medium", "Media"),
        Namespace(-1, "Spezial", "Special"),
        Namespace(0, "", ""),
        Namespace(1, "Diskussion", "Talk"),
        Namespace(2, "Benutzer", "User", ("Benutzerin",)),
        Namespace(3, "Benutzer Diskussion", "User talk", ("Benutzerin Diskussion",)),
        Namespace(4, "Devwiki", "Project"),
        Namespace(5, "Devwiki Diskussion", "Project talk"),
        Namespace(6, "Datei", "File", ("Image", "Bild")),
        Namespace(7, "Datei Diskussion", "File talk", ("Image talk", "Bild Diskussion")),
        Namespace(8, "MediaWiki", "MediaWiki"),
        Namespace(9, "MediaWiki Diskussion", "MediaWiki talk"),
        Namespace(10, "Vorlage", "Template"),
        Namespace(11, "Vorlage Diskussion", "Template talk"),
        Namespace(12, "Hilfe", "Help"),
        Namespace(13, "Hilfe Diskussion", "Help talk"),
        Namespace(14, "Kategorie", "Category"),
        Namespace(15, "Kategorie Diskussion", "Category talk"),
        # Translate's namespace, as scripts/devwiki adds it (named alike in every language)
        Namespace(1198, "Translations", "Translations"),
        Namespace(1199, "Translations talk", "Translations talk"),
    ]
)

"""An item's own markup as inline wikitext that is safe as a template parameter.  Pure.

* kept: internal links (``[[T]]``, ``[[T|label]]``, ``Special:MyLanguage/…``, colon links
  such as ``[[:Category:X]]``), external links to ``http(s)`` and ``//`` URLs (bracketed
  or bare), ``''italic''``, ``'''bold'''``, the tags of ``ALLOWED_TAGS`` (no attributes),
  footnotes as ``<ref>text</ref>``, their text made safe by the same rules (links kept,
  no footnote within), a named one used twice written once by name (``bot.footnotes``;
  no group: that needs a list of its own);
* dropped: links into the category, file and media namespaces, by any name the wiki
  gives them (``namespaces``: ``[[Kategorie:X]]``, ``[[Bild:X]]`` on a German wiki);
  templates and parser functions (but for those whose text the source parser shows:
  ``{{nowrap|x}}``, ``{{!}}``…); comments; the contents of ``DROPPED_TAGS``
  (``<script>``, ``<gallery>``…);
* as text: an interlanguage link (no leading colon, a prefix shaped like a language
  code, ``de:``, ``zh-yue:``, not in ``INLINE_INTERWIKI``), a link that is relative to
  the source page (``[[/Sub]]``, ``[[../X]]``, ``[[#Section]]``) or not a valid title,
  a link to any other scheme (``ftp:``, ``javascript:``…: its colon an entity, so that
  MediaWiki links no such text); other tags (``<span>``, ``<noinclude>``…) become their
  contents, ``<nowiki>`` its text; magic words and signatures are text, as ever.

Texts go through ``bot.wikitext.escape``; link targets and URLs are decoded, checked and
written with the characters that could be markup as entities.  The result never holds a
newline, ``{``, ``}``, ``=`` (but in ``<ref name="x">``), ``~~~``, ``__``, ``!!``, a ``|``
outside ``[[target|``, or a tag but the allowed ones, the footnote tags of
``bot.footnotes.WRITTEN_REF`` and ``<nowiki/>`` (it keeps bold/italic marks apart).
A result that would break these rules is replaced by the escaped plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell import nodes as mw
from mwparserfromhell.wikicode import Wikicode

from .footnotes import WRITTEN_REF, Footnotes, footnotes_of, has_text, ref_name
from .namespaces import ENGLISH, Namespaces
from .reading import HIDDEN_TAGS, SYMBOL_TEMPLATES, WRAPPER_TEMPLATES
from .restyle import STYLE_MARKS, NotAsParsed, Styled, restyled, stripped
from .wikitext import escape, fold

#: HTML tags written as they are (their attributes dropped).
ALLOWED_TAGS = frozenset(
    {"b", "i", "u", "s", "em", "strong", "small", "sup", "sub", "code", "del", "ins"}
)
#: Tags dropped with their contents: hidden, embedding or executable.
DROPPED_TAGS = HIDDEN_TAGS | frozenset(
    {"script", "style", "gallery", "imagemap", "inputbox", "categorytree", "graph",
     "hiero", "chem", "ce", "indicator", "mapframe", "maplink", "languages", "charinsert"}
)  # fmt: skip
#: Interwiki prefixes shaped like language codes that MediaWiki shows as inline links.
INLINE_INTERWIKI = frozenset({"mw", "wmf", "voy", "doi", "rfc"})
_LANGUAGE_PREFIX = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]+)*|simple")
#: Characters no title may hold (after entities are decoded).
_BAD_TITLE = re.compile(r"[<>\[\]|{}\x00-\x1f\x7f\ufffd]|~~~")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e]")
_URL = re.compile(r"(?:https?:)?//[^\s\[\]<>\"{}|\\^`\x00-\x1f\x7f]+", re.IGNORECASE)
#: URL protocols MediaWiki links in running text, other than http(s).
_TEXT_PROTOCOL = re.compile(
    r"\b(bitcoin|ftps?|geo|git|gopher|ircs?|magnet|mailto|matrix|mms|news|nntp|redis|sftp"
    r"|sips?|sms|ssh|svn|tel|telnet|urn|worldwind|xmpp):(?=\S)",
    re.IGNORECASE,
)
#: Runs that are markup only together, as bot.wikitext escapes them.
_RUNS = re.compile(r"_{2,}|'{2,}|!{2,}|~{3,}")
_APOSTROPHES = re.compile(r"'{2,}")
#: What may follow a bare URL without running on into it.
_ENDS_URL = re.compile(r"\s|[\[<]|[.,;:!?)]+(?:\s|$)")
#: Characters that are markup in runs: two pieces never join into one.
_JOINING = frozenset("~_!")
_LINK_OPEN = re.compile(r"\[\[[^\[\]{}|<>\n]+\|")
_TAG = re.compile(r"<[^<>]*>")
_SAFE_TAGS = {f"<{end}{t}>" for t in ALLOWED_TAGS | {"ref"} for end in ("", "/")} | {"<nowiki/>"}
#: The footnote tags as is_safe checks them: a name is kept apart from the rest.
_REF_SHAPE = {False: "<ref>", True: "<ref></ref>"}


def _entities(text: str) -> str:
    return "".join(f"&#{ord(c)};" for c in text)


def _unstyle(text: str) -> str:
    """Apostrophe runs left as text are unpaired bold/italic: dropped, as the parser does."""
    return _APOSTROPHES.sub(lambda m: "'" if len(m[0]) == 4 else "'" * max(0, len(m[0]) - 5), text)


def _escape_text(text: str, at_start: bool) -> str:
    """``escape`` for a piece of text among markup: one space kept at each edge."""
    core = fold(text)
    if not core:
        return " " if text else ""
    if at_start:
        out = escape(core)
    else:  # not at a line start: a leading * # : ; - needs no entity
        out = escape("x" + core)[1:]
        if out.startswith("'"):  # but a ' would join a bold/italic mark before it
            out = "&#39;" + out[1:]
    out = _TEXT_PROTOCOL.sub(lambda m: m.group(1) + "&#58;", out)
    lead = " " if text[:1].isspace() and not at_start else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + out + trail


@dataclass
class _Out:
    """Safe wikitext being written, and the plain text a reader would see of it."""

    at_start: bool = False  # the first text may start a line
    parts: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # text not yet escaped
    shown: list[str] = field(default_factory=list)
    marked: bool = False  # holds markup, not only text
    bare_url: tuple[int, str] | None = None  # the last part is this bare URL

    def url(self, url: str) -> None:
        """A bare URL; bracketed after all if what follows would run on into it."""
        self.markup(_encode(url), url)
        self.bare_url = (len(self.parts) - 1, url)

    def text(self, text: str) -> None:
        self.pending.append(text)
        self.shown.append(text)

    def markup(self, markup: str, shown: str = "") -> None:
        self._flush()
        self._append(markup)
        self.shown.append(shown)
        self.marked = True

    def _append(self, piece: str) -> None:
        """Add a piece so that it makes no markup with the end of the one before."""
        if self.bare_url and piece and not _ENDS_URL.match(piece):
            index, url = self.bare_url
            self.parts[index] = f"[{_encode(url)} {_escape_text(url, at_start=False)}]"
        self.bare_url = None
        if self.parts and piece:
            before = self.parts[-1]
            last = before[-1:]
            left, right = len(before) - len(before.rstrip("'")), len(piece) - len(piece.lstrip("'"))
            if left and right and left + right != 5:  # '' + ''' is bold italic; else apart
                self.parts.append("<nowiki/>")
            elif last in _JOINING and piece[0] == last:  # ~ + ~~, _ + _, ! + !: only text
                piece = _entities(last) + piece[1:]
        self.parts.append(piece)

    def _flush(self) -> None:
        if self.pending:
            at_start = self.at_start and not "".join(self.parts).strip()
            piece = _escape_text("".join(self.pending), at_start)
            self.pending.clear()
            if piece:
                self._append(piece)

    def wikitext(self) -> str:
        self._flush()
        return re.sub(" {2,}", " ", "".join(self.parts))

    def plain(self) -> str:
        return "".join(self.shown)


_Context = Footnotes  # what the walk carries along: the item's footnotes


# --- links ------------------------------------------------------------------------------


def _title_text(code: Wikicode) -> str | None:
    """A link target as MediaWiki reads it, or None when it holds markup."""
    if any(not isinstance(node, mw.Text | mw.HTMLEntity) for node in code.nodes):
        return None
    return " ".join(_BIDI.sub("", html.unescape(str(code))).split())


def _classify(target: str | None, namespaces: Namespaces) -> str:
    """``link``, ``drop`` (embeds or categorises, by the wiki's ``namespaces``) or
    ``text`` (anything unsafe or odd; a prefix that is no namespace but a language's)."""
    if not target or _BAD_TITLE.search(target):
        return "text"
    colon = target.startswith(":")
    body = target[1:].strip() if colon else target
    if not body or body.startswith(("/", "../", "#")):
        return "text"  # relative to the page it is on: the subpage is not the source
    prefix, sep, _ = body.partition(":")
    if sep and not colon:
        if namespaces.embeds(body):
            return "drop"
        if namespaces.id_of(prefix) is not None:
            return "link"
        key = "".join(c for c in prefix.casefold() if c.isalnum() or c == "-")
        if _LANGUAGE_PREFIX.fullmatch(key) and key not in INLINE_INTERWIKI:
            return "text"  # an interlanguage link: it would leave for the sidebar
    return "link"


def _encode(target: str) -> str:
    """A checked link target or URL, with & = and markup runs as entities (MediaWiki
    decodes them in both)."""
    out = target.replace("&", "&amp;").replace("=", "&#61;")
    return _RUNS.sub(lambda m: _entities(m.group(0)), out)


def _url(code: Wikicode) -> str | None:
    """An allowed URL, decoded and without comments, or None."""
    if any(not isinstance(node, mw.Text | mw.HTMLEntity | mw.Comment) for node in code.nodes):
        return None
    url = html.unescape("".join(str(n) for n in code.nodes if not isinstance(n, mw.Comment)))
    url = url.strip()
    return url if _URL.fullmatch(url) else None


def _wikilink(node: mw.Wikilink, out: _Out, ctx: _Context, in_link: bool) -> None:
    target = _title_text(node.title)
    kind = _classify(target, ctx.namespaces)
    if kind == "drop":
        return
    label = _Out()
    if node.text is not None:
        _render(node.text.nodes, label, ctx, in_link=True)
    if kind == "text" or in_link or target is None:
        if label.wikitext().strip():
            _splice(label, out)
        else:
            out.text(target.lstrip(":") if target else html.unescape(str(node.title)).strip())
    elif label.wikitext().strip():
        _link(out, f"[[{_encode(target)}|", label, "]]")
    else:  # [[X|]] would be a pipe trick
        out.markup(f"[[{_encode(target)}]]", target.lstrip(":"))


def _link(out: _Out, before: str, label: _Out, after: str) -> None:
    """A link around its rendered label; spaces at the label's edges go outside."""
    inner, shown = label.wikitext(), label.plain()
    lead, trail = inner.startswith(" "), inner.endswith(" ")
    if lead:
        out.text(" ")
        shown = shown.lstrip()
    out.markup(before + inner.strip() + after, shown.rstrip() if trail else shown)
    if trail:
        out.text(" ")


def _splice(child: _Out, out: _Out) -> None:
    """Write a rendered label into ``out`` (as markup, so its pieces stay escaped)."""
    if not child.marked:  # plain text: join the text around it before escaping
        out.text(child.plain())
    elif child.wikitext().strip():
        out.markup(child.wikitext(), child.plain())


def _external_link(node: mw.ExternalLink, out: _Out, ctx: _Context, in_link: bool) -> None:
    url = _url(node.url)
    label = _Out()
    if node.title is not None:
        _render(node.title.nodes, label, ctx, in_link=True)
    if url is None or in_link:
        if label.wikitext().strip():
            _splice(label, out)
        else:
            _render(node.url.nodes, out, ctx, in_link=True)
    elif not node.brackets:
        out.url(url)
    elif label.wikitext().strip():
        _link(out, f"[{_encode(url)} ", label, "]")
    else:  # [https://x] shows [1]; the URL says more
        out.markup(f"[{_encode(url)} {_escape_text(url, at_start=False)}]", url)


# --- templates, tags, footnotes ---------------------------------------------------------


def _template(node: mw.Template, out: _Out, ctx: _Context, in_link: bool) -> None:
    """The text the source parser shows for a template, rendered; any other is dropped."""
    name = " ".join(str(node.name).replace("_", " ").split()).lower()
    if name in SYMBOL_TEMPLATES:
        out.text(SYMBOL_TEMPLATES[name])
        return
    second = name in {"lang", "lang-x", "transl"}
    key = "2" if second else "1"
    shown = node.get(key).value if node.has(key) else None
    if shown is None or not (second or name == "tl" or name in WRAPPER_TEMPLATES):
        return
    if name == "tl":
        out.text("{{" + plain_inline(str(shown)) + "}}")
    else:
        _render(shown.nodes, out, ctx, in_link)


def _ref(node: mw.Tag, out: _Out, ctx: _Context, in_link: bool) -> None:
    """A footnote as ``<ref>its text</ref>``, by name when the item uses it again; one
    with no text is dropped, and so is one within a footnote (Cite shows none)."""
    if ctx.inside:
        return
    shared = ctx.names.get(ref_name(node) or "")
    if shared and shared in ctx.written:
        out.markup(f'<ref name="{shared}" />')
        return
    text = _footnote_text(node, ctx, in_link)
    if text and shared:
        ctx.written.add(shared)
        out.markup(f'<ref name="{shared}">{text}</ref>')
    elif text:
        out.markup(f"<ref>{text}</ref>")


def _footnote_text(node: mw.Tag, ctx: _Context, in_link: bool) -> str:
    """The footnote's own markup made safe, or the caller's plain text when the markup
    shows less than the caller read in it (a citation template)."""
    given = fold(ctx.given.get(id(node), ""))
    tag = node if has_text(node) else ctx.defining.get(ref_name(node) or "")
    if tag is not None and tag.contents is not None:
        inner = _Out(at_start=True)  # Cite reads a footnote's text as a page of its own
        ctx.inside = True
        _render(tag.contents.nodes, inner, ctx, in_link)
        ctx.inside = False
        if not given or fold(inner.plain()) == given:
            return inner.wikitext().strip()
    return _escape_text(given, at_start=True) if given else ""


def _tag(node: mw.Tag, out: _Out, ctx: _Context, in_link: bool) -> None:
    name = str(node.tag).strip().lower()
    if node.wiki_markup:
        mark = str(node.wiki_markup)
        if mark in STYLE_MARKS and node.contents is not None:
            _wrap(out, mark, node.contents.nodes, mark, ctx, in_link)
        else:
            out.text(" ")  # a list or definition mark in mid-line, as the parser reads it
        return
    if name == "ref":
        _ref(node, out, ctx, in_link)
    elif name in {"br", "hr"}:
        out.text(" ")
    elif name == "nowiki":
        out.text(html.unescape(str(node.contents)) if node.contents is not None else "")
    elif name in DROPPED_TAGS or node.self_closing or node.contents is None:
        return
    elif name in ALLOWED_TAGS:
        _wrap(out, f"<{name}>", node.contents.nodes, f"</{name}>", ctx, in_link)
    else:
        _render(node.contents.nodes, out, ctx, in_link)


def _wrap(
    out: _Out, start: str, nodes: Sequence[mw.Node], end: str, ctx: _Context, in_link: bool
) -> None:
    """Bold, italic or an allowed tag around its rendered contents; nothing if empty."""
    inner = _Out()
    _render(nodes, inner, ctx, in_link)
    if inner.wikitext().strip():
        out.markup(start + inner.wikitext() + end, inner.plain())


def _render(nodes: Sequence[mw.Node], out: _Out, ctx: _Context, in_link: bool = False) -> None:
    for node in restyled(nodes) if ctx.restyle else nodes:
        if isinstance(node, mw.Text):
            out.text(_unstyle(node.value))
        elif isinstance(node, mw.HTMLEntity):
            out.text(str(node.normalize()))
        elif isinstance(node, mw.Wikilink):
            _wikilink(node, out, ctx, in_link)
        elif isinstance(node, mw.ExternalLink):
            _external_link(node, out, ctx, in_link)
        elif isinstance(node, mw.Template):
            _template(node, out, ctx, in_link)
        elif isinstance(node, mw.Tag):
            _tag(node, out, ctx, in_link)
        elif isinstance(node, Styled):
            _wrap(out, node.mark, node.nodes, node.mark, ctx, in_link)
        elif isinstance(node, mw.Argument):
            if node.default is not None:
                _render(node.default.nodes, out, ctx, in_link)
        elif isinstance(node, mw.Heading):
            _render(node.title.nodes, out, ctx, in_link)
        elif not isinstance(node, mw.Comment):
            out.text(str(node))


# --- the two entry points ---------------------------------------------------------------


def is_safe(wikitext: str) -> bool:
    """The contract, checked on the result itself (see the module's docstring)."""
    wikitext = WRITTEN_REF.sub(lambda m: _REF_SHAPE[bool(m.group(2))], wikitext)
    untagged = _TAG.sub("", wikitext)
    return not (
        any(bad in wikitext for bad in ("\n", "\r", "{", "}", "=", "~~~", "__", "!!"))
        or re.search(r"(?<!')(?:'{4}|'{6,})(?!')", wikitext)
        or wikitext[:1] in set("*#:;!-'")
        or wikitext[-1:] == "'"
        or "|" in _LINK_OPEN.sub("", wikitext)
        or any(tag not in _SAFE_TAGS for tag in _TAG.findall(wikitext))
        or "<" in untagged
        or ">" in untagged
    )


def safe_inline(
    wikitext: str,
    refs: Sequence[str] = (),
    namespaces: Namespaces = ENGLISH,
    nodes: Sequence[mw.Node] | None = None,
) -> str:
    """An item's markup as safe inline wikitext for a template parameter (see above).

    ``refs`` are the plain texts of the item's footnotes in order (``Item.refs``); they
    are used when there are as many as the markup has footnotes.  ``namespaces``: the
    wiki's.  ``nodes``: the markup as bot.source read it (``Item.nodes``), not parsed again.
    """
    if nodes is not None:
        try:
            return _finished(_written(nodes, refs, namespaces))
        except NotAsParsed:
            pass
    code = mwparserfromhell.parse(wikitext)
    out = _Out(at_start=True)
    _render(code.nodes, out, footnotes_of(code, refs, namespaces))
    return _finished(out)


def _written(nodes: Sequence[mw.Node], refs: Sequence[str], namespaces: Namespaces) -> _Out:
    """The source's nodes of an item written out, as if its markup had been parsed alone."""
    nodes = stripped(nodes)
    ctx = footnotes_of(Wikicode(nodes), refs, namespaces)
    ctx.restyle = True
    out = _Out(at_start=True)
    _render(nodes, out, ctx)
    return out


def _finished(out: _Out) -> str:
    result = out.wikitext().strip()
    if result.startswith("'"):  # a bold/italic mark: keep it from the template's own
        result = "<nowiki/>" + result
    if result.endswith("'"):
        result += "<nowiki/>"
    if is_safe(result):
        return result
    return escape(out.plain())  # never reached on any input known; the contract holds


def plain_inline(wikitext: str, namespaces: Namespaces = ENGLISH) -> str:
    """What a reader sees of ``safe_inline(wikitext)``: no markup, no footnotes, folded."""
    out = _Out()
    _render(mwparserfromhell.parse(wikitext).nodes, out, Footnotes(namespaces=namespaces))
    return fold(out.plain())

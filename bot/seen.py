"""What the bot remembers of each subpage's content, so that an unchanged page is not
parsed again.  Pure.

Each index row may carry ``data-seen="SHA1-DIGEST"``:

* SHA1, the first 20 hex digits of the sha1 of the page's text as the bot last read
  it, or as MediaWiki stores the text the bot saved (trailing whitespace trimmed);
* DIGEST, 16 hex digits over what the bot's own parameters of the call on that text
  were made from (``item_key``: the item's markup, group, id, number, the source page,
  and a fingerprint of the code that renders them), when the row is an item's page.

A later run takes the page's call from the row instead of parsing the page when the
text the wiki sends in the same tree read has that sha1 and the row comes from a
revision of the index the bot saved itself (the index is editable: a row someone
else wrote is never trusted).  Any edit of the page changes its sha1: the page is
read again.  Only pages whose call the row describes exactly are remembered: one
call, with the item's ``id``, a ``number`` equal to the id's, a text and no ``anchor``
(anchors are few, and matching needs them).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from .index import IndexRow
from .subpage import StatusCall

SHA1_DIGITS = 20  # 80 bits: no edit of a page can be made to keep them by chance
DIGEST_DIGITS = 16
_SEEN = re.compile(rf"([0-9a-f]{{{SHA1_DIGITS}}})(?:-([0-9a-f]{{{DIGEST_DIGITS}}}))?")
_ID_NUMBER = re.compile(r"/(\d+)$")
#: What PHP's rtrim() removes: MediaWiki trims a saved text's end with it.
_PHP_SPACE = " \t\n\r\0\x0b"


def content_sha1(text: str) -> str:
    """The sha1 of a page's text as MediaWiki stores it (its end trimmed)."""
    stored = text.rstrip(_PHP_SPACE).replace("\r\n", "\n")
    return hashlib.sha1(stored.encode("utf-8")).hexdigest()[:SHA1_DIGITS]


def item_key(parts: Sequence[str]) -> str:
    """A digest of everything an item's parameters are made from (in a fixed order).

    Comparing it spares rendering each item's markup on a run where nothing changed;
    the code's fingerprint among the parts makes a recsync that renders otherwise
    write every page again.
    """
    blob = json.dumps(list(parts), ensure_ascii=False)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:DIGEST_DIGITS]


def seen_value(text: str, key: str = "") -> str:
    """``data-seen`` for a page with ``text`` whose call holds the item of ``key``."""
    sha1 = content_sha1(text)
    return f"{sha1}-{key}" if key else sha1


def valid(value: str) -> str:
    """The value if it has the shape the bot writes, else '' (a row is editable)."""
    return value if _SEEN.fullmatch(value) else ""


def same_content(value: str, text: str | None) -> bool:
    match = _SEEN.fullmatch(value)
    return match is not None and text is not None and match.group(1) == content_sha1(text)


def same_key(value: str, key: str) -> bool:
    match = _SEEN.fullmatch(value)
    return match is not None and match.group(2) == key


def id_number(page_id: str) -> str:
    """The number at the end of an item's id ('' if none): the call's ``number``."""
    found = _ID_NUMBER.search("/" + page_id)
    return found.group(1) if found else ""


def memorable(page_id: str, call: Mapping[str, str]) -> bool:
    """Does a row describe this call exactly (so that the row can stand in for it)?

    ``call`` is the call's shown parameters after the run: its own ``id`` equal to the
    item's, the id's number, a text, and no anchor.
    """
    number = id_number(page_id)
    return (
        bool(number)
        and call.get("id", "") == page_id
        and call.get("number", "") == number
        and bool(call.get("text", ""))
        and not call.get("anchor", "")
    )


def remembered_call(row: IndexRow) -> StatusCall:
    """The call a remembered page holds, as a parse of it would read it (shown values)."""
    params = {
        "id": row.id,
        "group": row.group,
        "number": id_number(row.id),
        "text": row.text,
        "status": row.status,
        "in_source": "yes" if row.in_source else "no",
    }
    return StatusCall(params)


def trusted_rows(memory: list[IndexRow], index_user: str, bot_user: str) -> dict[str, IndexRow]:
    """Rows that may stand in for their pages: title -> row.

    Only when the index's latest revision is the bot's own: then every ``data-seen``
    in it is one the bot wrote, after checking it against the page.
    """
    if not bot_user or index_user != bot_user:
        return {}
    return {row.title: row for row in memory if valid(row.seen)}


#: The memory alone is saved when it is out of date for this many rows, and this share.
STALE_ROWS = 100
STALE_SHARE = 0.1


def worth_saving(
    rows: Sequence[IndexRow], before: Mapping[str, IndexRow], keep: Collection[str] = ()
) -> bool:
    """Is the index's memory (``before``, by id) out of date for many of the rows?

    A page someone else edited since is read on each run until the index is next
    saved: a millisecond or two a page, cheaper than an edit nobody sees, unless there
    are many (an index made by an older recsync, or a recsync that renders otherwise).
    Pages titled in ``keep`` (the run writes them) do not count.
    """
    stale = sum(1 for r in rows if r.title not in keep and r.seen != _seen_before(r, before))
    return stale >= max(STALE_ROWS, STALE_SHARE * len(rows))


def old_memory(
    rows: Sequence[IndexRow], before: Mapping[str, IndexRow], keep: Collection[str] = ()
) -> list[IndexRow]:
    """The rows with the memory the index holds now, but for the pages titled in ``keep``:
    to tell memory from news."""
    return [row if row.title in keep else replace(row, seen=_seen_before(row, before))
            for row in rows]  # fmt: skip


def _seen_before(row: IndexRow, before: Mapping[str, IndexRow]) -> str:
    old = before.get(row.id)
    return old.seen if old is not None else ""

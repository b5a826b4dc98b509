"""The `[protocol]` table of a session document, both ways: the protocol's text travels with
the session (so that the file opens wherever it goes), and is checked against its digest
when the file is read."""

from __future__ import annotations

import functools
import re
from typing import Any

import tomli_w

from ..core.model.protocol import (
    Protocol,
    ProtocolError,
    digest,
    parse_protocol,
    shipped_by_digest,
    shipped_protocol,
)
from ..core.untrusted import MAX_PROTOCOL_BYTES
from .unreadable import Invalid, Unreadable

PROTOCOL_ID = r"[a-z][a-z0-9_-]{0,59}"


def protocol_fields(protocol: Protocol) -> dict[str, str]:
    """The table a document carries for `protocol`: its name, version, digest and text."""
    return {
        "id": protocol.id,
        "version": protocol.version,
        "sha256": protocol.sha256,
        "source": protocol.source,
    }


@functools.lru_cache(maxsize=4)
def protocol_table(id: str, version: str, sha256: str, source: str = "") -> str:
    """The `[protocol]` table as TOML, formatted once per protocol rather than at every save
    (its text is some 25 KB, which tomli-w escapes a character at a time). A document read
    from a file written before sessions carried their protocol has no source."""
    table = {"id": id, "version": version, "sha256": sha256}
    return tomli_w.dumps({"protocol": table | ({"source": source} if source else {})})


def carried(table: Any) -> Protocol:
    """The protocol a session followed: the copy it carries (its digest checked), or for a
    file written before sessions carried one, the shipped protocol of that name. An id from
    a file only ever names a shipped protocol; it is never opened as a path."""
    if not isinstance(table, dict):
        raise Invalid("no [protocol] table")
    name = table.get("id")
    digest = table.get("sha256", "")
    source = table.get("source")
    if not isinstance(name, str) or not re.fullmatch(PROTOCOL_ID, name):
        raise Invalid("protocol.id is not a protocol's name")
    if not isinstance(digest, str) or not re.fullmatch(r"([0-9a-f]{64})?", digest):
        raise Invalid("protocol.sha256 is not a digest")
    if source is None:
        shipped = shipped_protocol(name)
        if shipped is None:
            raise Unreadable(
                f"it was made with the protocol {name!r}, which this version does "
                "not ship, and the file does not carry it"
            )
        return shipped
    if not isinstance(source, str) or len(source) > MAX_PROTOCOL_BYTES:
        raise Invalid("protocol.source is not a protocol's text")
    if _sha256(source) != digest:
        raise Unreadable("the protocol it carries does not match its digest (the file was altered)")
    try:
        return _parsed(digest, source)
    except ProtocolError as exc:
        raise Unreadable(f"the protocol it carries cannot be used ({exc.problems[0]})") from None


@functools.lru_cache(maxsize=8)
def _sha256(source: str) -> str:
    """The digest of a carried protocol's text, worked out once per text: every file of a
    course carries the same one (0.06 ms a file otherwise)."""
    return digest(source)


@functools.lru_cache(maxsize=8)
def _parsed(digest: str, source: str) -> Protocol:
    """A protocol carried in a session file (its digest checked): the shipped one when it
    is, without pydantic; a folder of a course's sessions parses each protocol once."""
    return shipped_by_digest(digest) or parse_protocol(source.encode("utf-8"), "protocol")

"""What comes from a file is untrusted: its size, its shape and its characters are checked
before any of it is used.

Protocols, sessions, course files and debrief comments may be crafted. Three rules hold
for all of them, here in one place:

- a file is read only if it is a regular file of bounded size (never a device, a FIFO or
  `/dev/zero`), and without blocking;
- TOML is parsed only when its text stays within limits no real file comes near (size,
  nesting, dotted keys, lists), and what it gives is no deeper than any real file: a crafted
  file cannot exhaust the stack, the memory or the time;
- every string shown or exported has its control characters made visible (C0 but line
  breaks and tabs, DEL, C1, and the invisible ones that reorder or hide text: bidirectional
  overrides and isolates, zero-width spaces): an escape sequence in a file never reaches the
  terminal, and no text shows other than it is.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

# rtoml (Rust's toml crate), reading TOML 1.1: a session file with its protocol's line set
# aside in 0.41 ms against tomli's 2.15 (tomllib's own upstream, compiled) and tomllib's ~9,
# the same values; course figures parse thousands of them (docs/SCALE.md).
# TOML 1.1 adds the escapes \e and \xHH, which make control characters: _MAY_HIDE knows them.
import rtoml

# A protocol file: the shipped ones are about 25 KB.
MAX_PROTOCOL_BYTES = 1024 * 1024
# A session file: a 90-minute session typed all through is about 450 KB (the promise:
# under 1 MB, docs/RELIABILITY.md).
MAX_SESSION_BYTES = 4 * 1024 * 1024
# Lists and tables in a protocol file, counted as a session's are (`MAX_SESSION_BRACKETS`):
# the shipped ones have some 200. 1 MB of dotted keys was 350 MB once parsed, in a session
# file's carried protocol as well as in a protocol file.
MAX_PROTOCOL_BRACKETS = 10_000
# Small files: the course file, a teacher's identity file, a debrief's comments.
MAX_SMALL_BYTES = 1024 * 1024
# Brackets and braces open at once: a session nests 3 deep, a protocol 2.
MAX_NESTING = 20
# Parts of one dotted key ("state.step_seconds" has 2).
MAX_KEY_PARTS = 12
# Tables and arrays within each other once parsed (the deepest session value is 6 deep, a
# protocol's 4): brackets, braces, headers and dotted keys all nest them.
MAX_DEPTH = 16
# Events of one session: a 90-minute session typed all through has about 6,000.
MAX_EVENTS = 30_000
# Lists and tables in a session file, counted before it is parsed as the `[` and `{` outside
# its strings and the dots between a key's parts (a table each): an event is one, or two
# with a list inside (students, actions, steps); a table header is one or a few; inline
# tables are few (a session has 2).
MAX_SESSION_BRACKETS = 3 * MAX_EVENTS


class Refused(ValueError):
    """Input refused before it is used; the message says why, in plain words."""


class NotToml(ValueError):
    """The text is not TOML: the parser's message, in one line."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Refused (with a message) for a device, a FIFO, a folder or a larger file; opened without
    blocking, so a FIFO with no writer cannot hang the program. OSError for a file that
    cannot be read (FileNotFoundError when it is missing)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > limit:
            raise Refused(f"too large ({info.st_size:,} bytes; the limit is {limit:,})")
        chunks = []
        size = 0
        # First what the file says it holds and a byte more (to see it grew): a read of a
        # megabyte for a 55 KB file took three times as long (0.10 against 0.03 ms).
        step = min(info.st_size + 1, limit + 1)
        while chunk := os.read(fd, min(step, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise Refused(f"too large (over {limit:,} bytes)")
            step = 1 << 20
        return b"".join(chunks)
    finally:
        os.close(fd)


# Strings and comments of a TOML text, found so that the brackets and dots inside them are
# not counted. The order matters: triple quotes before single ones. TOML 1.1's inline tables
# may span lines and hold comments, which changes nothing here: the scan does not go by lines.
_STRINGS = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{3,5}'  # multi-line basic string
    r"|'''[\s\S]*?'{3,5}"  # multi-line literal string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
)
# A key of more than MAX_KEY_PARTS parts: as many dots with only a part between each two
# (and a part before the first, which a text that TOML reads always has there). Searched
# from its dots, a literal the search skips ahead to.
_LONG_KEY = re.compile(r"\.(?:[ \t]*[A-Za-z0-9_-]+[ \t]*\.){" + str(MAX_KEY_PARTS - 1) + "}")
# A dot between two parts of a key, the second followed by the key's `=` or its next dot:
# a table made with no bracket. A float's or a time's dot is followed by digits and then
# never by `=` or `.`; a header's last dot is not counted (its brackets are).
_KEY_DOT = re.compile(r"\.(?=[ \t]*[A-Za-z0-9_-]+[ \t]*[.=])")
# Outside strings and comments, what TOML reads is ASCII: all of it but the brackets goes.
_ALL_BUT_BRACKETS = str.maketrans(
    "", "", "".join(chr(code) for code in range(128) if chr(code) not in "[]{}")
)


def toml_within_limits(text: str, max_brackets: int = MAX_SESSION_BRACKETS) -> None:
    """Refuse TOML that nests deeper or has longer dotted keys than any real file, before it
    is parsed, and one with more lists and tables than `max_brackets` (by default a session
    file's bound, which no other file the program reads comes near).

    rtoml bounds the nesting of brackets and of a key's parts each on its own (about 80),
    but not the two multiplied: inline tables 80 deep, each with an 80-part key, are tables
    6,400 deep, and turning them into Python objects overflows the stack (a 13 KB file ended
    the program). Within these limits a value is at most 20 × 12 tables deep. A 4 MB text of
    empty lists is 1.3 million of them, 340 MB once parsed; of empty inline tables, 1
    million, 235 MB.

    The text outside strings and comments is what is scanned. A session file as this
    program writes it has basic strings only, found by splitting it at its quotes: the scan
    of a session's 20 KB takes 0.2 ms, against 0.5 ms with the expression for every kind of
    string and a loop over the brackets."""
    if "#" in text or "'" in text or '"""' in text or '\\"' in text:
        outside = _STRINGS.sub("s", text)
    else:
        outside = _outside_basic_strings(text)
    if _LONG_KEY.search(outside):
        raise Refused(f"a key has more than {MAX_KEY_PARTS} dotted parts")
    if _values(outside, max_brackets) > max_brackets:
        raise Refused(
            f"it holds more values than any real file ({max_brackets:,} lists and tables at most)"
        )
    # Each pass takes away the innermost pairs (an opening bracket or brace right before a
    # closing one), a level of nesting each: a pair left after MAX_NESTING passes was nested
    # deeper. Unmatched ones never make a pair; the parser says what is wrong with them.
    brackets = outside.translate(_ALL_BUT_BRACKETS)
    for _ in range(MAX_NESTING):
        shorter = brackets.replace("[]", "").replace("{}", "").replace("[}", "").replace("{]", "")
        if shorter == brackets:
            return
        brackets = shorter
    if any(pair in brackets for pair in ("[]", "{}", "[}", "{]")):
        raise Refused(f"values are nested more than {MAX_NESTING} deep")


def _values(outside: str, most: int) -> int:
    """The lists and tables the text `outside` strings makes, counted from above: its `[`
    and `{`, and, when there may be more than `most`, its keys' dots. A dotted key makes a
    table of each part but its last: 4 MB of `k1.a.a.a.a.a.a.a.a.a.a.a = 1` were 1.6
    million tables, 1.1 GB once parsed. A session's dots are mostly its floats', far
    fewer than `most`, so the expression is seldom run."""
    brackets = outside.count("[") + outside.count("{")
    if brackets + outside.count(".") <= most:
        return brackets
    return brackets + len(_KEY_DOT.findall(outside))


def _outside_basic_strings(text: str) -> str:
    """`text` with each string an "s", for a text with no comment, no literal string, no
    multi-line string and no escaped quote (a session file as this program writes it):
    there every `"` opens or closes a basic string, so what lies outside them is every
    other piece between quotes. A last quote without its pair stays, with what follows it.
    0.09 against 0.12 ms for a session's 20 KB with the expression `"[^"]*"`."""
    pieces = text.split('"')
    outside = "s".join(pieces[::2])
    if len(pieces) % 2 == 0:  # an odd number of quotes
        outside += '"' + pieces[-1]
    return outside


def parse_toml(text: str, max_brackets: int = MAX_SESSION_BRACKETS) -> dict[str, Any]:
    """The TOML `text` parsed after the limits are checked; a parse error as
    NotToml, in one line. Refused for what the limits keep out, and for
    values nested deeper than MAX_DEPTH once parsed."""
    toml_within_limits(text, max_brackets)
    try:
        # A CRLF line end is a line end (TOML); rtoml keeps it inside multi-line strings,
        # where `visible` would show its CR. Looked for as a CR first, a search the quicker
        # (0.001 against 0.02 ms for a session's 20 KB with none).
        data = rtoml.loads(text.replace("\r\n", "\n") if "\r" in text else text)
    except rtoml.TomlParsingError as exc:
        if "recurs" in str(exc):  # "max recursion depth met", "recursion limit"
            raise Refused(f"values are nested more than {MAX_DEPTH} deep") from None
        raise NotToml(_one_line(str(exc))) from None
    _check_depth(data)
    return data


def _one_line(message: str) -> str:
    """rtoml's message ("key with no value, expected `=` at line 1 column 6") as one line of
    at most 200 characters, with nothing invisible in it."""
    return visible_line(" ".join(message.split()))[:200]


def _check_depth(data: dict[str, Any] | list[Any]) -> None:
    """Refused when tables and arrays lie more than MAX_DEPTH within each other (dotted
    keys and headers nest tables without brackets): any value of a table, or a table or
    array in an array, deeper than MAX_DEPTH.

    The scan before the parse does not make this walk needless: its limits let a header of
    11 parts stand over a key of 11 (tables 22 deep, no bracket nested); a header of arrays
    of tables nests two levels a part; and what the scan could measure of a session's own
    text (keys of 5 parts, brackets 3 deep) bounds it only to some 30 levels. Walked a level
    at a time, into tables and arrays only (most of a session's values are numbers and
    strings), past those whose items hold none (most of a session's event rows), their
    items' types looked at in C: 0.12 against 0.16 ms for a session."""
    level: list[Any] = [data]
    depth = 0
    while level:
        deeper: list[Any] = []
        for value in level:
            if type(value) is dict:
                if value and depth >= MAX_DEPTH:
                    raise Refused(f"values are nested more than {MAX_DEPTH} deep")
                value = value.values()
            # The parser gives plain dicts and lists; `type() is` is twice as quick here as
            # isinstance.
            if not _CONTAINERS.isdisjoint(map(type, value)):
                deeper += [item for item in value if type(item) is dict or type(item) is list]
        if deeper and depth >= MAX_DEPTH:
            raise Refused(f"values are nested more than {MAX_DEPTH} deep")
        level = deeper
        depth += 1


# What the parser gives that holds values of its own.
_CONTAINERS = frozenset({dict, list})


# Invisible characters that change how the text around them shows: the bidirectional marks,
# embeddings, overrides and isolates (U+202E turns "exe.txt" into "txt.exe"), the zero-width
# space, the word joiner and its invisible operators, the byte-order mark, the Mongolian
# vowel separator. The zero-width joiner and non-joiner (U+200D, U+200C) are kept: they are
# part of emoji and of Persian and Indic words, and move or hide nothing. So is the soft
# hyphen (U+00AD) in a text, which one pasted from a word processor carries: it shows as a
# hyphen where a line breaks at it, or not at all. Not in a line (a client code, a name, a
# title, a file's name): there it could make one look like another, and is shown (`SOFT`).
INVISIBLE = (
    "\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
    # The line and paragraph separators, which some terminals and pages break a line at.
    "\u2028\u2029"
)
# The tag characters: invisible letters that can carry a hidden text along a shown one.
TAGS = "\U000e0000-\U000e007f"
SOFT = "\u00ad"


def _visible_table(keep: str) -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in keep}
    table[0x7F] = "\u2421"  # ␡
    table.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1: no picture exists
    table.update({ord(ch): "\ufffd" for ch in INVISIBLE})  # nor for these
    table.update(dict.fromkeys(range(0xE0000, 0xE0080), "\ufffd"))  # nor for the tags
    return table


# One character for one: a text's offsets (the notes' edits) stay where they were.
_VISIBLE_TEXT = _visible_table("\n\t")
_VISIBLE_LINE = {**_visible_table(""), ord(SOFT): "\ufffd"}
# The tags as a range: as 128 characters of their own, the set made a search 100 times slower.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}{TAGS}]")
_CONTROL_OR_BREAK = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{SOFT}{INVISIBLE}{TAGS}]")


def visible(text: str) -> str:
    """`text` with every control character but line breaks and tabs shown as its picture
    (ESC as ␛); the same length, so offsets into it stay valid."""
    return text.translate(_VISIBLE_TEXT) if _CONTROL.search(text) else text


def visible_line(text: str) -> str:
    """`text` for one line (a title, a name, a table cell): line breaks shown too."""
    return text.translate(_VISIBLE_LINE) if _CONTROL_OR_BREAK.search(text) else text


# What in a TOML text can give a string that `visible` changes: such a character itself
# (`_CONTROL`), or an escape that makes one (\b \f \r \uXXXX \UXXXXXXXX, and TOML 1.1's \e
# for ESC and \xHH; \n and \t stay as they are). An escaped backslash before one of those
# letters only makes the check say yes in vain. Two searches, not one of either: each alone
# is one the regex engine runs fast (a set of characters; a literal backslash first), and
# the two took 0.10 ms for a session's 20 KB against 0.26 ms for the one.
_MAY_HIDE = re.compile(r"\\[bfruUex]")


def visible_toml(text: str, data: Any) -> Any:
    """`visible_strings(data)` for `data` parsed from the TOML `text`; `data` itself when
    nothing in the text can give a string `visible` would change (a file this program
    wrote, as a rule: the walk is a sixth of reading a session file)."""
    may_hide = _has_control(text) or _MAY_HIDE.search(text)
    return visible_strings(data) if may_hide else data


def _has_control(text: str) -> bool:
    """`_CONTROL.search(text)`, sooner for a long text that has none: `str.isprintable`
    says no to every character `_CONTROL` finds (each is one of Unicode's "other" or
    "separator" characters; tests/unit/test_hostile_files.py checks it), so a text that is
    printable but for its line breaks has none. 0.07 against 0.14 ms for a session's 20 KB;
    a text it says no to (a tab, a soft hyphen) is searched."""
    return not text.replace("\n", "").isprintable() and _CONTROL.search(text) is not None


def visible_strings(data: Any) -> Any:
    """`data` (parsed TOML) with `visible` applied to every string, keys included."""
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, dict):
        return {visible(key): visible_strings(value) for key, value in data.items()}
    if isinstance(data, list):
        return [visible_strings(item) for item in data]
    return data

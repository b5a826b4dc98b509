"""Hostile input (issue 18): files that are validly encrypted or validly TOML but crafted —
a protocol id that is a path, nesting and keys no real file has, crafted session values —
and a session that must open wherever it goes, without its protocol file."""

from __future__ import annotations

import copy
import hashlib
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
import rtoml
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core import untrusted
from hyvinvointi_tui.core.model.protocol import (
    Protocol,
    ProtocolError,
    builtin_protocols,
    load_protocol,
    resolve_protocol,
)
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    MarkerAdded,
    SessionClosed,
    SetupChanged,
    StepEntered,
)
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.untrusted import MAX_EVENTS
from hyvinvointi_tui.store import course as course_file
from hyvinvointi_tui.store import keys, session_document, session_meta
from hyvinvointi_tui.store.course_figures import CarriedSources
from hyvinvointi_tui.store.debrief import open_chain, open_replay
from hyvinvointi_tui.store.session_file import SessionFileError
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.store.student import Student, reopen_or_reason

from .. import session_saving
from ..helpers import save_session
from ..scripted import rated_instruments

SHIPPED = next(p for p in builtin_protocols() if p.stem == "hyvinvointikeskustelu")


def one_line(text: str) -> None:
    assert text.strip() and len(text.strip().splitlines()) == 1, text
    assert "Traceback" not in text, text


@pytest.fixture
def teacher(tmp_path: Path) -> Path:
    key = tmp_path / "teacher.key"
    keys.write_identity_file(key)
    return key


def _session(protocol: Protocol, *, closed: bool = True) -> Session:
    session = Session(protocol)
    session.start(SetupChanged(client_code="K-018", lang="fi", students=["AB"]))
    session.edit_text(notes_key(protocol.steps[0].id), "Asiakas kertoi viikostaan")
    if closed:
        closing = protocol.steps[-1].id
        session.record(StepEntered(step=closing))
        session.record(SessionClosed(step=closing))
    return session


def _save(session: Session, folder: Path, recipients: list[x25519.Recipient]) -> Path:
    store = SessionStore(folder, recipients)
    save_session(store, session)
    store.close()
    assert store.path is not None
    return store.path


def _encrypt(doc: dict[str, Any], path: Path, teacher: Path) -> Path:
    identity = keys.read_identity_file(teacher)[0]
    path.write_bytes(pyrage.encrypt(tomli_w.dumps(doc).encode(), [identity.to_public()]))
    return path


def _doc(session: Session) -> dict[str, Any]:
    text = session_document.to_toml(session_saving.session_document(session, saved_t=session.now()))
    return tomllib.loads(text)


# --- item 6: a session carries its protocol ---------------------------------------------------


def _own_protocol(tmp_path: Path, *, protocol_id: str, rename_step: bool) -> Path:
    """An organisation's own protocol: the shipped one under another id, or with the
    shipped id and a step renamed (stress → stressi)."""
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace('id = "hyvinvointikeskustelu"', f'id = "{protocol_id}"', 1)
    if rename_step:
        text = text.replace('id = "stress"', 'id = "stressi"', 1)
    path = tmp_path / "own-protocol.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "protocol_id, rename_step",
    [("oma-protokolla", False), ("hyvinvointikeskustelu", True)],
    ids=["own-id", "shipped-id-renamed-step"],
)
def test_a_session_opens_without_its_protocol_file(
    tmp_path: Path,
    teacher: Path,
    capsys: pytest.CaptureFixture[str],
    protocol_id: str,
    rename_step: bool,
) -> None:
    """New with an organisation's protocol, then the protocol file deleted: resume, replay,
    export and stats all open the session from the copy it carries."""
    protocol_file = _own_protocol(tmp_path, protocol_id=protocol_id, rename_step=rename_step)
    protocol = load_protocol(protocol_file)
    student_key = x25519.Identity.generate()
    teacher_key = keys.read_identity_file(teacher)[0]
    folder = tmp_path / "sessions"
    folder.mkdir()
    session = _session(protocol, closed=False)
    stress = "stressi" if rename_step else "stress"
    session.record(StepEntered(step=stress))
    session.record(MarkerAdded(step=stress, tag="important"))
    path = _save(session, folder, [student_key.to_public(), teacher_key.to_public()])
    protocol_file.unlink()

    student = Student(tmp_path, student_key, [])
    opened = reopen_or_reason(student, path)
    assert not isinstance(opened, str), opened
    assert opened.protocol == protocol and opened.session.state.step == stress
    opened.store.close()

    replayed = open_replay(path, [teacher_key])
    assert [step.id for step in replayed.protocol.steps] == [step.id for step in protocol.steps]

    assert main(["export", str(path), "--format", "md", "--identity", str(teacher)]) == 0
    assert "Hyvinvointikeskustelumme" in capsys.readouterr().out
    assert (
        main(["export", str(path), "--debrief", "--format", "md", "--identity", str(teacher)]) == 0
    )
    capsys.readouterr()
    assert main(["stats", str(folder), "--identity", str(teacher)]) == 0
    out = capsys.readouterr().out
    assert "sessions read: 1 of 1" in out, out


def test_a_carried_protocol_that_does_not_match_its_digest_is_refused(
    tmp_path: Path, teacher: Path
) -> None:
    session = _session(resolve_protocol())
    doc = _doc(session)
    doc["protocol"]["source"] = doc["protocol"]["source"].replace("Orientaatio", "Orjentaatio")
    path = _encrypt(doc, tmp_path / "altered.age", teacher)
    with pytest.raises(SessionFileError, match="does not match its digest"):
        session_document.load(path, keys.read_identity_file(teacher))


# --- item 2: an id from a file is never a path --------------------------------------------


@pytest.mark.parametrize("protocol_id", ["/dev/zero", "/etc/passwd", "../../etc/passwd", "*"])
def test_a_session_protocol_id_is_never_opened_as_a_path(
    tmp_path: Path, teacher: Path, capsys: pytest.CaptureFixture[str], protocol_id: str
) -> None:
    session = _session(resolve_protocol())
    doc = _doc(session)
    doc["protocol"]["id"] = protocol_id
    del doc["protocol"]["source"]  # as a file written before sessions carried their protocol
    path = _encrypt(doc, tmp_path / "crafted.age", teacher)
    for command in (["export"], ["export", "--format", "md"]):
        assert main([*command, str(path), "--identity", str(teacher)]) == 1
        err = capsys.readouterr().err
        one_line(err)
        assert "protocol.id" in err
    assert main(["replay", str(path), "--identity", str(teacher)]) == 1
    one_line(capsys.readouterr().err)


def test_a_file_written_before_sessions_carried_their_protocol_still_opens(
    tmp_path: Path, teacher: Path
) -> None:
    session = _session(resolve_protocol())
    doc = _doc(session)
    del doc["protocol"]["source"]
    path = _encrypt(doc, tmp_path / "old.age", teacher)
    loaded = session_document.load(path, keys.read_identity_file(teacher))
    assert loaded.protocol == resolve_protocol() and loaded.closed


def _in_a_child(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process, with a time limit: a read that blocks fails here."""
    return subprocess.run(
        [sys.executable, "-m", "hyvinvointi_tui.cli", *argv],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.skipif(os.name != "posix", reason="devices and FIFOs")
def test_protocol_check_reads_only_regular_files_of_bounded_size(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    large = tmp_path / "large.toml"
    large.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    for path, reason in (
        ("/dev/zero", "not a regular file"),
        (str(fifo), "not a regular file"),
        (str(tmp_path), "it is a folder, not a file"),
        (str(large), "too large"),
    ):
        done = _in_a_child("protocol", "check", path)
        assert done.returncode == 1 and reason in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    done = _in_a_child("new", "--protocol", "/dev/zero")
    assert done.returncode == 1 and "not a regular file" in done.stderr, done.stderr


# --- item 3: size and depth limits ----------------------------------------------------------


HOSTILE_TOML = {
    "arrays nested 5000 deep": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "inline tables nested 5000 deep": "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
    "a dotted key of 20,000 parts": "a" + ".a" * 19_999 + " = 1\n",
    "a quoted dotted key of 20,000 parts": '"a"' + '."a"' * 19_999 + " = 1\n",
    "a table header of 20,000 parts": "[a" + ".a" * 19_999 + "]\n",
    # Within the limits of the text (11 parts a key, no brackets but the header's), yet
    # tables 22 deep once parsed.
    "a header and a dotted key 22 tables deep": "[b" + ".b" * 10 + "]\n" + "c." * 10 + "c = 1\n",
}


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_text_with_crlf_line_ends_reads_as_with_lf(end: str) -> None:
    """A CRLF is a line end, also inside a multi-line string: no CR is left to show."""
    text = f'a = """{end}one{end}two"""{end}b = 1{end}'
    assert untrusted.parse_toml(text) == {"a": "one\ntwo", "b": 1}


def test_inline_tables_over_several_lines_are_scanned_as_toml_1_1_reads_them() -> None:
    """TOML 1.1 lets an inline table span lines, with comments inside: the brackets in its
    comments and strings are not counted, its own are, whatever line they are on."""
    text = 'a = {\n  b = 1, # ]]]] {{{{\n  c = "[[[[",\n  d = [\n    1,\n  ],\n}\n'
    assert untrusted.parse_toml(text) == {"a": {"b": 1, "c": "[[[[", "d": [1]}}
    deep = "a = {\n" + "b = {\n" * 20 + "c = 1" + "\n}" * 21 + "\n"
    with pytest.raises(untrusted.Refused, match="nested more than 20 deep"):
        untrusted.parse_toml(deep)


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("a" + ".a" * 11, 12),
        ("a" + ".a" * 12, 13),
        ("x-1" + " . 'q.q'" * 11, 12),  # blanks, and a quoted part with dots of its own
        ("x-1" + ' . "q"' * 12, 13),
        ("[t" + ".t" * 11 + "]", 12),  # a table header
        ("[[t" + ".t" * 12 + "]]", 13),
    ],
)
def test_keys_of_more_than_twelve_parts_are_refused_before_parsing(key: str, parts: int) -> None:
    text = key + "\n" if key.startswith("[") else f"{key} = 1.5\ny = [1.5, 2.5]\n"
    if parts <= untrusted.MAX_KEY_PARTS:
        assert untrusted.parse_toml(text) == tomllib.loads(text)
    else:
        with pytest.raises(untrusted.Refused, match="more than 12 dotted parts"):
            untrusted.parse_toml(text)


@pytest.mark.parametrize(
    ("text", "deepest"),
    [
        ("x = " + "[" * 16 + "1" + "]" * 16, 16),  # the innermost array 16 deep
        ("x = " + "[" * 17 + "1" + "]" * 17, 17),
        ("[a" + ".a" * 10 + "]\n" + "b." * 4 + "b = 1\n", 16),  # the value 16 deep
        ("[a" + ".a" * 10 + "]\n" + "b." * 5 + "b = 1\n", 17),
        ("x = [[{a = {b = 1}}], [[[" + "[" * 13 + "]" * 13 + "]]]]", 17),
        # An array or table deep down among numbers: the walk passes by those that hold
        # only numbers and strings, and not by one that holds an array too.
        ("x = [1, 2.5, " + "[" * 15 + "]" * 15 + ', "a"]', 16),
        ("x = [1, 2.5, " + "[" * 16 + "]" * 16 + ', "a"]', 17),
        ("x = {a = 1, b = " + "[" * 15 + "]" * 15 + ', c = "d"}', 16),
        ("x = {a = 1, b = " + "[" * 16 + "]" * 16 + ', c = "d"}', 17),
    ],
)
def test_values_nested_deeper_than_the_limit_once_parsed_are_refused(
    text: str, deepest: int
) -> None:
    """Headers and dotted keys nest tables without brackets: the parsed values' depth is
    checked too, whether tables or arrays make it."""
    if deepest <= untrusted.MAX_DEPTH:
        assert untrusted.parse_toml(text) == tomllib.loads(text)
    else:
        with pytest.raises(untrusted.Refused, match="nested more than 16 deep"):
            untrusted.parse_toml(text)


@pytest.mark.parametrize("name", list(HOSTILE_TOML))
def test_protocol_check_refuses_nesting_and_keys_no_real_file_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE_TOML[name], encoding="utf-8")
    assert main(["protocol", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "Traceback" not in err, err
    assert len(err.splitlines()) == 2, err  # the heading and the one problem


@pytest.mark.parametrize("name", list(HOSTILE_TOML))
def test_a_session_with_nesting_or_keys_no_real_file_has_is_refused(
    tmp_path: Path, teacher: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    session = _session(resolve_protocol())
    text = session_document.to_toml(session_saving.session_document(session, saved_t=1.0))
    identity = keys.read_identity_file(teacher)[0]
    path = tmp_path / "deep.age"
    path.write_bytes(pyrage.encrypt((text + HOSTILE_TOML[name]).encode(), [identity.to_public()]))
    for command in (["export"], ["export", "--format", "html"], ["replay"]):
        assert main([*command, str(path), "--identity", str(teacher)]) == 1
        err = capsys.readouterr().err
        one_line(err)
        assert "not opened" in err


# Inline tables nested 80 deep (the parser's own limit), each key 79 dotted parts (its limit
# for a key): some 12.8 KB, no `[` at all, tables 6,400 deep. rtoml's parser takes it; its
# conversion to Python objects recurses once a table, with no limit of its own, and
# overflows the C stack (8 MB) at some 5,400: the process dies of SIGSEGV, no message.
DEEP_DOTTED_INLINE = "x = " + ("{" + ".".join(["b"] * 79) + " = ") * 80 + "1" + "}" * 80 + "\n"


def test_protocol_check_refuses_inline_tables_of_long_dotted_keys(tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(DEEP_DOTTED_INLINE, encoding="utf-8")
    done = _in_a_child("protocol", "check", str(path))
    assert done.returncode == 1, (done.returncode, done.stderr)  # not -11 (SIGSEGV)
    assert "refused" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_session_with_inline_tables_of_long_dotted_keys_is_refused(
    tmp_path: Path, teacher: Path
) -> None:
    session = _session(resolve_protocol())
    text = session_document.to_toml(session_saving.session_document(session, saved_t=1.0))
    identity = keys.read_identity_file(teacher)[0]
    path = tmp_path / "deep.age"
    path.write_bytes(pyrage.encrypt((text + DEEP_DOTTED_INLINE).encode(), [identity.to_public()]))
    done = _in_a_child("export", str(path), "--identity", str(teacher))
    assert done.returncode == 1, (done.returncode, done.stderr)  # not -11 (SIGSEGV)
    one_line(done.stderr)
    assert "not opened" in done.stderr


def test_a_session_with_more_events_than_any_real_one_is_refused(
    tmp_path: Path,
    teacher: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = _session(resolve_protocol())
    doc = _doc(session)
    doc["events"] += [[1.0, "paused"], [1.0, "resumed"]] * (MAX_EVENTS // 2)
    doc["event_fields"].update(paused=[], resumed=[])
    path = _encrypt(doc, tmp_path / "many.age", teacher)
    assert main(["export", str(path), "--identity", str(teacher)]) == 1
    err = capsys.readouterr().err
    one_line(err)
    assert f"the limit is {MAX_EVENTS:,}" in err
    # 200,000 of them: refused before they are parsed (it took 17 s to open them)
    doc["events"] += [[1.0, "paused"], [1.0, "resumed"]] * 100_000
    identity = keys.read_identity_file(teacher)[0]
    compact = session_document.to_toml(doc).encode()  # one line an event, as the app writes
    assert len(compact) < untrusted.MAX_SESSION_BYTES
    path.write_bytes(pyrage.encrypt(compact, [identity.to_public()]))
    parsed = []

    def loads(*given: object) -> dict[str, Any]:
        parsed.append(given)
        return {}

    monkeypatch.setattr(rtoml, "loads", loads)  # as core/untrusted.py calls it
    assert main(["export", str(path), "--identity", str(teacher)]) == 1
    err = capsys.readouterr().err
    one_line(err)
    assert "more values than any real file" in err and not parsed


# --- item 5: crafted values in a validly encrypted session -----------------------------------


def _crafted(doc: dict[str, Any], change: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    meta, rows = doc["session"], doc["events"]
    if change == "saved_t abc":
        meta["saved_t"] = "abc"
    elif change == "created missing":
        del meta["created"]
    elif change == "created not a date":
        meta["created"] = "not a date"
    elif change == "created without a zone":
        meta["created"] = "2026-11-22T12:03:00"
    elif change == "event time inf":
        rows[-1][0] = float("inf")
    elif change == "event time nan":
        rows[-1][0] = float("nan")
    elif change == "events out of order":
        rows[1][0] = 5000.0
    elif change == "unknown step":
        rows.append([rows[-1][0], "step_entered", "no_such_step"])
    elif change == "unknown text field":
        rows.append([rows[-1][0], "text_edited", "nowhere.notes", 0, 0, "x"])
    elif change == "unknown OSA item":
        rows.append([rows[-1][0], "osa_rated", "osa", 99, "value", 4])
    elif change == "lang xx":
        meta["lang"] = "xx"
    elif change == "setup lang xx":
        setup = next(row for row in rows if row[1] == "setup_changed")
        setup[3] = "xx"
    elif change == "follow_up_of glob":
        meta["follow_up_of"] = "*"
    elif change == "follow_up_of path":
        meta["follow_up_of"] = "../../x"
    elif change == "session id path":
        meta["id"] = "../x"
    elif change == "no session table":
        del doc["session"]
    elif change == "events not a list":
        doc["events"] = {"a": 1}
    elif change == "event row not a list":
        rows.append("x")
    elif change == "event of an unknown kind":
        rows.append([1.0, "rm_rf"])
    elif change == "roles of an unknown step":
        rows.append([rows[-1][0], "roles_set", "no_such_step", "A", "B"])
    elif change == "a reason no seed gives":
        rows.append([rows[-1][0], "appointment_reasons_set", "closing", ["bored"]])
    else:
        raise AssertionError(change)
    return doc


CHANGES = [
    "saved_t abc",
    "created missing",
    "created not a date",
    "created without a zone",
    "event time inf",
    "event time nan",
    "events out of order",
    "unknown step",
    "unknown text field",
    "unknown OSA item",
    "lang xx",
    "setup lang xx",
    "follow_up_of glob",
    "follow_up_of path",
    "session id path",
    "no session table",
    "events not a list",
    "event row not a list",
    "event of an unknown kind",
    "roles of an unknown step",
    "a reason no seed gives",
]


@pytest.fixture(scope="module")
def real_doc() -> dict[str, Any]:
    protocol = resolve_protocol()
    session = _session(protocol, closed=False)
    rated_instruments(session)
    # Every kind of event the learning around a session adds (issue 22), for the fuzz.
    from hyvinvointi_tui.core.model.session_events import RolesSet
    from hyvinvointi_tui.core.model.step_events import AppointmentReasonsSet
    from hyvinvointi_tui.core.model.text_keys import preparation_key, reflection_key

    session.edit_text(preparation_key("plan"), "A leads")
    session.record(RolesSet(step="stress", lead="A", note_taker="B"))
    session.record(StepEntered(step="closing"))
    session.record(AppointmentReasonsSet(step="closing", reasons=["guidance"]))
    session.record(SessionClosed(step="closing"))
    session.edit_text(reflection_key("hard"), "time")
    return _doc(session)


@pytest.mark.parametrize("change", CHANGES)
def test_a_crafted_session_gets_one_line_from_every_command(
    tmp_path: Path,
    teacher: Path,
    capsys: pytest.CaptureFixture[str],
    real_doc: dict[str, Any],
    change: str,
) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = _encrypt(_crafted(real_doc, change), folder / "crafted.age", teacher)
    for command in (
        ["export"],
        ["export", "--format", "md"],
        ["export", "--format", "html", "--debrief"],
        ["replay"],
    ):
        assert main([*command, str(path), "--identity", str(teacher)]) == 1, command
        one_line(capsys.readouterr().err)
    student = Student(tmp_path, keys.read_identity_file(teacher)[0], [])
    reason = reopen_or_reason(student, path)
    assert isinstance(reason, str)
    one_line(reason)
    assert not list(folder.glob("*.lock")), "a refused session leaves no lock"
    # stats names the file and goes on with the rest
    _encrypt(real_doc, folder / "good.age", teacher)
    assert main(["stats", str(folder), "--identity", str(teacher)]) == 0
    out = capsys.readouterr().out
    assert "sessions read: 1 of 2" in out and "crafted.age:" in out, out


def test_a_follow_up_of_glob_never_chains_an_unrelated_session(
    tmp_path: Path, teacher: Path, real_doc: dict[str, Any]
) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    _encrypt(real_doc, folder / "20261101-1000_K-001_aaaaaaaaaaaa.age", teacher)
    doc = copy.deepcopy(real_doc)
    doc["session"]["follow_up_of"] = "aaaaaaaaaaa?"
    path = _encrypt(doc, folder / "20261201-1000_K-018_bbbbbbbbbbbb.age", teacher)
    with pytest.raises(SessionFileError):
        open_chain(path, keys.read_identity_file(teacher))


# A hypothesis mutation of a real document: a value anywhere replaced by another of any type,
# a key removed or added. Every command either works or says why in one line.

_SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes().map(lambda d: d.isoformat()),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(value: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            if not (path == ("protocol",) and key == "source"):
                yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.slow
def test_any_mutation_of_a_real_session_gets_a_result_or_one_line(
    tmp_path: Path,
    teacher: Path,
    capsys: pytest.CaptureFixture[str],
    real_doc: dict[str, Any],
    data: st.DataObject,
) -> None:
    doc = copy.deepcopy(real_doc)
    places = [place for place in _places(doc) if place]
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(places))
        parent = doc
        try:
            for part in place[:-1]:
                parent = parent[part]
            action = data.draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "delete" and isinstance(parent, dict):
                del parent[place[-1]]
            elif action == "add" and isinstance(parent, dict):
                parent[data.draw(st.text(max_size=6))] = data.draw(_VALUES)
            else:
                parent[place[-1]] = data.draw(_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    try:
        tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return  # not expressible as TOML
    path = _encrypt(doc, tmp_path / "mutated.age", teacher)
    for command in (["export", "--format", "md"], ["export", "--format", "html", "--debrief"]):
        code = main([*command, str(path), "--identity", str(teacher)])
        captured = capsys.readouterr()
        assert code in (0, 1), code
        if code:
            one_line(captured.err)
    assert main(["stats", str(tmp_path), "--identity", str(teacher)]) == 0
    capsys.readouterr()


# --- item 1: names and comments from files --------------------------------------------------

ESCAPES = "T\u001b]0;PWNED\u0007\u001b[2Jend\u009b\u007f"


def test_course_names_and_contacts_are_read_with_their_escapes_visible(tmp_path: Path) -> None:
    recipient = str(x25519.Identity.generate().to_public())
    course = {"teachers": [{"recipient": recipient, "name": ESCAPES, "contact": ESCAPES}]}
    (tmp_path / "course.toml").write_text(tomli_w.dumps(course), encoding="utf-8")
    (teacher,) = course_file.read_course(tmp_path).teachers
    for text in (teacher.name, teacher.contact):
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text), text
        assert "␛]0;PWNED" in text


def test_debrief_comments_are_read_with_their_escapes_visible(tmp_path: Path) -> None:
    from hyvinvointi_tui.core.debrief.comments import Comment
    from hyvinvointi_tui.store.debrief import load_comments, save_comments

    identity = x25519.Identity.generate()
    session_path = tmp_path / "s.age"
    save_comments(
        session_path, "abc", [Comment(t=1.0, step="stress", text=ESCAPES)], [identity.to_public()]
    )
    (comment,) = load_comments(session_path, [identity], "abc")
    assert comment.text == "T␛]0;PWNED␇␛[2Jend\ufffd␡"


# TOML 1.1's escapes for ESC, as a file's text holds them (the backslashes are the file's).
TOML_ESCAPES = "\\e[31mred\\x1b[0m \\x9b2J"


def test_a_session_whose_texts_escape_esc_the_toml_1_1_way_shows_it_as_a_picture(
    tmp_path: Path, teacher: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = Session(resolve_protocol())
    session.start(SetupChanged(client_code="K-018", lang="fi", students=["AB-MARK"]))
    text = session_document.to_toml(session_saving.session_document(session, saved_t=1.0))
    assert text.count("AB-MARK") == 2  # the event and the [session] table
    crafted = text.replace("AB-MARK", TOML_ESCAPES)
    identity = keys.read_identity_file(teacher)[0]
    path = tmp_path / "escapes.age"
    path.write_bytes(pyrage.encrypt(crafted.encode(), [identity.to_public()]))
    shown = "␛[31mred␛[0m \ufffd2J"
    for read in (session_meta.read_toml, CarriedSources()):
        loaded = session_document.load(path, [identity], read)
        assert loaded.meta.students == [shown]
        assert loaded.state.setup.students == [shown]
    # The document as it is in the file: the escapes as written, never the character.
    assert main(["export", str(path), "--identity", str(teacher)]) == 0
    printed = capsys.readouterr().out
    assert TOML_ESCAPES in printed and "\x1b" not in printed and "\x9b" not in printed


def test_a_protocol_whose_texts_escape_esc_the_toml_1_1_way_shows_it_as_a_picture(
    tmp_path: Path,
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    path = tmp_path / "escapes.toml"
    path.write_text(text.replace('en = "Orientation"', f'en = "Orientation {TOML_ESCAPES}"', 1))
    protocol = load_protocol(path)
    assert protocol.steps[0].title.en == "Orientation ␛[31mred␛[0m \ufffd2J"


def test_no_character_python_calls_printable_is_shown_as_a_picture() -> None:
    """`visible_toml` searches a text for control characters only when `str.isprintable`
    says no to it (line breaks set aside): no character it says yes to may be one that
    `visible` or `visible_line` changes, in this Python's Unicode as in the next."""
    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))  # no surrogates
    printable = "".join(filter(str.isprintable, every))
    assert len(printable) > 100_000 and "ä" in printable
    assert untrusted.visible_line(printable) == printable
    assert untrusted.visible(printable) == printable


# As they stand in a file (TOML takes them as they are; C0 and DEL only as escapes).
@pytest.mark.parametrize("char", ["\x9b", "\u202e", "\u2028", "\u200b", "\ufeff", "\U000e0041"])
def test_a_control_character_in_a_long_text_of_printable_lines_is_made_visible(
    char: str,
) -> None:
    line = 'a = "Kerrottiin infoteksti omin sanoin: päivärytmi, uni ja liikunta."\n'
    text = "".join(line.replace("a =", f"a{n} =") for n in range(300))
    text += f'z = "one {char} more"\n'
    data = rtoml.loads(text)
    assert untrusted.visible_toml(text, data)["z"] == untrusted.visible_line(f"one {char} more")
    assert untrusted.visible_toml(text, data)["z"] != f"one {char} more"


def test_every_escape_the_parser_reads_to_a_control_character_is_seen_in_the_text() -> None:
    """`visible_toml` skips the walk when the text shows no way to a control character: any
    escape the parser reads (now or in a version that reads more) must be one it looks for."""
    for letter in map(chr, range(0x21, 0x7F)):
        for digits in ("", "1b", "9b", "001b", "0000001b"):
            text = f'a = "\\{letter}{digits}"'
            try:
                data = rtoml.loads(text)
            except rtoml.TomlParsingError:
                continue
            if untrusted.visible_strings(data) != data:
                assert untrusted.visible_toml(text, data) != data, text


def test_stats_and_export_count_a_sessions_lists_alike(
    tmp_path: Path, teacher: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The lists counted before parsing: `stats` (CarriedSources, which sets the carried
    protocol's line aside) reads a file exactly when `export` (the whole text) does. 60,000
    `[` in the protocol's line and 40,000 in a string are characters, not lists: both read
    the file; 100,000 lists, or inline tables, in [state] are more than any real file: both
    refuse it."""
    import hashlib
    import json

    session = _session(resolve_protocol())
    text = session_document.to_toml(session_saving.session_document(session, saved_t=1.0))
    doc = tomllib.loads(text)
    source = "# " + "[" * 60_000 + "\n" + doc["protocol"]["source"]
    lines = text.split("\n")
    (at,) = [n for n, line in enumerate(lines) if line.startswith('source = "')]
    lines[at] = "source = " + json.dumps(source, ensure_ascii=False)
    text = "\n".join(lines).replace(
        doc["protocol"]["sha256"], hashlib.sha256(source.encode()).hexdigest(), 1
    )
    identity = keys.read_identity_file(teacher)[0]
    for name, junk, readable in (
        ("a string", 'junk = "' + "[" * 40_000 + '"', True),
        ("lists", "junk = [" + "[]," * 100_000 + "]", False),
        ("tables", "junk = [" + "{}," * 100_000 + "]", False),
    ):
        crafted = text.replace("[state]\n", f"[state]\n{junk}\n", 1)
        assert crafted.count("[") + crafted.count("{") > untrusted.MAX_SESSION_BRACKETS
        folder = tmp_path / name
        folder.mkdir()
        path = folder / "split.age"
        path.write_bytes(pyrage.encrypt(crafted.encode(), [identity.to_public()]))
        assert main(["export", str(path), "--identity", str(teacher)]) == (0 if readable else 1)
        err = capsys.readouterr().err
        assert readable or "lists and tables at most" in err, err
        out = tmp_path / f"figures-{name}.csv"
        main(["stats", str(folder), "--identity", str(teacher), "--csv", str(out)])
        captured = capsys.readouterr()
        assert f"sessions read: {int(readable)} of 1" in captured.out, captured.out


def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text rtoml parses from now on, as core/untrusted.py calls it."""
    parsed: list[int] = []
    loads = rtoml.loads

    def counted(text: str) -> Any:
        parsed.append(len(text))
        return loads(text)

    monkeypatch.setattr(rtoml, "loads", counted)
    return parsed


def test_a_session_of_tables_made_by_dotted_keys_is_refused_before_it_is_parsed(
    tmp_path: Path,
    teacher: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dotted key makes a table of each part but its last, with no bracket: 4 MB of
    `k1.a.a.a.a.a.a.a.a.a.a.a = 1` lines, each key within the limit of its parts, were 1.6
    million tables, 1.1 GB and 5 s to parse in each worker of `stats`. They count as the
    lists and tables a session holds: refused, in one line, before they are parsed."""
    session = _session(resolve_protocol())
    text = session_document.to_toml(session_saving.session_document(session, saved_t=1.0))
    junk = "".join(f"k{n}" + ".a" * 11 + " = 1\n" for n in range(9_000))  # 99,000 tables
    crafted = text.replace("[state]\n", f"[state]\n{junk}", 1)
    assert crafted.count("[") + crafted.count("{") < untrusted.MAX_SESSION_BRACKETS
    identity = keys.read_identity_file(teacher)[0]
    folder = tmp_path / "course"
    folder.mkdir()
    path = folder / "dotted.age"
    path.write_bytes(pyrage.encrypt(crafted.encode(), [identity.to_public()]))
    parsed = parses(monkeypatch)
    assert main(["export", str(path), "--identity", str(teacher)]) == 1
    err = capsys.readouterr().err
    one_line(err)
    assert "more values than any real file" in err and not parsed
    out = tmp_path / "figures.csv"
    argv = ["stats", str(folder), "--identity", str(teacher), "--csv", str(out)]
    main([*argv, "--processes", "1"])
    captured = capsys.readouterr()
    assert "sessions read: 0 of 1" in captured.out, captured.out
    assert "more values than any real file" in captured.out + captured.err
    # a session as the app writes it still reads: the floats' dots are no keys'
    untrusted.toml_within_limits(text.replace(" = 1.0", " = 1.5"), untrusted.MAX_SESSION_BRACKETS)


def test_a_protocol_of_tables_made_by_dotted_keys_is_refused_before_it_is_parsed(
    tmp_path: Path,
    teacher: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A protocol's megabyte of dotted keys was 350 MB and 1.5 s to parse: as a protocol
    file, or carried in a session file (its digest is the file's to set, one for each file
    of a folder, so `stats` parsed every one). Refused, in one line, before it is parsed."""
    junk = "".join(f"k{n}" + ".a" * 11 + " = 1\n" for n in range(1_000))  # 11,000 tables
    path = tmp_path / "dotted.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8") + junk, encoding="utf-8")
    parsed = parses(monkeypatch)
    assert main(["protocol", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "more values than any real file" in err and "Traceback" not in err, err
    assert not parsed
    session = _session(resolve_protocol())
    doc = _doc(session)
    source = path.read_text(encoding="utf-8")
    doc["protocol"].update(source=source, sha256=hashlib.sha256(source.encode()).hexdigest())
    crafted = _encrypt(doc, tmp_path / "carried.age", teacher)
    assert main(["export", str(crafted), "--identity", str(teacher)]) == 1
    err = capsys.readouterr().err
    one_line(err)
    assert "more values than any real file" in err
    assert len(source) not in parsed  # the session's text, not the protocol it carries


def test_debrief_comments_of_tables_made_by_dotted_keys_are_refused_before_they_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A debrief file beside a session, read by `replay` and `export --debrief`, is bounded
    as a session file is: 4 MB of dotted keys were 1.1 GB once parsed."""
    from hyvinvointi_tui.store.debrief import debrief_path, load_comments

    identity = x25519.Identity.generate()
    session_path = tmp_path / "s.age"
    junk = "".join(f"k{n}" + ".a" * 11 + " = 1\n" for n in range(9_000))  # 99,000 tables
    text = f'schema_version = 1\nsession_id = "abc"\ncomments = []\n{junk}'
    debrief_path(session_path).write_bytes(pyrage.encrypt(text.encode(), [identity.to_public()]))
    parsed = []
    monkeypatch.setattr(rtoml, "loads", lambda text: parsed.append(text))
    with pytest.raises(SessionFileError) as raised:
        load_comments(session_path, [identity], "abc")
    one_line(str(raised.value))
    assert not parsed


def test_protocol_check_and_course_join_name_a_crafted_key_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key with an escaped line break: each problem stays one line, so a file cannot
    print a line of its own choosing (here a forged verdict) under the heading."""
    forged = "ok: hyvinvointikeskustelu 1.4, 8 steps"
    path = tmp_path / "forged.toml"
    path.write_text(f'"x\\n{forged}" = 1\n', encoding="utf-8")
    assert main(["protocol", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 7, err  # the heading, five missing keys, the unknown one
    with pytest.raises(ProtocolError) as raised:
        load_protocol(path)
    assert "\n" not in str(raised.value)  # as a traceback or a log would show it
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path / "home"))
    course = tmp_path / "course.toml"
    course.write_text(f'name = "x"\n"x\\n{forged}" = 1\n', encoding="utf-8")
    main(["course", "join", str(course)])
    err = capsys.readouterr().err
    one_line(err)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*'ab.[]{}=", \n\\1é', "\\n", "[[", "{a.b = "]), max_size=40).map(
        "".join
    )
)
def test_the_scans_quick_way_finds_the_strings_the_full_expression_finds(text: str) -> None:
    """A text with no comment, literal string, multi-line string or escaped quote (a
    session as this program writes it) takes the quick way: it must find the same strings,
    wherever a string ends on its line as TOML has it (elsewhere the parser refuses the
    text before anything in it is made)."""
    if "#" in text or "'" in text or '"""' in text or '\\"' in text:
        return
    if any(line.count('"') % 2 for line in text.split("\n")):
        return
    assert untrusted._outside_basic_strings(text) == untrusted._STRINGS.sub("s", text)

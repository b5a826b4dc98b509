"""Course figures read on every core give what one process gives, and what the command gave
before it read in parallel: the same summary, the same CSV to the byte."""

from __future__ import annotations

import csv
import gc
import io
from pathlib import Path
from typing import Any

import pytest
import rtoml

from hyvinvointi_tui.cli import main, progress
from hyvinvointi_tui.core import untrusted
from hyvinvointi_tui.core.debrief import stats
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.untrusted import NotToml, visible_strings, visible_toml
from hyvinvointi_tui.store import keys, session_document, session_file, session_meta
from hyvinvointi_tui.store.course_figures import CarriedSources

from ..course_folder import CANARY, make_course


def _run(
    folder: Path, key: Path, out: Path, processes: int, capsys: pytest.CaptureFixture[str]
) -> tuple[str, bytes]:
    argv = ["stats", str(folder), "--identity", str(key), "--csv", str(out)]
    assert main([*argv, "--processes", str(processes)]) == 0
    printed = capsys.readouterr().out.replace(str(out), "OUT")
    return printed, out.read_bytes()


def _one_at_a_time(folder: Path, key: Path) -> bytes:
    """The CSV as the command wrote it before: each file loaded whole, rows in a list."""
    identities = keys.read_identity_file(key)
    salt = stats.key_salt(str(identities[0]))
    rows = []
    for path in sorted(folder.glob("*.age")):
        try:
            loaded = session_document.load(path, identities)
        except session_file.SessionFileError:
            continue
        if loaded.state.consent.get("figures") is True:
            rows.append(stats.row(loaded.protocol, loaded.events, loaded.meta.facts(), salt))
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_parallel_figures_equal_serial_ones_on_a_mixed_folder(
    protocol: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, key = tmp_path / "sessions", tmp_path / "teacher.key"
    counts = make_course(protocol, folder, key)
    serial = _run(folder, key, tmp_path / "serial.csv", 1, capsys)
    parallel = _run(folder, key, tmp_path / "parallel.csv", 2, capsys)
    assert parallel == serial
    printed, table = parallel
    assert table == _one_at_a_time(folder, key)
    read = counts["files"] - counts["unreadable"]
    assert f"sessions read: {read} of {counts['files']}" in printed
    assert f"left out, no consent to their use in course figures: {counts['no_consent']}" in printed
    assert "unfinished, left out of the figures below: 3" in printed
    assert "c-other-key.age: this key cannot open it" in printed
    assert "c-damaged.age: the file is damaged" in printed
    rows = list(csv.DictReader(table.decode().splitlines()))
    assert len(rows) == read - counts["no_consent"]
    # The follow-ups' protocol has a step the first sessions' has not: "" in their rows.
    assert {row["session"] for row in rows} == {"first", "follow_up"}
    assert {row["min_review"] for row in rows if row["session"] == "first"} == {""}
    assert CANARY.encode() not in table and b"K-" not in table


def test_more_processes_than_chunks_and_an_empty_folder(
    protocol: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, key = tmp_path / "sessions", tmp_path / "teacher.key"
    make_course(protocol, folder, key)
    wide = _run(folder, key, tmp_path / "wide.csv", 64, capsys)
    assert wide == _run(folder, key, tmp_path / "one.csv", 1, capsys)
    empty = tmp_path / "empty"
    empty.mkdir()
    printed, table = _run(empty, key, tmp_path / "empty.csv", 2, capsys)
    assert "sessions read: 0 of 0" in printed and table == b"\n"


def test_a_carried_protocol_line_read_once_gives_the_whole_read(tmp_path: Path) -> None:
    """The reader that parses a protocol's line once reads every text as the plain reader
    does, the line put somewhere else (inside another string) too."""
    line = 'source = "id = \\"x\\"\\n"\n'
    quotes = "source = \"x ''' y\"\n"
    texts = [
        f"schema_version = 2\n[protocol]\nid = 'x'\n{line}[session]\nid = 'a'\n",
        f"notes = '''\n{line}'''\n[protocol]\nid = 'x'\nsource = \"other\"\n",
        f"[protocol]\n{line}{line}",  # the key twice: not TOML
        f"[state]\n{line}[protocol]\nsource = 'y'\n",
        # A line that would end a multi-line string around it: TOML and the limits' scan
        # of strings must both see the whole text.
        f"[protocol]\n{quotes}",
        f"notes = '''\n{quotes}'''\n[protocol]\n{quotes}",
        f"notes = '''\n{quotes}{'[' * 30}'''\n",
        # Lines of the same length, each known after the first round: each gives its own.
        '[protocol]\nsource = "a"\n',
        '[protocol]\nsource = "b"\n',
    ]
    read = CarriedSources()
    for text in texts * 2:  # the second time round, the line is known
        try:
            expected = session_meta.read_toml(text)
        except Exception as exc:  # the same failure is what is compared
            with pytest.raises(type(exc)):
                read(text)
            continue
        assert read(text) == expected


def test_no_text_reaches_the_parser_without_its_limits_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The text read with the stand-in is checked itself: here the line closes the string
    around it, so the whole text's scan sees the brackets after it inside a string, and
    the text with the stand-in has them outside."""
    parsed: list[str] = []
    unchecked: list[str] = []
    loads = rtoml.loads

    def checked_loads(text: str) -> dict[str, Any]:
        parsed.append(text)
        try:
            untrusted.toml_within_limits(text, untrusted.MAX_SESSION_BRACKETS)
        except untrusted.Refused:
            unchecked.append(text)
        read: dict[str, Any] = loads(text)
        return read

    monkeypatch.setattr(rtoml, "loads", checked_loads)
    text = "notes = '''\nsource = \"x ''' y\"\na = '''\nb = " + "[" * 30 + "'''\n"
    untrusted.toml_within_limits(text, untrusted.MAX_SESSION_BRACKETS)  # the whole text passes
    with pytest.raises(NotToml):
        session_meta.read_toml(text)
    with pytest.raises(NotToml):
        CarriedSources()(text)
    assert text in parsed and unchecked == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_on_a_terminal_after_its_delay_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        with progress.FolderProgress(10, stream) as bar:
            bar.advance(4)
            bar.advance(6)
    assert "reading sessions" in terminal.getvalue() and "10/10" in terminal.getvalue()
    assert pipe.getvalue() == ""
    monkeypatch.setattr(progress, "DELAY_SECONDS", 60.0)
    quick = _Terminal()
    with progress.FolderProgress(10, quick) as bar:
        bar.advance(5)
    assert quick.getvalue() == ""


def test_piped_output_is_the_summary_alone(
    protocol: Protocol,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    folder, key = tmp_path / "sessions", tmp_path / "teacher.key"
    make_course(protocol, folder, key)
    assert main(["stats", str(folder), "--identity", str(key)]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "reading sessions" not in printed
    assert printed.startswith("sessions read: ")


@pytest.mark.parametrize(
    "text",
    [
        'a = "\\u001b[31m red"',
        'a = "x\\by\\fz"',
        'a = "\u202eexe.txt"',
        '"key\\u0007" = 1',
        'a = ["x\\ny", "tab\\there", "back\\\\slash"]',
        'a = """\nline\r\nline"""',
        'a = "\u0085 next line"',
        'a = "\\e[31m red, TOML 1.1\'s escape"',
        'a = """\\x1b[2J\\x9b"""',
    ],
)
def test_strings_are_made_visible_whether_or_not_the_walk_is_skipped(text: str) -> None:
    data = rtoml.loads(text)
    assert visible_toml(text, data) == visible_strings(data)


def test_the_collector_is_on_again_however_stats_ends(
    protocol: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stats` starts with the cycle collector off (what its start builds lives as long as
    it does) and turns it on again, read or refused: whoever called it finds it on, and
    nothing it froze out of the collector's reach left there."""
    folder, key = tmp_path / "sessions", tmp_path / "teacher.key"
    make_course(protocol, folder, key)
    frozen = gc.get_freeze_count()
    assert main(["stats", str(folder), "--identity", str(key)]) == 0
    assert gc.isenabled() and gc.get_freeze_count() <= frozen
    assert main(["stats", str(tmp_path / "nowhere"), "--identity", str(key)]) == 1
    assert gc.isenabled()
    assert "nowhere: no such folder" in capsys.readouterr().err

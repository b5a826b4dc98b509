"""Course figures over a folder: readable sessions as rows without free text or client codes;
the rest counted and named, never fatal."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.client_events import ConsentRecorded
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged, StepEntered
from hyvinvointi_tui.core.model.step_events import GoalAdded, StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import keys, session_document

from .. import session_saving
from ..conftest import FakeClock

CANARY = "FREE-TEXT-CANARY"


def make_folder(protocol: Protocol, folder: Path, teacher_public: str) -> dict[str, int]:
    other = x25519.Identity.generate().to_public()
    counts = {"good": 0, "other": 0, "damaged": 0, "no_consent": 0}
    for number in range(200):
        clock = FakeClock()
        session = Session(protocol, clock=clock, session_id=f"s{number:04d}")
        session.start(SetupChanged(client_code=f"K-{number % 50}", lang="fi"))
        # Every 20th said no to the course figures, the next was not asked: both left out.
        if number % 20 not in (3, 4):
            session.record(ConsentRecorded(step="orientation", item="figures", given=True))
        elif number % 20 == 3:
            session.record(ConsentRecorded(step="orientation", item="figures", given=False))
        clock.t = 600
        session.record(StepEntered(step="stress"))
        session.record(StressRated(step="stress", value=number % 5 + 1))
        session.edit_text(notes_key("stress"), f"{CANARY} {number}")
        clock.t = 60 * (80 + number % 20)
        session.record(GoalAdded(step="goals", goal_id="g", text=f"{CANARY} goal"))
        doc = session_saving.session_document(session, saved_t=clock.t)
        path = folder / f"{number:04d}.age"
        if number % 20 == 7:
            session_saving.save(path, doc, [other])
            counts["other"] += 1
        else:
            session_saving.save(path, doc, [keys.parse_recipient(teacher_public)])
            if number % 20 == 13:
                path.write_bytes(path.read_bytes()[:-30])
                counts["damaged"] += 1
            elif number % 20 in (3, 4):
                counts["no_consent"] += 1
            else:
                counts["good"] += 1
    return counts


def test_stats_over_200_sessions(
    protocol: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "teacher.key"
    public = keys.write_identity_file(key)
    folder = tmp_path / "sessions"
    folder.mkdir()
    counts = make_folder(protocol, folder, public)
    out = tmp_path / "figures.csv"
    assert main(["stats", str(folder), "--identity", str(key), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    read = counts["good"] + counts["no_consent"]
    assert f"sessions read: {read} of 200" in printed
    assert f"left out, no consent to their use in course figures: {counts['no_consent']}" in printed
    assert f"not read: {counts['other'] + counts['damaged']}" in printed
    assert "0007.age: this key cannot open it" in printed
    assert "0013.age: the file is damaged" in printed
    assert "stress ratings: 1: " in printed and "median duration:" in printed

    text = out.read_text(encoding="utf-8")
    assert CANARY not in text and "K-" not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == counts["good"]
    assert {row["stress"] for row in rows} == {"1", "2", "3", "4", "5"}
    assert all(row["goals"] == "1" and row["session"] == "first" for row in rows)
    # The same client gets the same hash within a run; 50 clients, 5 of whom only ever
    # came to sessions left out (sessions 3, 4, 23, 24 … are clients 3, 4, 23, 24, 43, 44).
    clients = {number % 50 for number in range(200) if number % 20 not in (3, 4, 7, 13)}
    assert len({row["client"] for row in rows}) == len(clients)
    assert rows[0]["min_orientation"] == "10.0"


def test_stats_of_a_missing_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "teacher.key"
    keys.write_identity_file(key)
    assert main(["stats", str(tmp_path / "nowhere"), "--identity", str(key)]) == 1
    assert "no such folder" in capsys.readouterr().err


def _session_file(
    protocol: Protocol, folder: Path, name: str, public: str, *, minutes: int, closed: bool
) -> None:
    from hyvinvointi_tui.core.model.session_events import SessionClosed

    clock = FakeClock()
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-7", lang="fi"))
    session.record(ConsentRecorded(step="orientation", item="figures", given=True))
    session.record(StressRated(step="stress", value=2 if closed else 5))
    clock.t = 60 * minutes
    if closed:
        session.record(SessionClosed(step="closing"))
    doc = session_saving.session_document(session, saved_t=clock.t)
    session_saving.save(folder / name, doc, [keys.parse_recipient(public)])


def test_the_client_hash_is_the_same_in_every_run_with_one_key(
    protocol: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two CSVs of one course join on the client column (issue 17, item 13); another key
    gives other hashes; unfinished sessions are rows with their status, not figures."""
    key, other_key = tmp_path / "teacher.key", tmp_path / "other.key"
    public = keys.write_identity_file(key)
    other_public = keys.write_identity_file(other_key)
    folder = tmp_path / "sessions"
    folder.mkdir()
    _session_file(protocol, folder, "a.age", public, minutes=90, closed=True)
    _session_file(protocol, folder, "b.age", public, minutes=80, closed=True)
    _session_file(protocol, folder, "c.age", public, minutes=3, closed=False)

    def run(identity: Path, csv_name: str) -> list[dict[str, str]]:
        out = tmp_path / csv_name
        assert main(["stats", str(folder), "--identity", str(identity), "--csv", str(out)]) == 0
        return list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))

    first, second = run(key, "1.csv"), run(key, "2.csv")
    printed = capsys.readouterr().out
    assert [row["client"] for row in first] == [row["client"] for row in second]
    assert len({row["client"] for row in first}) == 1
    assert [row["status"] for row in first] == ["closed", "closed", "unfinished"]
    # The 3-minute unfinished session is left out of the median and the stress counts.
    assert "median duration: 85.0 min" in printed
    assert "stress ratings: 1: 0, 2: 2, 3: 0, 4: 0, 5: 0" in printed
    assert "unfinished, left out of the figures below: 1" in printed
    for name in ("a.age", "b.age", "c.age"):
        path = folder / name
        doc = session_document.load(path, keys.read_identity_file(key)).doc
        session_saving.save(
            path, doc, [keys.parse_recipient(public), keys.parse_recipient(other_public)]
        )
    assert run(other_key, "3.csv")[0]["client"] != first[0]["client"]

"""`hyvinvointi sessions` and `hyvinvointi delete` as a student runs them (issue 29, part 4),
and the plaintext copies `export -o` and `stats --csv` leave recorded (part 6)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.store.keys import parse_recipient

from ..kept_sessions import saved

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import PtySession

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "poisto-salasana-1"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    base = tmp_path / "home"
    env = {**os.environ, "HYVINVOINTI_HOME": str(base), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}
    subprocess.run([COMMAND, "init"], env=env, check=True, capture_output=True)
    return base


def run(home: Path, *argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HYVINVOINTI_HOME": str(home), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [COMMAND, *argv],
        env=env,
        capture_output=True,
        text=True,
        input=stdin if stdin is not None else "",
        timeout=60,
    )


def me(home: Path) -> list[x25519.Recipient]:
    return [parse_recipient((home / "identity.pub").read_text(encoding="utf-8"))]


def test_sessions_lists_each_with_its_keep_until_date_and_says_what_is_due(
    protocol: Protocol, home: Path
) -> None:
    folder = home / "sessions"
    saved(folder, me(home), protocol, code="K-1", created="2020-01-10T09:00:00+02:00")
    saved(
        folder,
        me(home),
        protocol,
        code="K-2",
        created="2099-01-10T09:00:00+02:00",
        retention_days=30,
    )
    saved(folder, me(home), protocol, code="K-3", created="2026-05-01T09:00:00+02:00", close=False)
    (folder / "someone-elses.age").write_bytes(b"age-encryption.org/v1\nnot ours")

    done = run(home, "sessions")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "180 when the course gives none" in lines[0]
    (old,) = [line for line in lines if "K-1 " in line]
    assert "closed" in old and "keep until 2020-07-08" in old and "DUE FOR DELETION" in old
    (new,) = [line for line in lines if "K-2 " in line]
    assert "keep until 2099-02-09" in new and "DUE" not in new
    (running,) = [line for line in lines if "K-3 " in line]
    # Never closed: kept from its last save as long as a closed one (and due by now).
    assert "open" in running and "keep until 2026-10-28" in running
    assert any(line.startswith("someone-elses.age: cannot be opened") for line in lines)
    assert lines[-1].startswith("2 due for deletion: hyvinvointi delete FILE")


def test_delete_shows_what_goes_asks_and_logs_the_id_only(
    protocol: Protocol, home: Path, tmp_path: Path
) -> None:
    folder = home / "sessions"
    path, session = saved(folder, me(home), protocol, code="K-55", created="2026-02-01T09:00+02:00")
    page = tmp_path / "page.html"
    exported = run(home, "export", str(path), "--format", "html", "-o", str(page))
    assert exported.returncode == 0, exported.stderr
    record = (home / "plaintext-copies.jsonl").read_text(encoding="utf-8")
    entry = json.loads(record)
    assert entry["path"] == str(page) and entry["session"] == session.session_id
    assert "K-55" not in record.replace(str(page), "")  # the path only, never content

    # Without a terminal and without --yes: nothing is deleted.
    refused = run(home, "delete", str(path))
    assert refused.returncode == 1
    assert refused.stderr.strip() == "not deleted: give --yes to delete without being asked"
    assert path.exists() and page.exists()
    assert path.name in refused.stdout and str(page) in refused.stdout  # what would go

    # On a terminal it asks; a no keeps everything, a yes deletes.
    env = {"HYVINVOINTI_HOME": str(home), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}
    with PtySession([COMMAND, "delete", str(path)], env=env) as asked:
        asked.wait_for("Delete these 2 files? This cannot be undone. [y/N]")
        asked.send(b"n\r")
        assert asked.wait_exit() == 1
    assert path.exists() and page.exists()
    with PtySession([COMMAND, "delete", str(path)], env=env) as asked:
        asked.wait_for("[y/N]")
        asked.send(b"y\r")
        assert asked.wait_exit() == 0
        assert b"Deleted 1 session" in asked.output
    assert not path.exists() and not page.exists()
    log = (home / "deletions.log").read_text(encoding="utf-8")
    assert log == f"{dt.date.today().isoformat()} deleted session {session.session_id}\n"


def test_delete_chain_takes_the_first_session_and_its_follow_ups(
    protocol: Protocol, home: Path
) -> None:
    folder = home / "sessions"
    first_path, first = saved(
        folder, me(home), protocol, code="K-8", created="2026-01-05T09:00+02:00"
    )
    follow_path, _ = saved(
        folder, me(home), protocol, code="K-8", created="2026-02-05T09:00+02:00", follows=first
    )
    other, _ = saved(folder, me(home), protocol, code="K-9", created="2026-01-06T09:00+02:00")
    done = run(home, "delete", str(follow_path), "--chain", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Deleted 2 sessions" in done.stdout
    assert not first_path.exists() and not follow_path.exists() and other.exists()
    assert len((home / "deletions.log").read_text(encoding="utf-8").splitlines()) == 2


def test_delete_refuses_a_session_open_in_a_running_copy_in_one_line(
    protocol: Protocol, home: Path, tmp_path: Path
) -> None:
    folder = home / "sessions"
    path, _ = saved(folder, me(home), protocol, code="K-70", created="2026-01-05T09:00+02:00")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from pathlib import Path
                from hyvinvointi_tui.store.session_store import SessionLock
                SessionLock(Path(sys.argv[1])).acquire()
                print("held", flush=True)
                time.sleep(60)
                """
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # out of the test runner's process group
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = run(home, "delete", str(path), "--yes")
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "this session is open in another copy of hyvinvointi" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert path.exists() and not (home / "deletions.log").exists()


def test_the_course_figures_csv_is_recorded_as_a_copy_of_no_one_session(
    protocol: Protocol, home: Path, tmp_path: Path
) -> None:
    folder = home / "sessions"
    saved(folder, me(home), protocol, code="K-1", created="2026-01-05T09:00+02:00")
    out = tmp_path / "figures.csv"
    done = run(home, "stats", str(folder), "--csv", str(out), "--identity", str(tmp_path / "x"))
    assert done.returncode == 1  # a teacher's identity file that is not there: one line
    done = run(home, "stats", str(folder), "--csv", str(out))
    assert done.returncode == 0, done.stderr
    (entry,) = [
        json.loads(line)
        for line in (home / "plaintext-copies.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert entry["path"] == str(out) and entry["session"] == "" and entry["kind"] == "csv"
    missing = run(home, "delete", str(tmp_path / "nothing.age"))
    assert missing.returncode == 1 and missing.stderr.strip().endswith("nothing.age: no such file")


def test_an_export_that_cannot_be_written_is_one_line_and_not_recorded(
    protocol: Protocol, home: Path, tmp_path: Path
) -> None:
    path, _ = saved(
        home / "sessions", me(home), protocol, code="K-6", created="2026-01-05T09:00+02:00"
    )
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / "a-file" / "page.html"
    done = run(home, "export", str(path), "--format", "html", "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"--output: {out}: a part of the path is a file, not a folder")
    assert not (home / "plaintext-copies.jsonl").exists()

"""The record of the plaintext copies the app writes (store/copies.py): path, session id and
time, never content; counted, listed, deleted and forgotten; the pages printed without a
copy removed as the app quits, or at the next start after a crash (issue 29, part 6)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from hyvinvointi_tui.store import copies
from hyvinvointi_tui.store.copies import (
    copies_path,
    delete_copies,
    existing_copies,
    record_copy,
    recorded_copies,
    remove_temporary_copies,
)


def written(folder: Path, name: str, text: str = "Asiakkaan tavoite: nukun hyvin") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_copy_is_recorded_with_its_path_session_and_time_never_its_content(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    page = written(tmp_path, "sivu-K-014.html")
    record_copy(home, page, "3f9a1c2b7d4e", "page")
    record_copy(home, written(tmp_path, "luvut.csv"), "", "csv")
    raw = copies_path(home).read_text(encoding="utf-8")
    assert "nukun hyvin" not in raw
    assert stat.S_IMODE(copies_path(home).stat().st_mode) == 0o600
    first, second = recorded_copies(home)
    assert (first.path, first.session_id, first.kind) == (page, "3f9a1c2b7d4e", "page")
    assert first.written.endswith("+00:00")
    assert (second.session_id, second.kind) == ("", "csv")
    assert [c.path.name for c in existing_copies(home, {"3f9a1c2b7d4e"})] == [page.name]
    # Written again: one copy, its latest record.
    record_copy(home, page, "3f9a1c2b7d4e", "page")
    assert len(recorded_copies(home)) == 2


def test_a_damaged_or_crafted_record_is_skipped_line_by_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    good = written(tmp_path, "page.html")
    lines = [
        "not json",
        json.dumps(["a", "list"]),
        json.dumps({"path": "relative/page.html", "session": "abc", "written": "x"}),
        json.dumps({"path": str(tmp_path / "a\x1b[2Jb"), "session": "abc", "written": "x"}),
        json.dumps({"path": str(good), "session": "../../etc", "written": "x"}),
        json.dumps({"path": str(good), "session": "abc", "written": 5}),
        json.dumps({"path": str(good), "session": "abc", "written": "x", "kind": "page"}),
        '{"path": "/cut',
    ]
    copies_path(home).write_text("\n".join(lines), encoding="utf-8")
    (only,) = recorded_copies(home)
    assert only.path == good and only.session_id == "abc"


def test_deleting_copies_removes_the_files_and_their_record_and_follows_no_link(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    page, toml = written(tmp_path, "page.html"), written(tmp_path, "export.toml")
    keep = written(tmp_path, "precious.txt", "not the app's")
    record_copy(home, page, "aaa", "page")
    record_copy(home, toml, "bbb", "toml")
    gone_before = written(tmp_path, "moved.md")
    record_copy(home, gone_before, "aaa", "page")
    gone_before.unlink()  # the student moved it: no longer counted
    assert len(existing_copies(home)) == 2
    assert delete_copies(home, existing_copies(home, {"aaa"})) == []
    assert not page.exists() and toml.exists()
    assert [c.path for c in recorded_copies(home)] == [toml]  # the gone one forgotten too
    # A recorded path that has become a link to something else is not followed.
    toml.unlink()
    toml.symlink_to(keep)
    assert existing_copies(home) == []
    delete_copies(home, recorded_copies(home))
    assert keep.read_text(encoding="utf-8") == "not the app's"
    assert recorded_copies(home) == []


def test_a_copy_that_cannot_be_deleted_stays_recorded_with_its_reason(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "locked"
    folder.mkdir()
    page = written(folder, "page.html")
    record_copy(home, page, "aaa", "page")
    folder.chmod(0o500)
    try:
        failed = delete_copies(home, existing_copies(home))
    finally:
        folder.chmod(0o700)
    if os.geteuid() != 0:  # root deletes anyway
        ((copy, reason),) = failed
        assert copy.path == page and reason
        assert [c.path for c in recorded_copies(home)] == [page]


def test_a_print_copy_goes_as_its_process_quits_or_at_the_next_start_after_a_crash(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    mine = tmp_path / f"{copies.PRINT_FOLDER_PREFIX}mine"
    mine.mkdir(mode=0o700)
    page = written(mine, "page.html")
    record_copy(home, page, "aaa", "print", temporary=True)
    kept = written(tmp_path, "kept.html")
    record_copy(home, kept, "aaa", "page")
    # A copy printed by a process that has ended (killed before it could remove it).
    crashed = tmp_path / f"{copies.PRINT_FOLDER_PREFIX}crashed"
    crashed.mkdir(mode=0o700)
    left = written(crashed, "page.html")
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from hyvinvointi_tui.store.copies import record_copy; "
            "record_copy(Path(sys.argv[1]), Path(sys.argv[2]), 'bbb', 'print', temporary=True)",
            str(home),
            str(left),
        ],
        check=True,
    )
    assert child.returncode == 0
    # A start while this process runs: only the crashed one's copy goes, with its folder.
    assert remove_temporary_copies(home, quitting=False) == []
    assert not left.exists() and not crashed.exists()
    assert page.exists() and kept.exists()
    # This process quits: its own copy goes; the copies kept on purpose stay.
    remove_temporary_copies(home, quitting=True)
    assert not page.exists() and not mine.exists()
    assert kept.exists()
    assert [c.path for c in recorded_copies(home)] == [kept]

"""Deleting a session for good (store/deletion.py): everything that belongs to it goes —
its file, its debrief comments, its lock, the files saved beside it, the plaintext copies
written of it — and the deletion log keeps its id and date, never the client code; a
client's chain goes in one go; a session open in a running copy is refused (issue 29,
part 4)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.debrief.comments import Comment
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.store.copies import record_copy, recorded_copies
from hyvinvointi_tui.store.debrief import debrief_path, save_comments
from hyvinvointi_tui.store.deletion import (
    LOG_FILE,
    DeletionRefused,
    delete,
    listing,
    plan_deletion,
)
from hyvinvointi_tui.store.session_file import AGE_MAGIC
from hyvinvointi_tui.store.session_store import SessionLock

from ..kept_sessions import saved


@pytest.fixture
def student() -> x25519.Identity:
    return x25519.Identity.generate()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    return home


def traces(home: Path, *words: str) -> list[str]:
    """Every file under `home` whose name, or (unencrypted) content, holds one of the
    words, with the deletion log's lines that do."""
    found = []
    for folder, _, names in os.walk(home):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                data = file.read()
            text = "" if data.startswith(AGE_MAGIC) else data.decode("utf-8", "replace")
            for word in words:
                if word in name:
                    found.append(f"name {path}")
                for line in text.splitlines():
                    if word in line:
                        found.append(f"{name}: {line}")
    return found


def test_after_a_deletion_no_file_in_the_data_folder_names_the_session_or_the_client(
    protocol: Protocol, student: x25519.Identity, home: Path, tmp_path: Path
) -> None:
    folder = home / "sessions"
    me = [student.to_public()]
    path, session = saved(folder, me, protocol, code="K-014", created="2026-03-02T10:00:00+02:00")
    other, kept_session = saved(
        folder, me, protocol, code="K-020", created="2026-03-03T10:00:00+02:00"
    )
    sid = session.session_id
    # Everything the app leaves beside a session: comments, a lock, a file kept beside it
    # when its own was changed from outside (with its own comments and lock), a temp file.
    save_comments(path, sid, [Comment(t=60.0, step="orientation", text="Hyvä alku")], me)
    stem = path.name.removesuffix(".age")
    ours = folder / f"{stem}-ours-20260302-113000.age"
    ours.write_bytes(path.read_bytes())
    debrief_path(ours).write_bytes(b"age-encryption.org/v1\n...")
    (folder / f"{ours.name}.lock").write_text("{}")
    (folder / f"{path.name}.lock").write_text("{}")
    (folder / f"{path.name}.tmp-999999999").write_bytes(b"age-encryption.org/v1\n")
    # Plaintext copies: the client's page elsewhere, a toml export inside the data folder.
    out = tmp_path / "documents"
    out.mkdir()
    page = out / "wellbeing-conversation-K-014-2026-03-02.html"
    page.write_text("K-014 goals", encoding="utf-8")
    export = home / "K-014.toml"
    export.write_text(f'id = "{sid}"\nclient_code = "K-014"\n', encoding="utf-8")
    record_copy(home, page, sid, "page")
    record_copy(home, export, sid, "toml")
    other_page = out / "K-020.html"
    other_page.write_text("K-020 goals", encoding="utf-8")
    record_copy(home, other_page, kept_session.session_id, "page")
    assert traces(home, sid, "K-014")  # before: everywhere

    plan = plan_deletion(path, [student], home)
    assert {p.name for p in plan.files} == {
        path.name,
        debrief_path(path).name,
        ours.name,
        debrief_path(ours).name,
        f"{ours.name}.lock",
        f"{path.name}.lock",
        f"{path.name}.tmp-999999999",
    }
    assert set(plan.copies) == {page, export}
    done = delete(plan, home)

    assert done.ids == [sid] and done.failed == []
    log = (home / LOG_FILE).read_text(encoding="utf-8")
    assert log == f"{dt.date.today().isoformat()} deleted session {sid}\n"
    assert stat.S_IMODE((home / LOG_FILE).stat().st_mode) == 0o600
    assert traces(home, sid, "K-014") == [f"{LOG_FILE}: {log.strip()}"]
    assert "K-014" not in log
    assert not page.exists() and not export.exists()
    # The other client's session and copy stay.
    assert other.exists() and other_page.exists()
    assert [c.path for c in recorded_copies(home)] == [other_page]
    assert [listed.session_id for listed in listing(folder, [student])] == [kept_session.session_id]


def test_a_chain_is_deleted_in_one_go_from_any_of_its_sessions(
    protocol: Protocol, student: x25519.Identity, home: Path
) -> None:
    folder = home / "sessions"
    me = [student.to_public()]
    first_path, first = saved(folder, me, protocol, code="K-21", created="2026-01-05T09:00+02:00")
    second_path, second = saved(
        folder, me, protocol, code="K-21", created="2026-02-05T09:00+02:00", follows=first
    )
    third_path, _ = saved(
        folder, me, protocol, code="K-21", created="2026-03-05T09:00+02:00", follows=second
    )
    other_path, _ = saved(folder, me, protocol, code="K-22", created="2026-01-06T09:00+02:00")

    single = plan_deletion(second_path, [student], home)
    assert [s.path for s in single.sessions] == [second_path]
    plan = plan_deletion(second_path, [student], home, chain=True)
    assert [s.path for s in plan.sessions] == [first_path, second_path, third_path]
    done = delete(plan, home)
    assert len(done.ids) == 3 and done.failed == []
    assert sorted(p.name for p in folder.iterdir()) == [other_path.name]
    assert traces(home, "K-21") == []
    assert len((home / LOG_FILE).read_text(encoding="utf-8").splitlines()) == 3


def test_a_session_open_in_a_running_copy_is_refused_and_nothing_is_touched(
    protocol: Protocol, student: x25519.Identity, home: Path
) -> None:
    folder = home / "sessions"
    me = [student.to_public()]
    path, session = saved(folder, me, protocol, code="K-30", created="2026-01-05T09:00+02:00")
    follow_path, _ = saved(
        folder, me, protocol, code="K-30", created="2026-02-05T09:00+02:00", follows=session
    )
    page = home / "page.html"
    page.write_text("K-30", encoding="utf-8")
    record_copy(home, page, session.session_id, "page")
    running = SessionLock(follow_path)  # the follow-up is open in another copy
    running.acquire()
    try:
        plan = plan_deletion(path, [student], home, chain=True)
        with pytest.raises(DeletionRefused, match="open in another copy"):
            delete(plan, home)
    finally:
        running.release()
    assert path.exists() and follow_path.exists() and page.exists()
    assert not (home / LOG_FILE).exists()
    # Once that copy has closed it, it goes.
    assert len(delete(plan_deletion(path, [student], home, chain=True), home).ids) == 2


def test_a_file_that_cannot_be_opened_is_listed_as_such_and_not_deleted(
    protocol: Protocol, student: x25519.Identity, home: Path
) -> None:
    folder = home / "sessions"
    me = [student.to_public()]
    saved(folder, me, protocol, code="K-40", created="2026-01-05T09:00+02:00", retention_days=30)
    saved(folder, me, protocol, code="K-41", created="2026-01-06T09:00+02:00", close=False)
    stranger = folder / "20260107-0900_K-42_abcdef123456.age"
    stranger.write_bytes(b"age-encryption.org/v1\nnot for this key")
    closed, opened, unreadable = listing(folder, [student])
    assert closed.kept is not None and closed.kept.until == dt.date(2026, 2, 4)
    assert closed.kept.due(dt.date(2026, 2, 5))
    # Never closed: kept from its last save (made as it started) for the default 180 days.
    assert opened.kept is not None and not opened.kept.closed
    assert opened.kept.until == dt.date(2026, 7, 5)
    assert unreadable.kept is None and "damaged" in unreadable.problem
    with pytest.raises(DeletionRefused, match="cannot be opened"):
        plan_deletion(stranger, [student], home)
    assert stranger.exists()

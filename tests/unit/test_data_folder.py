"""Bad data folders (issue 18, item 11): one clear line each, never a traceback; the commands
that only read (export, replay, stats) work on a read-only data folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.session_store import SessionStore

PASSPHRASE = "kirjasto-on-kiinni"


def one_line(err: str) -> str:
    assert err.strip() and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("where", ["under a file", "in /proc"])
def test_a_data_folder_that_cannot_be_made_gets_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    if where == "under a file":
        (tmp_path / "a-file").write_text("x")
        home = tmp_path / "a-file" / "hyvinvointi"
    else:
        home = Path("/proc/hyvinvointi-home")
    monkeypatch.setenv("HYVINVOINTI_HOME", str(home))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    for argv in (["init"], ["new"], ["resume"], ["course", "add-teacher", "age1x"]):
        assert main(argv) == 1, argv
        err = one_line(capsys.readouterr().err)
        assert f"{home}: cannot be used as the data folder" in err, err


@pytest.fixture(scope="module")
def student_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    keys.create_student_identity(home, PASSPHRASE)
    identity = keys.unlock_student_identity(home, PASSPHRASE)
    session = Session(resolve_protocol())
    session.start(SetupChanged(client_code="K-11", lang="fi"))
    store = SessionStore(home / "sessions", [identity.to_public()])
    (home / "sessions").mkdir(mode=0o700)
    store.save(
        session.protocol,
        session_id=session.session_id,
        created=session.created,
        events=list(session.events),
        saved_t=1.0,
    )
    store.close()
    return home


@pytest.mark.slow  # scrypt unlocks or a whole command run: seconds each
def test_a_read_only_data_folder_still_exports_and_counts(
    student_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on a read-only file system: no folder can be made, no mode changed, no file
    created. (Tests run as root here, which file modes do not stop, so the file system's
    refusals are injected.)"""
    (student_home / "sessions").chmod(0o755)  # a mode the app would like to change

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    real_open = os.open

    def open_read_only(path: str | Path, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(Path, "chmod", read_only)
    monkeypatch.setattr(Path, "mkdir", read_only)
    monkeypatch.setattr(Path, "touch", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    monkeypatch.setattr(os, "open", open_read_only)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(student_home))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    (session,) = (student_home / "sessions").glob("*.age")
    assert main(["export", str(session), "--format", "md"]) == 0
    assert "Hyvinvointikeskustelumme" in capsys.readouterr().out
    assert main(["stats", str(student_home / "sessions")]) == 0
    assert "sessions read: 1 of 1" in capsys.readouterr().out
    # Starting or going on with a session needs to write: said before anything opens.
    for argv in (["new"], ["resume"]):
        assert main(argv) == 1
        err = one_line(capsys.readouterr().err)
        assert "sessions cannot be saved here (Read-only file system)" in err

"""Every file a command writes where the user says (issue 32, item 2): `export -o`,
`access -o`, `stats --csv`, `keygen -o`, `course new -o`, `notice -o`. Against a folder no
one may write in, a missing folder, a folder, a FIFO, a device, a symbolic link and a
dangling one: one line for any failure, never a traceback; only a regular file (or
nothing) is ever replaced — what else is there is left exactly as it was."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.store.atomic import NotReplaced, write_atomic
from hyvinvointi_tui.store.typed_path import TypedPathProblem, write_output

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
SESSION, KEY = "demo-session.age", "demo-teacher.key"

# The command lines, with {} where the path typed after the option goes.
COMMANDS = {
    "export -o md": ["export", f"sessions/{SESSION}", "--identity", KEY, "--format", "md"],
    "export -o html": ["export", f"sessions/{SESSION}", "--identity", KEY, "--format", "html"],
    "export -o toml": ["export", f"sessions/{SESSION}", "--identity", KEY, "--format", "toml"],
    "export -o debrief": [
        *["export", f"sessions/{SESSION}", "--identity", KEY, "--format", "md", "--debrief"]
    ],
    "access -o": ["access", f"sessions/{SESSION}", "--identity", KEY],
    "stats --csv": ["stats", "sessions", "--identity", KEY],
    "keygen -o": ["keygen"],
    "course new -o": ["course", "new", "--name", "C", "--teacher", "T"],
    "notice -o": ["notice", "--lang", "fi"],
}
OPTION = {"stats --csv": "--csv"}

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    (tmp_path / "sessions").mkdir()
    shutil.copy(DEMO / SESSION, tmp_path / "sessions" / SESSION)
    shutil.copy(DEMO / KEY, tmp_path / KEY)
    public = next(
        line.split(": ")[1]
        for line in (tmp_path / KEY).read_text().splitlines()
        if line.startswith("# public key")
    )
    return tmp_path, public


def _argv(command: str, path: str, public: str) -> list[str]:
    argv = [public if part == "T" else part for part in COMMANDS[command]]
    return [*argv, OPTION.get(command, "-o"), path]


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    code, _, err = _run(capsys, argv)
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    return err


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes | str]]:
    """Each entry of the folder: its kind and its content (a link: where it leads)."""
    seen: dict[str, tuple[int, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        if "home" in path.parts:
            continue
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            seen[str(path)] = (stat.S_IFMT(mode), os.readlink(path))
        elif stat.S_ISREG(mode):
            seen[str(path)] = (stat.S_IFMT(mode), path.read_bytes())
        else:
            seen[str(path)] = (stat.S_IFMT(mode), b"")
    return seen


def _make(kind: str, folder: Path) -> str:
    """Something of `kind` in `folder`; the path to type."""
    target = folder / "out.file"
    if kind == "a folder":
        target.mkdir()
    elif kind == "a FIFO":
        os.mkfifo(target)
    elif kind == "a device":
        try:
            os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # as /dev/null
        except (PermissionError, AttributeError):
            pytest.skip("making a device node needs root (CI and this machine run as root)")
    elif kind == "a symbolic link":
        (folder / "kept.txt").write_text("the user's own file")
        target.symlink_to(folder / "kept.txt")
    elif kind == "a dangling symbolic link":
        target.symlink_to(folder / "nowhere.txt")
    elif kind == "a link to a folder":
        (folder / "kept").mkdir()
        target.symlink_to(folder / "kept")
    return str(target)


KINDS = {
    "a folder": "it is a folder",
    "a FIFO": "it is not a regular file",
    "a device": "it is not a regular file",
    "a symbolic link": "it is a symbolic link",
    "a dangling symbolic link": "it is a symbolic link",
    "a link to a folder": "it is a symbolic link",
}
CASES = [(command, kind) for command in COMMANDS for kind in KINDS]


@pytest.mark.parametrize(("command", "kind"), CASES, ids=[f"{c}: {k}" for c, k in CASES])
def test_nothing_but_a_regular_file_is_ever_replaced(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    folder, public = here
    typed = _make(kind, folder)
    before = _snapshot(folder)
    _refused(capsys, _argv(command, typed, public), KINDS[kind])
    assert _snapshot(folder) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_folder_is_made_private_and_the_file_written_there(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder, public = here
    code, out, err = _run(capsys, _argv(command, "new/deeper/out.file", public))
    assert code == 0, err
    written = folder / "new" / "deeper" / "out.file"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    for made in (folder / "new", folder / "new" / "deeper"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert str(written) in out  # where it went, whole


@pytest.mark.parametrize("command", COMMANDS)
def test_a_regular_file_is_replaced_except_by_keygen(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder, public = here
    existing = folder / "out.file"
    existing.write_text("old")
    code, _, err = _run(capsys, _argv(command, str(existing), public))
    if command == "keygen -o":  # a key is never written over anything
        assert code == 1 and "exists already" in err and err.count("\n") == 1
        assert existing.read_text() == "old"
    else:
        assert code == 0, err
        assert existing.read_text() != "old"


# Folders no one writes in, whoever runs the command: a path under a regular file (for
# every user, root included), and on Linux /proc and /sys, which refuse new files even to
# root. A folder made read-only with chmod does not stop root, so it is tried only when
# the tests do not run as root.
UNWRITABLE = {
    "under a regular file": ("a-file/out.file", "a part of the path is a file"),
    "in /proc": ("/proc/hyvinvointi-out.file", "cannot be written"),
    "in /sys": ("/sys/hyvinvointi-out.file", ""),
    "a read-only folder": ("read-only/out.file", "no permission"),
}
UNWRITABLE_CASES = [(command, kind) for command in COMMANDS for kind in UNWRITABLE]


@pytest.mark.parametrize(
    ("command", "kind"), UNWRITABLE_CASES, ids=[f"{c}: {k}" for c, k in UNWRITABLE_CASES]
)
def test_a_folder_that_cannot_be_written_is_one_line(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    folder, public = here
    typed, words = UNWRITABLE[kind]
    if kind.startswith("in /") and not sys.platform.startswith("linux"):
        pytest.skip("/proc and /sys are Linux's")
    if kind == "a read-only folder":
        if ROOT:
            pytest.skip("a read-only folder does not stop root: the other cases stand in")
        (folder / "read-only").mkdir(mode=0o500)
    (folder / "a-file").write_text("x")
    before = _snapshot(folder)
    _refused(capsys, _argv(command, typed, public), *([words] if words else []))
    assert _snapshot(folder) == before
    assert not Path(typed).exists() or Path(typed).is_dir()


# What is at the path may change between the command's check and the write: the file is
# put in place only over a regular file (or, for a key, over nothing), whatever is there.


@pytest.mark.parametrize("kind", ["a FIFO", "a folder", "a dangling symbolic link"])
def test_what_appears_at_the_path_before_the_write_is_not_replaced(
    tmp_path: Path, kind: str
) -> None:
    target = Path(_make(kind, tmp_path))
    before = _snapshot(tmp_path)
    with pytest.raises(NotReplaced):
        write_atomic(target, b"data", over="regular")
    with pytest.raises(NotReplaced):
        write_atomic(target, b"data", over="nothing")
    assert _snapshot(tmp_path) == before  # no temp file left either


def test_a_new_file_only_is_never_written_over_a_file_put_there_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "identity.key"
    target.write_text("someone's key")
    with pytest.raises(NotReplaced):
        write_atomic(target, b"new key", over="nothing")
    assert target.read_text() == "someone's key"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["identity.key"]


def test_write_output_says_where_the_file_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert write_output(Path("a/b.md"), b"x") == tmp_path / "a" / "b.md"
    with pytest.raises(TypedPathProblem, match="exists already"):
        write_output(Path("a/b.md"), b"y", replace=False)
    assert (tmp_path / "a" / "b.md").read_bytes() == b"x"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_reached_through_a_link_is_named_by_where_it_leads(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder, public = here
    (folder / "real").mkdir()
    (folder / "linked").symlink_to(folder / "real")
    code, out, err = _run(capsys, _argv(command, "linked/out.file", public))
    assert code == 0, err
    assert str(folder / "real" / "out.file") in out  # the folder it went to, not the link
    assert (folder / "real" / "out.file").is_file()

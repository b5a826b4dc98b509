"""Every path given to a command (issue 30, item 6): FILE arguments, -o, --csv, --identity,
--course, --help-contacts, --protocol, FOLDER. A relative one works from the current folder
and the command says where it went; each bad kind is one line naming the option, exit 1,
nothing written."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
TEACHER_PUBLIC = "age1"  # filled in by the fixture

# Each bad kind: what is typed (in a folder holding "a-file", a folder "kansio" and a link
# "link.out" to "a-file") and what the one line says, for a file to read, a file to write,
# a folder to read.
READ = {
    "missing": ("ei-ole.age", "no such file"),
    "a folder": ("kansio", "it is a folder, not a file"),
    "control characters": ("x\x1b[2J.age", "a path cannot hold a control character"),
    "too long": ("x" * 300, "the path is too long"),
    "an unknown user's home": ("~ei-ketaan-tallaista/x", "no home folder is known"),
    "empty": ("", "no path was given"),
}
WRITE = {
    "a folder": ("kansio", "it is a folder; give a file name in it"),
    "a symbolic link": ("link.out", "it is a symbolic link"),
    "under a file": ("a-file/out", "a part of the path is a file, not a folder"),
    "control characters": ("out\x07.txt", "a path cannot hold a control character"),
    "too long": ("x" * 300, "the path is too long"),
    "cannot be made": ("/proc/hyvinvointi-x/out", "the folder cannot be made"),
}
FOLDER = {
    "missing": ("ei-kansiota", "no such folder"),
    "a file": ("a-file", "it is a file, not a folder"),
    "control characters": ("k\x1bansio", "a path cannot hold a control character"),
    "too long": ("x" * 300, "the path is too long"),
}

SESSION, KEY = "demo-session.age", "demo-teacher.key"

# The command lines, with {} where the typed path goes; what kind of path it is.
OPTIONS = {
    "export FILE": (["export", "{}", "--identity", KEY], READ),
    "export --identity": (["export", SESSION, "--identity", "{}"], READ),
    "export -o": (["export", SESSION, "--identity", KEY, "--format", "md", "-o", "{}"], WRITE),
    "access -o": (["access", SESSION, "--identity", KEY, "-o", "{}"], WRITE),
    "replay FILE": (["replay", "{}", "--identity", KEY], READ),
    "consent FILE": (["consent", "{}", "--withdraw", "figures", "--identity", KEY], READ),
    "stats FOLDER": (["stats", "{}", "--identity", KEY], FOLDER),
    "stats --csv": (["stats", ".", "--identity", KEY, "--csv", "{}"], WRITE),
    "stats --course": (["stats", ".", "--identity", KEY, "--course", "{}"], READ),
    "keygen -o": (["keygen", "-o", "{}"], WRITE),
    "course join FILE": (["course", "join", "{}", "--yes"], READ),
    "course new -o": (["course", "new", "--name", "C", "--teacher", "T", "-o", "{}"], WRITE),
    "course new --help-contacts": (
        ["course", "new", "--name", "C", "--teacher", "T", "-o", "c.toml", "--help-contacts", "{}"],
        READ,
    ),
    "notice -o": (["notice", "--course", "course.toml", "-o", "{}"], WRITE),
    "notice --course": (["notice", "--course", "{}"], READ),
    "protocol check PATH": (["protocol", "check", "{}"], READ),
    "new --follow-up": (["new", "--follow-up", "{}"], READ),
    "rekey FOLDER": (["rekey", "{}", "--identity", KEY, "--course", "course.toml"], FOLDER),
}
CASES = [(option, kind) for option, (_, kinds) in OPTIONS.items() for kind in kinds]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    shutil.copy(DEMO / SESSION, tmp_path / SESSION)
    shutil.copy(DEMO / KEY, tmp_path / KEY)
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "kansio").mkdir()
    (tmp_path / "link.out").symlink_to(tmp_path / "a-file")
    public = next(
        line.split(": ")[1]
        for line in (tmp_path / KEY).read_text().splitlines()
        if line.startswith("# public key")
    )
    argv = ["course", "new", "--name", "C", "--teacher", public, "-o", "course.toml"]
    assert main(argv) == 0
    return tmp_path, public


def _argv(template: list[str], typed: str, public: str) -> list[str]:
    return [typed if part == "{}" else public if part == "T" else part for part in template]


@pytest.mark.parametrize(("option", "kind"), CASES, ids=[f"{o}: {k}" for o, k in CASES])
def test_a_bad_path_given_to_a_command_is_one_line_and_writes_nothing(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], option: str, kind: str
) -> None:
    folder, public = here
    template, kinds = OPTIONS[option]
    typed, why = kinds[kind]
    capsys.readouterr()
    before = sorted(p.name for p in folder.rglob("*") if "home" not in p.parts)
    assert main(_argv(template, typed, public)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err, err
    name = template[template.index("{}") - 1]
    where = name if name.startswith("-") else template[template.index("{}")]
    assert why in err, err
    if where.startswith("--"):
        assert err.startswith(f"{where}: "), err
    elif where == "-o":
        assert err.startswith("--output: "), err
    assert sorted(p.name for p in folder.rglob("*") if "home" not in p.parts) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["export", SESSION, "--identity", KEY, "--format", "md", "-o", "sivut/page.md"],
        ["access", SESSION, "--identity", KEY, "-o", "sivut/copy.html"],
        ["stats", ".", "--identity", KEY, "--csv", "sivut/rows.csv"],
        ["keygen", "-o", "sivut/teacher.key"],
        ["notice", "--course", "course.toml", "-o", "sivut/notice.html"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_relative_output_goes_under_the_current_folder_and_is_said(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    folder, _ = here
    capsys.readouterr()
    assert main(argv) == 0, capsys.readouterr().err
    written = folder / argv[-1]
    assert written.exists()
    assert stat.S_IMODE((folder / "sivut").stat().st_mode) == 0o700  # made private
    assert str(written) in capsys.readouterr().out  # where it went


def test_a_tilde_and_a_relative_file_to_read_are_found(
    here: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = here
    (folder / "user").mkdir()
    shutil.copy(folder / KEY, folder / "user" / KEY)
    assert main(["export", f"./{SESSION}", "--identity", f"~/{KEY}", "--format", "md"]) == 0
    assert "Hyvinvointikeskustelumme" in capsys.readouterr().out

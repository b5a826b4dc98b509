"""The commands around keys and files: clear messages, never a traceback, nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.store import course as course_file
from hyvinvointi_tui.store import keys

from .. import session_saving

PASSPHRASE = "oikea-salasana"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A home with a student key, a teacher, and one saved session."""
    base = tmp_path_factory.mktemp("home")
    keys.create_student_identity(base, PASSPHRASE)
    teacher_key = base / "teacher.key"
    teacher_public = keys.write_identity_file(teacher_key)
    course_file.add_teacher(base, teacher_public)
    session = Session(resolve_protocol())
    session.start(SetupChanged(client_code="K-5", lang="sv"))
    student_public = (base / "identity.pub").read_text(encoding="utf-8")
    recipients = [keys.parse_recipient(student_public), keys.parse_recipient(teacher_public)]
    (base / "sessions").mkdir()
    path = base / "sessions" / "s.age"
    session_saving.save(path, session_saving.session_document(session, saved_t=1.0), recipients)
    return base, teacher_key, path


@pytest.fixture
def env(
    prepared: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, Path]:
    base, _, _ = prepared
    monkeypatch.setenv("HYVINVOINTI_HOME", str(base))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    return prepared


def test_export_toml_for_the_teacher_and_the_student(
    env: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, teacher_key, path = env
    assert main(["export", str(path), "--format", "toml", "--identity", str(teacher_key)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("schema_version = 2") and 'client_code = "K-5"' in out
    assert main(["export", str(path)]) == 0
    assert 'client_code = "K-5"' in capsys.readouterr().out


def test_export_with_a_key_that_does_not_fit(
    env: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, path = env
    other = tmp_path / "other.key"
    other.write_text(f"{x25519.Identity.generate()}\n")
    assert main(["export", str(path), "--identity", str(other)]) == 1
    err = capsys.readouterr().err
    assert "this key cannot open it" in err and "Traceback" not in err


def test_export_of_a_damaged_file(
    env: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, teacher_key, path = env
    broken = tmp_path / "broken.age"
    broken.write_bytes(path.read_bytes()[:-40])
    assert main(["export", str(broken), "--identity", str(teacher_key)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.age"), "--identity", str(teacher_key)]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_wrong_passphrase_stops_before_the_session(
    env: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, _, _ = env
    before = sorted(p.name for p in base.rglob("*"))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "väärä")
    assert main(["new", "--client", "K-6"]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert sorted(p.name for p in base.rglob("*")) == before


def test_no_key_yet_points_to_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    assert main(["new", "--client", "K-6"]) == 1
    assert "run 'hyvinvointi init' first" in capsys.readouterr().err
    assert main(["resume"]) == 1


def test_a_corrupt_course_file_stops_with_a_message(
    env: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, _, _ = env
    copy = tmp_path / "home"
    copy.mkdir()
    for name in ("identity.age", "identity.pub"):
        (copy / name).write_bytes((base / name).read_bytes())
    (copy / "course.toml").write_text("teachers = 3\n")
    monkeypatch.setenv("HYVINVOINTI_HOME", str(copy))
    assert main(["new", "--client", "K-6"]) == 1
    err = capsys.readouterr().err
    assert "course.toml is damaged (teachers:" in err and "list" in err
    assert len(err.splitlines()) == 1
    assert (copy / "course.toml").read_text() == "teachers = 3\n"


def test_add_teacher_refuses_a_bad_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    assert main(["course", "add-teacher", "age1thisisnotakey"]) == 1
    assert "not an age public key" in capsys.readouterr().err
    assert not (Path(tmp_path) / "course.toml").exists()


def test_a_teacher_is_added_with_name_and_contact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    public = str(x25519.Identity.generate().to_public())
    args = ["course", "add-teacher", public, "--name", "Leena", "--contact", "Teams chat"]
    assert main(args) == 0
    (teacher,) = course_file.read_course(tmp_path).teachers
    assert (teacher.name, teacher.contact) == ("Leena", "Teams chat")
    assert teacher.reminder() == "Leena (Teams chat)"


COMMAND_LINES = [
    ["demo", "--lang", "en"],
    ["new", "--client", "K-1", "--lang", "sv", "--protocol", "seurantakeskustelu"],
    ["replay", "x.age", "--identity", "t.key", "--lang", "fi"],
    ["export", "x.age", "--format", "md", "--debrief", "-o", "out.md"],
    ["course", "add-teacher", "age1xyz", "--name", "Opettaja"],
    ["protocol", "check", "p.toml"],
    ["stats", "folder", "--csv", "rows.csv"],
    ["resume"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda argv: argv[0])
def test_the_parser_built_for_one_command_reads_it_as_the_full_one(argv: list[str]) -> None:
    from hyvinvointi_tui.cli.parser import parser

    one = vars(parser(argv).parse_args(argv))
    full = vars(parser().parse_args(argv))
    assert one == full
    assert one["command"] == argv[0]


def test_an_unknown_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["nosuch"])
    error = capsys.readouterr().err
    for name in ("demo", "new", "init", "keygen", "course", "resume", "replay", "stats"):
        assert f"'{name}'" in error

"""`replay FILE --serve`: what it refuses in one line before serving anything, and the command
line it has textual-serve run, whatever the paths hold."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.cli.serve import UnsafeValue, served_command

ROOT = Path(__file__).resolve().parents[2]
SESSION = str(ROOT / "sessions" / "demo" / "demo-session.age")
TEACHER = str(ROOT / "sessions" / "demo" / "demo-teacher.key")

HOSTILE = [
    "/tmp/a b/session.age",
    "/tmp/x; touch pwned; .age",
    "/tmp/$(touch pwned).age",
    "/tmp/`touch pwned`.age",
    '/tmp/it\'s "quoted".age',
    "/tmp/line\nbreak && rm -rf ~.age",
    "/tmp/-rf *.age",
    "/tmp/ä ö å | cat > x.age",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_every_path_stays_one_argument_of_the_served_command(path: str) -> None:
    command = served_command(path, f"{path}.key", "sv", windows=False)
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "hyvinvointi_tui.cli",
        "replay",
        path,
        "--identity",
        f"{path}.key",
        "--lang",
        "sv",
    ]


def test_without_a_language_the_served_replay_takes_the_sessions() -> None:
    assert "--lang" not in shlex.split(served_command("/s.age", "/k.key", None, windows=False))


def test_on_windows_a_path_cmd_would_read_is_refused_and_spaces_are_quoted() -> None:
    with pytest.raises(UnsafeValue, match="%"):
        served_command(r"C:\Users\%USERNAME%\s.age", r"C:\k.key", None, windows=True)
    with pytest.raises(UnsafeValue):
        served_command(r'C:\a"b.age', r"C:\k.key", None, windows=True)
    command = served_command(r"C:\My Sessions\s.age", r"C:\k.key", None, windows=True)
    assert r'"C:\My Sessions\s.age"' in command


def one_line_failure(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_serving_without_a_teachers_identity_file_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = one_line_failure(capsys, ["replay", SESSION, "--serve"])
    assert "--identity KEYFILE" in err and "passphrase" in err


@pytest.mark.slow  # a key that does not fit takes about two seconds to be told so
def test_a_key_that_does_not_open_the_file_is_said_before_anything_is_served(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.key"
    other.write_text(str(x25519.Identity.generate()) + "\n")
    err = one_line_failure(capsys, ["replay", SESSION, "--identity", str(other), "--serve"])
    assert "demo-session.age" in err


def test_a_port_below_1024_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_failure(
        capsys, ["replay", SESSION, "--identity", TEACHER, "--serve", "--port", "80"]
    )
    assert "--port 80" in err


def test_there_is_no_option_for_another_address(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["replay", SESSION, "--identity", TEACHER, "--serve", "--host", "0.0.0.0"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --host" in capsys.readouterr().err


def test_without_textual_serve_installed_the_extra_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "hyvinvointi_tui.cli.replay_server", None)
    err = one_line_failure(capsys, ["replay", SESSION, "--identity", TEACHER, "--serve"])
    assert "[serve]" in err


def test_a_port_in_use_is_said_in_one_line_before_anything_is_served(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        err = one_line_failure(
            capsys, ["replay", SESSION, "--identity", TEACHER, "--serve", "--port", port]
        )
    assert f"--port {port}: cannot listen on it" in err
    assert "Serving" not in capsys.readouterr().out

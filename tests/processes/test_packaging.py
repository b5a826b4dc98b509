"""A non-editable install works: the wheel carries the protocols, strings and styles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hyvinvointi_tui import __version__

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (found,) = out.glob("hyvinvointi_tui-*.whl")
    return found


def test_wheel_contains_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "hyvinvointi_tui/protocols/hyvinvointikeskustelu.toml",
        "hyvinvointi_tui/protocols/seurantakeskustelu.toml",
        "hyvinvointi_tui/i18n/fi.toml",
        "hyvinvointi_tui/i18n/sv.toml",
        "hyvinvointi_tui/ui/app.tcss",
        "hyvinvointi_tui/cli/replay_page/app_index.html",
    ):
        assert needed in names


def test_the_unpacked_wheel_finds_its_protocol_outside_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import hyvinvointi_tui, pathlib\n"
        "from hyvinvointi_tui.cli import main\n"
        "assert 'site' in pathlib.Path(hyvinvointi_tui.__file__).parts\n"
        "p = pathlib.Path(hyvinvointi_tui.__file__).parent / 'protocols' / "
        "'hyvinvointikeskustelu.toml'\n"
        "raise SystemExit(main(['protocol', 'check', str(p)]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def console_command() -> str:
    """The installed `hyvinvointi` script beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name("hyvinvointi")
    command = str(beside) if beside.exists() else shutil.which("hyvinvointi")
    assert command, "the console script is installed"
    return command


def test_console_command_help_and_version() -> None:
    command = console_command()
    version = subprocess.run([command, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"hyvinvointi {__version__}"
    for args in (
        ["--help"],
        ["demo", "--help"],
        ["new", "--help"],
        ["protocol", "check", "--help"],
    ):
        result = subprocess.run([command, *args], capture_output=True, text=True, check=True)
        assert "usage: hyvinvointi" in result.stdout


def test_an_unknown_language_gets_a_clear_message() -> None:
    command = console_command()
    result = subprocess.run(
        [command, "demo", "--lang", "de"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "invalid choice: 'de'" in result.stderr and "Traceback" not in result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line and "venv" in line)
    assert command.strip() in readme
    assert "hyvinvointi demo" in readme

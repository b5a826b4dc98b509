"""A student with Python but no git: the README's one command, `pipx install` of the built
wheel, run as written in a fresh folder, gives a `hyvinvointi` that works from anywhere."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hyvinvointi_tui import __version__

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("-q", "-w", str(out), str(ROOT)),
        ],
        check=True,
    )
    (found,) = out.glob("hyvinvointi_tui-*.whl")
    return found


@pytest.fixture(scope="module")
def pipx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pipx from the package registry, in a venv of its own (as `pip install --user pipx`
    would give a student)."""
    venv = tmp_path_factory.mktemp("pipx-venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "pipx"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"pipx could not be installed from the registry: {done.stderr[-300:]}")
    return venv / "bin" / "pipx"


def student(tmp_path: Path, wheel: Path) -> tuple[Path, dict[str, str]]:
    """A fresh folder holding the wheel as a student saved it, and an environment with
    nothing of this checkout in it: pipx's own folders, no venv active, no PYTHONPATH."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    shutil.copy(wheel, folder / wheel.name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    env |= {
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
        "HYVINVOINTI_HOME": str(tmp_path / "data"),
        "PATH": os.pathsep.join([str(tmp_path / "bin"), "/usr/bin", "/bin"]),
    }
    return folder, env


def documented(wheel: Path, extra: str = "") -> list[str]:
    """The README's command for this wheel, word for word (a new version's wheel name must
    be written there too)."""
    # With an extra, pipx wants the path to look like one: a bare file name loses the extra.
    spec = f"./{wheel.name}[{extra}]" if extra else wheel.name
    command = f"pipx install '{spec}'" if extra else f"pipx install {spec}"
    assert command in README, f"the README does not give `{command}`"
    return ["pipx", "install", spec]


def test_the_readme_command_installs_a_working_hyvinvointi_from_a_fresh_folder(
    wheel: Path, pipx: Path, tmp_path: Path
) -> None:
    folder, env = student(tmp_path, wheel)
    command = documented(wheel)
    done = run([str(pipx), *command[1:]], folder, env)
    assert done.returncode == 0, done.stdout + done.stderr
    installed = tmp_path / "bin" / "hyvinvointi"
    assert installed.exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    version = run(["hyvinvointi", "--version"], elsewhere, env)
    assert version.stdout.strip() == f"hyvinvointi {__version__}"
    assert "usage: hyvinvointi" in run(["hyvinvointi", "--help"], elsewhere, env).stdout

    # The shipped protocols came along, inside the installed package (not this checkout).
    (shipped,) = (tmp_path / "pipx").glob(
        "venvs/*/lib/python*/site-packages/hyvinvointi_tui/protocols/hyvinvointikeskustelu.toml"
    )
    check = run(["hyvinvointi", "protocol", "check", str(shipped)], elsewhere, env)
    assert check.returncode == 0, check.stderr
    assert re.match(r"ok: \S+ \S+, \d+ steps", check.stdout)

    # A student's install has no web server: serving says how to get it, in one line.
    demo = ROOT / "sessions" / "demo"
    session, key = str(demo / "demo-session.age"), str(demo / "demo-teacher.key")
    served = run(["hyvinvointi", "replay", session, "--identity", key, "--serve"], elsewhere, env)
    assert served.returncode == 1 and "Traceback" not in served.stderr
    assert served.stderr.count("\n") == 1 and "[serve]" in served.stderr


def test_the_teachers_install_with_the_serve_extra_can_serve(
    wheel: Path, pipx: Path, tmp_path: Path
) -> None:
    folder, env = student(tmp_path, wheel)
    done = run([str(pipx), *documented(wheel, "serve")[1:]], folder, env)
    assert done.returncode == 0, done.stdout + done.stderr
    (python,) = (tmp_path / "pipx").glob("venvs/*/bin/python")
    found = run([str(python), "-c", "import hyvinvointi_tui.cli.replay_server"], folder, env)
    listing = run([str(python), "-m", "pip", "list"], folder, env).stdout
    assert found.returncode == 0, found.stderr + listing + done.stdout + done.stderr

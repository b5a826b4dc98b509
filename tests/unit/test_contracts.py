"""The layers hold: the import-linter contracts in pyproject.toml are kept (cli -> ui -> store
-> core -> i18n with nothing importing upward, core and store free of Textual, core's folders
in their order), and a contract breaks when a module imports across it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import hyvinvointi_tui

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(hyvinvointi_tui.__file__).parent
LINT = (
    "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
)


def test_the_import_contracts_are_kept() -> None:
    # The contracts' report is printed: pytest shows it when one is broken.
    assert lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("core/dates.py", "import textual", "core, store and i18n import neither Textual nor rich"),
        ("store/atomic.py", "from .. import ui", "cli -> ui -> store -> core -> i18n"),
        ("core/model/events.py", "from .. import instruments", "core's folders"),
    ],
)
def test_a_module_importing_across_a_layer_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    copy = tmp_path / "hyvinvointi_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text() + f"\n{line}\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", LINT],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert broken in run.stdout and "BROKEN" in run.stdout

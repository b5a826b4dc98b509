"""The package, the tests and the benchmarks type-check under mypy --strict (as configured in
pyproject.toml) and pass ruff: the checks a change must pass, run with the suite so that CI
holds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_mypy_strict_over_the_package_the_tests_and_the_benchmarks() -> None:
    done = _run("mypy")  # files and strictness from [tool.mypy]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "hyvinvointi_tui", "tests", "bench")
    assert done.returncode == 0, done.stdout[-3000:]

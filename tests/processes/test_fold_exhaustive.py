"""The fold has a case for every event: `SessionState.apply` hands each part of the event union
to a fold that ends in `assert_never`, so that an event without a case fails the type check
(not a replay months later). Shown here by type-checking state.py with one case taken out."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "hyvinvointi_tui" / "core" / "model" / "state.py"

pytestmark = pytest.mark.slow


def _mypy_with_state(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    shadow = tmp_path / "state.py"
    shadow.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--shadow-file", str(STATE), str(shadow), str(STATE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("event", ["GoalReviewed", "Paused", "EmergencyRaised"])
def test_a_fold_missing_the_case_of_an_event_fails_the_type_check(
    event: str, tmp_path: Path
) -> None:
    source = STATE.read_text(encoding="utf-8")
    case = re.compile(rf"^( +)case {event}\(\):\n(?:\1 +.*\n)+", re.MULTILINE)
    without, removed = case.subn("", source)
    assert removed == 1, f"no case for {event} in state.py"
    done = _mypy_with_state(without, tmp_path)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert f'"assert_never" has incompatible type "{event}"' in done.stdout, done.stdout[-3000:]


def test_the_fold_as_it_is_passes_the_type_check(tmp_path: Path) -> None:
    done = _mypy_with_state(STATE.read_text(encoding="utf-8"), tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]

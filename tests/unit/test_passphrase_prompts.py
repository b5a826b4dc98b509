"""Asking for passphrases on a terminal (issue 30, item 10): `passphrase` checks the old one
before asking for the new one; a new one too short or typed differently is asked again (up
to three times) instead of ending the command, so the next typing never goes to the shell."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.paths import identity_path

OLD = "vanha-pitka-salasana"
NEW = "uusi-pitka-salasana"


class Terminal:
    """A terminal where the person types `answers` at the passphrase prompts, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        monkeypatch.setattr("getpass.getpass", self.getpass)
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
        monkeypatch.delenv("HYVINVOINTI_PASSPHRASE", raising=False)
        monkeypatch.delenv("HYVINVOINTI_NEW_PASSPHRASE", raising=False)

    def getpass(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise AssertionError(f"asked once more than typed: {self.prompts}")
        return self.answers.pop(0)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    keys.create_student_identity(tmp_path, OLD)
    return tmp_path


def test_a_wrong_old_passphrase_is_said_before_the_new_one_is_asked(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = identity_path(home).read_bytes()
    terminal = Terminal(monkeypatch, ["vaara-salasana-1"])
    assert main(["passphrase"]) == 1
    assert terminal.prompts == ["Passphrase: "]  # no new passphrase typed for nothing
    assert "wrong passphrase: nothing was changed" in capsys.readouterr().err
    assert identity_path(home).read_bytes() == before


@pytest.mark.slow
def test_the_old_passphrase_then_the_new_one_twice(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal(monkeypatch, [OLD, NEW, NEW])
    assert main(["passphrase"]) == 0
    assert terminal.prompts == ["Passphrase: ", "New passphrase: ", "The same passphrase again: "]
    keys.unlock_student_identity(home, NEW)
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock_student_identity(home, OLD)


@pytest.mark.slow  # scrypt unlocks or a whole command run: seconds each
def test_a_new_passphrase_too_short_or_differing_is_asked_again(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal(monkeypatch, [OLD, "lyhyt", NEW, "toinen-salasana", NEW, NEW])
    assert main(["passphrase"]) == 0
    assert terminal.prompts.count("New passphrase: ") == 3
    err = capsys.readouterr().err
    assert "too short" in err and "The two passphrases differ. Try again." in err
    keys.unlock_student_identity(home, NEW)


def test_init_asks_again_after_a_short_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    terminal = Terminal(monkeypatch, ["lyhyt", NEW, NEW])
    assert main(["init"]) == 0
    assert terminal.prompts == ["Passphrase: ", "Passphrase: ", "The same passphrase again: "]
    assert "too short" in capsys.readouterr().err
    keys.unlock_student_identity(tmp_path, NEW)


def test_init_gives_up_after_three_tries_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    Terminal(monkeypatch, ["lyhyt", "a", NEW, "eri-salasana-x"])
    with pytest.raises(SystemExit) as ended:
        main(["init"])
    assert str(ended.value) == "no passphrase chosen in 3 tries: nothing was changed"
    assert not identity_path(tmp_path).exists()


def test_init_with_a_short_passphrase_in_the_environment_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "lyhyt")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "too short" in err
    assert not identity_path(tmp_path).exists()


def test_init_over_a_key_is_refused_before_any_passphrase_is_asked(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal(monkeypatch, [])
    assert main(["init"]) == 1
    assert terminal.prompts == []
    assert "exists already" in capsys.readouterr().err

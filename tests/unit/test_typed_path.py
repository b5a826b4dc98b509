"""A path a person typed (issue 30, item 6): made usable, or refused in one line that says
why; never an exception of another kind."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from hyvinvointi_tui.store.typed_path import (
    TypedPathProblem,
    typed_existing_folder,
    typed_file,
    typed_folder,
    typed_output,
    typed_path,
)

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path


def refused(function: Callable[[str], object], text: str) -> str:
    with pytest.raises(TypedPathProblem) as caught:
        function(text)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def test_a_relative_folder_is_made_under_the_current_folder_private(here: Path) -> None:
    folder = typed_folder("klientsidor/2026")
    assert folder == here / "klientsidor" / "2026" and folder.is_absolute()
    for made in (here / "klientsidor", folder):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_a_tilde_is_the_home_folder(here: Path) -> None:
    assert typed_folder("~/sivut") == here / "home" / "sivut"
    assert typed_path("~") == here / "home"


def test_an_unknown_users_tilde_is_refused(here: Path) -> None:
    assert "~ei-ketaan-tallaista" in refused(typed_folder, "~ei-ketaan-tallaista/x")


@pytest.mark.parametrize("function", [typed_folder, typed_file, typed_output, typed_path])
@pytest.mark.parametrize("text", ["", "   ", "sivu\x1b[31m", "a\nb", "nul\x00l", "del\x7f"])
def test_empty_paths_and_control_characters_are_refused(
    here: Path, function: Callable[[str], object], text: str
) -> None:
    message = refused(function, text)
    assert "\x1b" not in message and "\x00" not in message
    assert not any(p.name.startswith(("sivu", "nul", "del", "a")) for p in here.iterdir())


@pytest.mark.parametrize("function", [typed_folder, typed_file, typed_output])
@pytest.mark.parametrize("text", ["x" * 300, "a/" * 2100])
def test_a_path_too_long_is_refused(
    here: Path, function: Callable[[str], object], text: str
) -> None:
    assert "too long" in refused(function, text)


def test_a_file_where_a_folder_is_wanted_is_refused(here: Path) -> None:
    (here / "page.html").write_text("x")
    assert "it is a file, not a folder" in refused(typed_folder, "page.html")
    assert "a part of the path is a file" in refused(typed_folder, "page.html/inside")
    assert "it is a file, not a folder" in refused(typed_existing_folder, "page.html")


def test_a_folder_where_a_file_is_wanted_is_refused(here: Path) -> None:
    (here / "kansio").mkdir()
    assert "it is a folder, not a file" in refused(typed_file, "kansio")
    assert "it is a folder; give a file name" in refused(typed_output, "kansio")


def test_a_missing_file_or_folder_to_read_is_named(here: Path) -> None:
    assert refused(typed_file, "ei.toml") == f"{here / 'ei.toml'}: no such file"
    assert refused(typed_existing_folder, "ei") == f"{here / 'ei'}: no such folder"


def test_a_file_to_write_gets_its_folder_made_and_is_never_a_link(here: Path) -> None:
    assert typed_output("out/rows.csv") == here / "out" / "rows.csv"
    assert stat.S_IMODE((here / "out").stat().st_mode) == 0o700
    (here / "target").write_text("x")
    (here / "link.csv").symlink_to(here / "target")
    assert "symbolic link" in refused(typed_output, "link.csv")


def test_a_link_to_a_folder_or_a_file_to_read_is_followed_and_named(here: Path) -> None:
    (here / "real").mkdir()
    (here / "real" / "course.toml").write_text("x")
    (here / "via").symlink_to(here / "real")
    assert typed_folder("via") == here / "real"
    assert typed_file("via/course.toml") == here / "real" / "course.toml"
    (here / "nowhere").symlink_to(here / "gone")
    assert "leads nowhere" in refused(typed_folder, "nowhere")


def test_a_folder_that_cannot_be_made_is_refused(here: Path) -> None:
    assert "cannot be made" in refused(typed_folder, "/proc/hyvinvointi-sivut")


@pytest.mark.skipif(AS_ROOT, reason="root writes anywhere")
def test_a_folder_without_permission_is_refused(here: Path) -> None:
    locked = here / "locked"
    locked.mkdir(mode=0o500)
    assert "no permission" in refused(typed_folder, "locked")
    assert "cannot be made (no permission)" in refused(typed_folder, "locked/inside")
    (here / "secret.toml").write_text("x")
    (here / "secret.toml").chmod(0)
    assert "no permission to read" in refused(typed_file, "secret.toml")


def test_an_existing_folder_is_used_as_it_is(here: Path) -> None:
    mine = here / "mine"
    mine.mkdir(mode=0o755)
    assert typed_folder(str(mine)) == mine
    assert stat.S_IMODE(mine.stat().st_mode) == 0o755  # the user's own: left alone
    assert Path(typed_existing_folder("mine")) == mine

"""Course texts are bounded and mean what they say (issue 32, items 4, 5 and 7): a help
contact's name of any length, too many contacts, a teacher's name over its bound, an empty
course file and a string where a yes or no is due are each refused in one line, when a
course file is read and when `course new` writes it; bidirectional and zero-width
characters are shown, not obeyed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.course import MAX_COURSE_HELP_CONTACTS
from hyvinvointi_tui.core.model.help_contacts import MAX_NAME, MAX_PURPOSE
from hyvinvointi_tui.core.untrusted import visible, visible_line
from hyvinvointi_tui.store import course as course_file


@pytest.fixture
def public(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path / "home"))
    return str(x25519.Identity.generate().to_public())


def _contact(
    name: str = "Kriisipuhelin", purpose: str = "Keskusteluapua", **extra: object
) -> dict[str, Any]:
    return {
        "name": {"fi": name, "en": "Crisis line", "sv": "Krislinjen"},
        "purpose": {"fi": purpose, "en": "Someone to talk to", "sv": "Samtalsstöd"},
        **extra,
    }


def _one_line_refusal(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    capsys.readouterr()
    assert main(argv) == 1
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "Traceback" not in out.err, out.err
    assert len(out.err) < 400, out.err  # the value is never printed whole
    for word in words:
        assert word in out.err, out.err
    return out.err


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (
            {"help_contacts": [_contact(name="x" * 300_000)]},
            ["help_contacts.0.name.fi", f"{MAX_NAME} characters"],
        ),
        ({"help_contacts": [_contact(purpose="x" * 5_000)]}, ["help_contacts.0.purpose.fi"]),
        (
            {"help_contacts": [_contact(f"Apu {n}") for n in range(39)]},
            ["help_contacts", f"at most {MAX_COURSE_HELP_CONTACTS} items"],
        ),
        ({"help_contacts": [_contact(emergency="yes")]}, ["help_contacts.0.emergency", "boolean"]),
        ({"help_contacts": [_contact(emergency=1)]}, ["help_contacts.0.emergency", "boolean"]),
        ({"privacy": {"retention_days": "180"}}, ["privacy.retention_days"]),
        ({"place": "x" * 300_000}, ["place"]),
    ],
    ids=["a name", "a purpose", "39 contacts", "yes", "1", "days as text", "the place"],
)
def test_a_course_file_over_its_bounds_or_of_the_wrong_types_is_refused_in_one_line(
    tmp_path: Path,
    public: str,
    capsys: pytest.CaptureFixture[str],
    table: dict[str, Any],
    words: str,
) -> None:
    path = tmp_path / "course.toml"
    path.write_text(tomli_w.dumps({"teachers": [{"recipient": public}], **table}))
    _one_line_refusal(capsys, ["course", "join", str(path), "--yes"], *words, "nothing was joined")
    assert not (tmp_path / "home" / "course.toml").exists()


@pytest.mark.parametrize("content", ["", "\n# nothing\n", 'name = "OT"\n'])
def test_an_empty_course_file_or_one_without_teachers_is_not_joined(
    tmp_path: Path, public: str, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "course.toml"
    path.write_text(content)
    _one_line_refusal(
        capsys, ["course", "join", str(path), "--yes"], "names no teacher", "nothing was joined"
    )
    assert not (tmp_path / "home" / "course.toml").exists()


def test_course_new_refuses_help_contacts_over_their_bounds(
    tmp_path: Path, public: str, capsys: pytest.CaptureFixture[str]
) -> None:
    contacts = tmp_path / "contacts.toml"
    contacts.write_text(tomli_w.dumps({"help_contacts": [_contact(name="y" * (MAX_NAME + 1))]}))
    out = tmp_path / "course.toml"
    argv = ["course", "new", "--name", "OT", "--teacher", public, "-o", str(out)]
    _one_line_refusal(capsys, [*argv, "--help-contacts", str(contacts)], f"{MAX_NAME} characters")
    assert not out.exists()
    many = [_contact(f"Apu {n}") for n in range(MAX_COURSE_HELP_CONTACTS + 1)]
    contacts.write_text(tomli_w.dumps({"help_contacts": many}))
    _one_line_refusal(capsys, [*argv, "--help-contacts", str(contacts)], "help_contacts")
    assert not out.exists()
    contacts.write_text(tomli_w.dumps({"help_contacts": [_contact(emergency="yes")]}))
    _one_line_refusal(capsys, [*argv, "--help-contacts", str(contacts)], "boolean")
    assert not out.exists()
    _one_line_refusal(capsys, [*argv, "--place", "p" * 100_000], "place", "200 characters")
    assert not out.exists()


def test_course_texts_within_their_bounds_are_written_and_joined(
    tmp_path: Path, public: str, capsys: pytest.CaptureFixture[str]
) -> None:
    contacts = tmp_path / "contacts.toml"
    within = [
        _contact(f"{n}" + "y" * (MAX_NAME - 2), "p" * MAX_PURPOSE, emergency=n == 0)
        for n in range(MAX_COURSE_HELP_CONTACTS)
    ]
    contacts.write_text(tomli_w.dumps({"help_contacts": within}))
    out = tmp_path / "course.toml"
    argv = ["course", "new", "--name", "OT", "--teacher", public, "-o", str(out)]
    assert main([*argv, "--help-contacts", str(contacts)]) == 0
    assert main(["course", "join", str(out), "--yes"]) == 0
    joined = course_file.read_course(tmp_path / "home")
    assert len(joined.help_contacts) == MAX_COURSE_HELP_CONTACTS
    assert joined.help_contacts[0].emergency is True


@pytest.mark.parametrize("option", ["--name", "--contact"])
def test_add_teacher_with_a_name_or_contact_over_its_bound_is_one_line(
    tmp_path: Path, public: str, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    err = _one_line_refusal(
        capsys, ["course", "add-teacher", public, option, "n" * 5_000], "at most"
    )
    assert ("80" if option == "--name" else "120") in err
    assert not (tmp_path / "home" / "course.toml").exists()


@pytest.mark.parametrize(
    "control",
    [
        *"\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\u200e\u200f",
        # a line and a paragraph separator (some terminals break the line at them) and tag
        # characters (invisible letters that can carry a text hidden along the shown one)
        *"\u2028\u2029\U000e0001\U000e0041\U000e007f",
    ],
)
def test_bidirectional_and_invisible_controls_are_shown_one_character_for_one(control: str) -> None:
    text = f"Kriisi{control}puhelin"
    for shown in (visible(text), visible_line(text)):
        assert control not in shown and len(shown) == len(text)
        assert shown == "Kriisi\ufffdpuhelin"


def test_a_right_to_left_override_in_a_course_file_is_shown_not_obeyed(
    tmp_path: Path, public: str
) -> None:
    path = tmp_path / "course.toml"
    table = {"teachers": [{"recipient": public, "name": "Leena\u202etxt.exe"}]}
    table["help_contacts"] = [_contact(name="Apu\u200b\u2066puhelin")]
    path.write_text(tomli_w.dumps(table))
    course = course_file.read_course_file(path)
    assert course.teachers[0].name == "Leena\ufffdtxt.exe"
    assert course.help_contacts[0].name("fi") == "Apu\ufffd\ufffdpuhelin"


def test_emoji_and_words_joined_by_zero_width_joiners_are_kept() -> None:
    family = "\U0001f469\u200d\U0001f467"  # one emoji, drawn as one
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a word with a non-joiner
    assert visible(family) == family and visible_line(persian) == persian


def test_a_soft_hyphen_stays_in_a_text_and_shows_in_a_line() -> None:
    """Pasted from a word processor into the notes, a soft hyphen hides nothing; in a line
    (a client code, a name) it would make "K-1" and "K-1\\u00ad" look the same."""
    pasted = "elämän\u00adtilanne"
    assert visible(pasted) == pasted
    assert visible_line("K-1\u00ad") == "K-1\ufffd"

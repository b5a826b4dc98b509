"""The course file: a teacher writes it, a student joins it; sessions are encrypted to
exactly its teachers and the student; bad course files change nothing. The passphrase can be
changed, and a fault at any moment leaves the old key file or the new one."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli_w
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.store import atomic, keys
from hyvinvointi_tui.store import course as course_file
from hyvinvointi_tui.store.paths import identity_path
from hyvinvointi_tui.store.student import Student, open_student

from ..helpers import TINY_PROTOCOL, save_session

PASSPHRASE = "kurssin-avain-9"


@pytest.fixture
def teachers(tmp_path: Path) -> list[tuple[Path, str]]:
    """Two teachers' identity files and their public keys."""
    made = []
    for number in (1, 2):
        path = tmp_path / f"teacher{number}.key"
        made.append((path, keys.write_identity_file(path)))
    return made


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "home"
    base.mkdir()
    keys.create_student_identity(base, PASSPHRASE)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(base))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    return base


def write_course(tmp_path: Path, teachers: list[tuple[Path, str]], *extra: str) -> str:
    out = tmp_path / "course.toml"
    (_, first), (_, second) = teachers
    argv = ["course", "new", "--name", "OT autumn 2026", "-o", str(out)]
    argv += ["--teacher", first, "--teacher-name", "Leena", "--contact", "Teams: Leena"]
    argv += ["--teacher", second, "--teacher-name", "Olli", *extra]
    assert main(argv) == 0
    return str(out)


def test_a_course_written_by_the_teacher_is_joined_and_shown(
    tmp_path: Path, teachers: list[tuple[Path, str]], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_course(tmp_path, teachers, "--place", "Room B214, Main campus")
    out = capsys.readouterr().out
    assert "Leena · Teams: Leena" in out and keys.fingerprint(teachers[0][1]) in out
    assert main(["course", "join", path, "--yes"]) == 0
    assert "You have joined the course." in capsys.readouterr().out
    joined = course_file.read_course(home)
    assert [t.recipient for t in joined.teachers] == [teachers[0][1], teachers[1][1]]
    assert joined.place == "Room B214, Main campus" and len(joined.salt) == 32
    assert main(["course", "show"]) == 0
    shown = capsys.readouterr().out
    assert "OT autumn 2026" in shown and keys.fingerprint(teachers[1][1]) in shown
    # A newer file of the same course updates it.
    assert main(["course", "join", path, "--yes"]) == 0
    assert "The course is updated." in capsys.readouterr().out


def test_joining_asks_first_and_without_a_terminal_needs_yes(
    tmp_path: Path, teachers: list[tuple[Path, str]], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_course(tmp_path, teachers)
    capsys.readouterr()
    assert main(["course", "join", path]) == 1  # stdin is not a terminal under pytest
    assert "give --yes" in capsys.readouterr().err
    assert not (home / "course.toml").exists()


def _stanzas(path: Path) -> int:
    header = path.read_bytes().split(b"\n---", 1)[0]
    return header.count(b"\n-> X25519 ")


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command is not installed")
def test_a_session_is_encrypted_to_exactly_the_course_and_the_student(
    tmp_path: Path, teachers: list[tuple[Path, str]], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["course", "join", write_course(tmp_path, teachers), "--yes"]) == 0

    def new_session_file() -> tuple[Path, Student]:
        student = open_student(home, PASSPHRASE)
        store = student.new_store()
        session = Session(student_protocol())
        session.start(SetupChanged(client_code="K-1", lang="en"))
        save_session(store, session)
        store.close()
        assert store.path is not None
        return store.path, student

    path, student = new_session_file()
    assert _stanzas(path) == 3
    student_key = tmp_path / "student.key"
    student_key.write_text(f"{student.identity}\n")
    for key in (student_key, teachers[0][0], teachers[1][0]):
        done = subprocess.run(["age", "-d", "-i", str(key), str(path)], capture_output=True)
        assert done.returncode == 0 and b"schema_version" in done.stdout, key

    assert main(["course", "remove-teacher", teachers[1][1]]) == 0
    assert "stay readable" in capsys.readouterr().out
    later, _ = new_session_file()
    assert _stanzas(later) == 2
    refused = subprocess.run(
        ["age", "-d", "-i", str(teachers[1][0]), str(later)], capture_output=True
    )
    assert refused.returncode != 0
    kept = subprocess.run(["age", "-d", "-i", str(teachers[0][0]), str(later)], capture_output=True)
    assert kept.returncode == 0
    earlier = subprocess.run(
        ["age", "-d", "-i", str(teachers[1][0]), str(path)], capture_output=True
    )
    assert earlier.returncode == 0  # what was saved before stays readable with that key


def student_protocol() -> Protocol:
    from hyvinvointi_tui.core.model.protocol import resolve_protocol

    return resolve_protocol()


def _course(tmp_path: Path, **changes: object) -> bytes:
    recipient = str(x25519.Identity.generate().to_public())
    data: dict[str, object] = {
        "name": "OT",
        "teachers": [{"recipient": recipient, "name": "Leena"}],
    }
    data.update(changes)
    return tomli_w.dumps(data).encode()


def _good_recipient() -> str:
    return str(x25519.Identity.generate().to_public())


BAD_COURSES = {
    "not TOML": (b"name = [unclosed", "not a course file"),
    "not UTF-8": (b'name = "\xff\xfe"', "not UTF-8"),
    "an unknown key": (None, "extra"),
    "a key that is not an age key": (None, "teachers.0.recipient"),
    "a key with a broken checksum": (None, "teacher 1"),
    "a teacher twice": (None, "listed twice"),
    "a protocol altered after its digest": (None, "does not match its sha256"),
    "a protocol that does not check": (None, "protocol:"),
    "no such shipped protocol": (None, "no shipped protocol"),
    "too large": (b"#" * (course_file.MAX_COURSE_BYTES + 1), "too large"),
}


def _bad(case: str) -> bytes:
    raw, _ = BAD_COURSES[case]
    if raw is not None:
        return raw
    good = _good_recipient()
    data: dict[str, object] = {"name": "OT", "teachers": [{"recipient": good}]}
    if case == "an unknown key":
        data["teachers_extra"] = 1
    elif case == "a key that is not an age key":
        data["teachers"] = [{"recipient": "age1notakey"}]
    elif case == "a key with a broken checksum":
        data["teachers"] = [{"recipient": good[:-1] + ("q" if good[-1] != "q" else "p")}]
    elif case == "a teacher twice":
        data["teachers"] = [{"recipient": good}, {"recipient": good}]
    elif case == "a protocol altered after its digest":
        source = TINY_PROTOCOL
        data["protocol"] = {
            "source": source + " ",
            "sha256": hashlib.sha256(source.encode()).hexdigest(),
        }
    elif case == "a protocol that does not check":
        source = TINY_PROTOCOL.replace("budget_minutes = 5", "budget_minutes = -5", 1)
        data["protocol"] = {"source": source, "sha256": hashlib.sha256(source.encode()).hexdigest()}
    elif case == "no such shipped protocol":
        data["protocol"] = {"name": "nosuch"}
    return tomli_w.dumps(data).encode()


@pytest.mark.parametrize("case", list(BAD_COURSES))
def test_a_bad_course_file_gets_one_clear_line_and_changes_nothing(
    case: str,
    tmp_path: Path,
    teachers: list[tuple[Path, str]],
    home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["course", "join", write_course(tmp_path, teachers), "--yes"]) == 0
    before = (home / "course.toml").read_bytes()
    bad = tmp_path / "bad.toml"
    bad.write_bytes(_bad(case))
    capsys.readouterr()
    assert main(["course", "join", str(bad), "--yes"]) == 1
    err = capsys.readouterr().err
    assert BAD_COURSES[case][1] in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (home / "course.toml").read_bytes() == before


def test_course_new_refuses_a_bad_key_or_protocol_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "course.toml"
    assert main(["course", "new", "--name", "X", "--teacher", "age1nope", "-o", str(out)]) == 1
    assert "not an age public key" in capsys.readouterr().err
    bad_protocol = tmp_path / "p.toml"
    bad_protocol.write_text("id = 1\n")
    argv = ["course", "new", "--name", "X", "--teacher", _good_recipient(), "-o", str(out)]
    assert main([*argv, "--protocol", str(bad_protocol)]) == 1
    assert "p.toml" in capsys.readouterr().err
    assert not out.exists()


# --- the passphrase -----------------------------------------------------------------------


@pytest.mark.slow
def test_the_passphrase_is_changed_and_only_the_new_one_opens_the_key(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    public = (home / "identity.pub").read_text().strip()
    monkeypatch.setenv("HYVINVOINTI_NEW_PASSPHRASE", "uusi-pitka-salasana")
    assert main(["passphrase"]) == 0
    assert "only the new one" in capsys.readouterr().out
    opened = keys.unlock_student_identity(home, "uusi-pitka-salasana")
    assert str(opened.to_public()) == public
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock_student_identity(home, PASSPHRASE)


def test_a_wrong_or_short_passphrase_changes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = identity_path(home).read_bytes()
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "vaara-salasana-1")
    monkeypatch.setenv("HYVINVOINTI_NEW_PASSPHRASE", "uusi-pitka-salasana")
    assert main(["passphrase"]) == 1
    assert "wrong passphrase: nothing was changed" in capsys.readouterr().err
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HYVINVOINTI_NEW_PASSPHRASE", "lyhyt")
    assert main(["passphrase"]) == 1
    assert "too short" in capsys.readouterr().err
    assert identity_path(home).read_bytes() == before


def _fail(code: int) -> Callable[..., None]:
    def fault(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fault


@pytest.mark.parametrize(
    ("step", "survivor"),
    [("_write_all", "old"), ("_fsync", "old"), ("_replace", "old"), ("_fsync_dir", "new")],
)
@pytest.mark.slow
def test_a_fault_while_changing_the_passphrase_leaves_the_old_key_file_or_the_new(
    home: Path, monkeypatch: pytest.MonkeyPatch, step: str, survivor: str
) -> None:
    monkeypatch.setattr(atomic, step, _fail(errno.ENOSPC))
    with pytest.raises(OSError):
        keys.change_passphrase(home, PASSPHRASE, "uusi-pitka-salasana")
    monkeypatch.undo()
    opens_with = PASSPHRASE if survivor == "old" else "uusi-pitka-salasana"
    keys.unlock_student_identity(home, opens_with)  # raises if neither file were there
    assert not [p for p in home.iterdir() if atomic.TEMP_MARK in p.name]


HELP = """
[[help_contacts]]
checked = "2026-12-01"
name.fi = "Alueen kriisikeskus"
name.en = "The region's crisis centre"
name.sv = "Regionens kriscenter"
purpose = { fi = "Tukea kriisissä.", en = "Support in a crisis.", sv = "Stöd i en kris." }

[[services]]
name.fi = "Kaupungin nuorisopalvelut"
name.en = "The city's youth services"
name.sv = "Stadens ungdomstjänster"
description = { fi = "Nuorille.", en = "For the young.", sv = "För unga." }
contact = "EXAMPLE-CONTACT"
phone = "EXAMPLE-PHONE"
web = "https://example.invalid/youth"
"""


def test_a_new_session_follows_the_course_protocol_place_and_help_contacts(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hyvinvointi_tui.core.client import takeaway
    from hyvinvointi_tui.core.page import to_markdown
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    own = tmp_path / "own.toml"
    shipped = Path(__file__).resolve().parents[2] / "protocols" / "hyvinvointikeskustelu.toml"
    own.write_text(
        shipped.read_text(encoding="utf-8").replace(
            'id = "hyvinvointikeskustelu"', 'id = "oma"', 1
        ),
        encoding="utf-8",
    )
    help_file = tmp_path / "help.toml"
    help_file.write_text(HELP, encoding="utf-8")
    path = write_course(
        tmp_path,
        teachers,
        "--protocol",
        str(own),
        "--place",
        "Room B214, Main campus",
        "--appointments",
        "EXAMPLE-OFFICE-PHONE",
        "--help-contacts",
        str(help_file),
    )
    assert main(["course", "join", path, "--yes"]) == 0
    apps: list[HyvinvointiApp] = []
    monkeypatch.setattr(HyvinvointiApp, "run", lambda self, *a, **k: apps.append(self))
    assert main(["new", "--client", "K-31", "--lang", "en"]) == 0, capsys.readouterr().err
    (app,) = apps
    assert app.protocol.id == "oma"  # the course's own, carried by the session
    state = app.session.state
    assert state.place == "Room B214, Main campus"
    assert [c.name("en") for c in state.course_contacts] == ["The region's crisis centre"]
    page = to_markdown(takeaway.build(app.protocol, state, app.session.created))
    assert "The region's crisis centre" in page
    from hyvinvointi_tui.core.model.state import fold
    from hyvinvointi_tui.core.model.step_events import AppointmentSet, ClosingChosen

    booked = fold(
        app.protocol,
        [
            *app.session.events,
            ClosingChosen(step="closing", value="new_appointment"),
            AppointmentSet(step="closing", date="2026-12-10", time="10:00"),
        ],
    )
    page = to_markdown(takeaway.build(app.protocol, booked, app.session.created))
    assert "Where: Room B214, Main campus." in page
    # Whom to tell to cancel or move it: the course's contact.
    assert "If you need to cancel or move the appointment, contact: EXAMPLE-OFFICE-PHONE" in page
    from hyvinvointi_tui.core.model.step_events import ServiceChosen
    from hyvinvointi_tui.core.model.steps import ClosingStep

    closing = app.protocol.step("closing")
    assert isinstance(closing, ClosingStep)
    offered = [service.name("en") for service in state.services(closing)]
    assert offered[0] == "The city's youth services" and len(offered) == 6
    chose = fold(
        app.protocol,
        [*app.session.events, ServiceChosen(step="closing", service="The city's youth services")],
    )
    page = to_markdown(takeaway.build(app.protocol, chose, app.session.created))
    reach = "EXAMPLE-CONTACT, tel. EXAMPLE-PHONE, https://example.invalid/youth"
    assert f"The city's youth services ({reach})" in page
    if app.store is not None:
        app.store.close()


def test_the_course_salt_gives_every_teacher_the_same_client_hashes(
    tmp_path: Path, teachers: list[tuple[Path, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    from hyvinvointi_tui.core.model.client_events import ConsentRecorded
    from hyvinvointi_tui.core.model.protocol import resolve_protocol
    from hyvinvointi_tui.core.model.session_events import SessionClosed
    from hyvinvointi_tui.store.session_store import SessionStore

    folder = tmp_path / "sessions"
    folder.mkdir()
    store = SessionStore(folder, [keys.parse_recipient(public) for _, public in teachers])
    session = Session(resolve_protocol())
    session.start(SetupChanged(client_code="K-55", lang="fi"))
    session.record(ConsentRecorded(step="orientation", item="figures", given=True))
    session.record(SessionClosed(step="closing"))
    save_session(store, session)
    store.close()
    course = write_course(tmp_path, teachers)

    def client_hash(key: Path, *extra: str) -> str:
        out = tmp_path / f"{key.stem}{len(extra)}.csv"
        argv = ["stats", str(folder), "--identity", str(key), "--csv", str(out), *extra]
        assert main(argv) == 0, capsys.readouterr().err
        (row,) = csv.DictReader(out.read_text().splitlines())
        return row["client"]

    (first, _), (second, _) = teachers
    assert client_hash(first) != client_hash(second)  # each key its own salt
    assert client_hash(first, "--course", course) == client_hash(second, "--course", course)


def test_a_course_that_cannot_be_saved_says_so_in_one_line(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],
    home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_course(tmp_path, teachers)
    capsys.readouterr()
    monkeypatch.setattr(course_file, "write_atomic", _fail(errno.ENOSPC))  # a full disk
    assert main(["course", "join", path, "--yes"]) == 1
    err = capsys.readouterr().err
    assert "could not be saved (No space left on device)" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert main(["course", "add-teacher", teachers[0][1]]) == 1
    assert "could not be saved" in capsys.readouterr().err
    assert not (home / "course.toml").exists()


@pytest.mark.parametrize(
    ("answer", "yes"), [("y", True), (" Kyllä ", True), ("ja", True), ("", False), ("no", False)]
)
def test_a_question_on_the_terminal_takes_a_yes_in_any_language(
    monkeypatch: pytest.MonkeyPatch, answer: str, yes: bool
) -> None:
    from hyvinvointi_tui.cli.common import confirmed

    asked = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return answer

    monkeypatch.setattr("builtins.input", ask)
    assert confirmed("Join this course?") is yes
    assert asked == ["Join this course? [y/N] "]


PRIVACY = [
    "--controller",
    "Example University of Applied Sciences",
    "--privacy-contact",
    "tietosuoja@example.invalid",
    "--retention-days",
    "180",
    "--purpose",
    "Supervised practice of the students (the school's task in education).",
    "--supervisor-phone",
    "EXAMPLE-PHONE",
]


def test_the_course_names_the_controller_and_a_session_carries_it(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    path = write_course(tmp_path, teachers, *PRIVACY)
    written = capsys.readouterr().out
    assert "Controller of the clients' data: Example University" in written
    assert "Kept after a session closes: 180 days" in written and "Missing" not in written
    assert main(["course", "join", path, "--yes"]) == 0
    joined = capsys.readouterr().out
    assert "Data-protection contact: tietosuoja@example.invalid" in joined
    assert main(["course", "show"]) == 0
    assert "Supervising teacher's phone: EXAMPLE-PHONE" in capsys.readouterr().out
    apps: list[HyvinvointiApp] = []
    monkeypatch.setattr(HyvinvointiApp, "run", lambda self, *a, **k: apps.append(self))
    assert main(["new", "--client", "K-32", "--lang", "en"]) == 0
    (app,) = apps
    privacy = app.session.state.privacy
    assert privacy.controller.startswith("Example University") and privacy.retention_days == 180
    if app.store is not None:
        app.store.close()


def test_a_course_without_the_privacy_facts_says_which_are_missing(
    tmp_path: Path, teachers: list[tuple[Path, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    write_course(tmp_path, teachers, "--controller", "Example UAS")
    out = capsys.readouterr().out
    assert "Missing (the client's privacy notice cannot name them): data-protection contact" in out
    assert "controller" not in out.split("Missing", 1)[1]
    with pytest.raises(SystemExit):
        main(
            [
                "course",
                "new",
                "--name",
                "X",
                "--teacher",
                teachers[0][1],
                "--retention-days",
                "0",
                "-o",
                str(tmp_path / "x.toml"),
            ]
        )
    assert "whole days from 1 to 3660" in capsys.readouterr().err

"""Re-keying (`hyvinvointi rekey`): after a teacher leaves the course, their key opens
neither the re-keyed sessions nor their debrief comments, while the other teachers, the
student and the partners still open both; the plaintext stays byte for byte; files that
cannot be re-keyed are listed and left as they were. And a teacher's debrief comments open
with every key the session was written to."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.debrief.comments import Comment
from hyvinvointi_tui.core.model.client_events import CourseNoted
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionEvent, SetupChanged
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.debrief import comment_saver, debrief_path, load_comments
from hyvinvointi_tui.store.session_document import load
from hyvinvointi_tui.store.session_file import NotForThisKey, decrypt
from hyvinvointi_tui.store.session_meta import with_recipients
from hyvinvointi_tui.store.session_store import SessionLock
from hyvinvointi_tui.store.student import open_student
from hyvinvointi_tui.store.unreadable import Invalid

from ..helpers import save_session
from .test_course import PASSPHRASE, home, teachers, write_course  # noqa: F401 (fixtures)

COMMENT = "Hyvä yhteenveto, kysy tarkentavia kysymyksiä."
HAS_AGE = shutil.which("age") is not None
OPENERS = ["store", pytest.param("age", marks=pytest.mark.skipif(not HAS_AGE, reason="no age"))]


def _identity(key_file: Path) -> x25519.Identity:
    return keys.read_identity_file(key_file)[0]


def _join(tmp_path: Path, teachers: list[tuple[Path, str]]) -> None:  # noqa: F811
    assert main(["course", "join", write_course(tmp_path, teachers), "--yes"]) == 0


def _save(home: Path, client: str = "K-1", *events: SessionEvent) -> Path:  # noqa: F811
    """A session saved by the student's app: encrypted to them and the course's teachers."""
    student = open_student(home, PASSPHRASE)
    store = student.new_store()
    session = Session(resolve_protocol())
    session.start(SetupChanged(client_code=client, lang="fi"))
    for event in events:
        session.record(event)
    save_session(store, session)
    store.close()
    assert store.path is not None
    return store.path


def _comment(path: Path, teacher_key: Path) -> None:
    """The teacher writes a debrief comment in the replay (its saver, as `replay` uses it)."""
    teacher = _identity(teacher_key)
    meta = load(path, [teacher]).meta
    saved = comment_saver(path, meta, teacher)([Comment(t=12.0, step="orientation", text=COMMENT)])
    assert saved == ""


def _key_files(
    tmp_path: Path,
    home: Path,  # noqa: F811
    teachers: list[tuple[Path, str]],  # noqa: F811
) -> dict[str, Path]:
    student = tmp_path / "student.key"
    student.write_text(f"{keys.unlock_student_identity(home, PASSPHRASE)}\n")
    return {"student": student, "teacher 1": teachers[0][0], "teacher 2": teachers[1][0]}


def _opens(opener: str, key_file: Path, path: Path) -> bool:
    """Whether this key opens the session (or its comments): through the app's own store,
    which checks the whole document, or through the reference `age` command."""
    if opener == "age":
        done = subprocess.run(["age", "-d", "-i", str(key_file), str(path)], capture_output=True)
        return done.returncode == 0 and b"schema_version" in done.stdout
    identity = _identity(key_file)
    try:
        if path.name.endswith(".debrief.age"):
            session = path.with_name(path.name.replace(".debrief.age", ".age"))
            (comment,) = load_comments(session, [identity], load(session, [identity]).meta.id)
            return comment.text == COMMENT
        return load(path, [identity]).meta.client_code.startswith("K-")
    except NotForThisKey:
        return False


@pytest.mark.parametrize("opener", OPENERS)
def test_a_teachers_comments_open_with_every_key_the_session_was_written_to(
    opener: str,
    tmp_path: Path,
    teachers: list[tuple[Path, str]],  # noqa: F811
    home: Path,  # noqa: F811
) -> None:
    _join(tmp_path, teachers)
    path = _save(home)
    student = keys.unlock_student_identity(home, PASSPHRASE)
    # The session names everyone it is encrypted to, the student first: the comments are
    # encrypted to that list, so it must hold every teacher of the course.
    meta = load(path, [student]).meta
    assert meta.recipients == [str(student.to_public()), teachers[0][1], teachers[1][1]]
    _comment(path, teachers[1][0])
    for who, key_file in _key_files(tmp_path, home, teachers).items():
        assert _opens(opener, key_file, debrief_path(path)), who


def _without_recipients(plaintext: bytes) -> str:
    return re.sub(r"^recipients = \[\n(    .*\n)*\]\n", "", plaintext.decode(), flags=re.M)


@pytest.mark.parametrize("opener", OPENERS)
def test_after_a_teacher_is_removed_rekey_shuts_their_key_out_of_sessions_and_comments(
    opener: str,
    tmp_path: Path,
    teachers: list[tuple[Path, str]],  # noqa: F811
    home: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _join(tmp_path, teachers)
    paths = [_save(home, "K-1"), _save(home, "K-2")]
    for path in paths:
        _comment(path, teachers[1][0])
    key_files = _key_files(tmp_path, home, teachers)
    student = _identity(key_files["student"])
    before = {path: decrypt(path, [student]) for path in paths}
    assert main(["course", "remove-teacher", teachers[1][1]]) == 0
    capsys.readouterr()

    assert main(["rekey"]) == 0
    out = capsys.readouterr().out
    for path in paths:
        assert f"re-keyed  {path.name}" in out and f"re-keyed  {debrief_path(path).name}" in out
    assert out.strip().splitlines()[-1] == "4 re-keyed, 0 skipped"

    for path in paths:
        for file in (path, debrief_path(path)):
            assert not _opens(opener, key_files["teacher 2"], file), file.name
            assert _opens(opener, key_files["teacher 1"], file), file.name
            assert _opens(opener, key_files["student"], file), file.name
        after = decrypt(path, [student])
        # Byte for byte the same document, but for the list of who can open it.
        assert _without_recipients(after) == _without_recipients(before[path])
        assert after != before[path]
        assert load(path, [student]).meta.recipients == [str(student.to_public()), teachers[0][1]]
    assert not list(paths[0].parent.glob("*.lock")) and not list(paths[0].parent.glob("*.tmp-*"))


def test_rekey_keeps_the_partners_and_a_teacher_rekeys_their_archive_with_the_course_file(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],  # noqa: F811
    home: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _join(tmp_path, teachers)
    path = _save(home)
    _comment(path, teachers[1][0])
    partner = x25519.Identity.generate()
    student = keys.unlock_student_identity(home, PASSPHRASE)
    # A session run with a partner names their key (the app's setup writes it there).
    text = decrypt(path, [student]).decode()
    assert "partners = []" in text
    text = text.replace("partners = []", f'partners = ["{partner.to_public()}"]', 1)
    everyone = [student.to_public()] + [keys.parse_recipient(key) for _, key in teachers]
    path.write_bytes(pyrage.encrypt(text.encode(), everyone))
    # The teacher's archive: the sessions handed in, and the course file as it stands now.
    archive = tmp_path / "archive"
    archive.mkdir()
    for file in (path, debrief_path(path)):
        shutil.copy(file, archive / file.name)
    course = tmp_path / "course-now.toml"
    argv = ["course", "new", "--name", "OT autumn 2026", "--teacher", teachers[0][1]]
    assert main([*argv, "-o", str(course)]) == 0
    capsys.readouterr()

    assert main(["rekey", str(archive), "--identity", str(teachers[0][0])]) == 1
    assert "--course FILE" in capsys.readouterr().err
    teacher = ["--identity", str(teachers[0][0]), "--course", str(course)]
    assert main(["rekey", str(archive), *teacher]) == 0
    assert "2 re-keyed, 0 skipped" in capsys.readouterr().out
    rekeyed = archive / path.name
    meta = load(rekeyed, [partner]).meta
    assert meta.recipients == [str(student.to_public()), str(partner.to_public()), teachers[0][1]]
    assert load_comments(rekeyed, [partner], meta.id)[0].text == COMMENT
    with pytest.raises(NotForThisKey):
        load(rekeyed, [_identity(teachers[1][0])])
    with pytest.raises(NotForThisKey):
        load_comments(rekeyed, [_identity(teachers[1][0])], meta.id)


def test_files_that_cannot_be_rekeyed_are_listed_and_left_as_they_were(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],  # noqa: F811
    home: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _join(tmp_path, teachers)
    good = _save(home, "K-1")
    folder = good.parent
    locked = _save(home, "K-2")
    other_course = _save(home, "K-3", CourseNoted(course="OT spring 2025"))
    damaged = folder / "20260101-1000_K-4_damaged.age"
    damaged.write_bytes(good.read_bytes()[:-40])
    strangers = folder / "20260101-1100_K-5_strangers.age"
    strangers.write_bytes(pyrage.encrypt(b"x", [x25519.Identity.generate().to_public()]))
    orphan = folder / "20260101-1200_K-6_gone.debrief.age"
    orphan.write_bytes(good.read_bytes())
    untouched = [locked, other_course, damaged, strangers, orphan]
    before = {path: path.read_bytes() for path in untouched}
    lock = SessionLock(locked)
    lock.acquire()  # the session is open in the app
    capsys.readouterr()
    try:
        assert main(["rekey", "--dry-run"]) == 1
        dry = capsys.readouterr().out
        assert f"would re-key {good.name}" in dry
        assert dry.strip().splitlines()[-1].startswith("1 would be re-keyed, 5 would be skipped")
        assert main(["rekey"]) == 1
    finally:
        lock.release()
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert f"re-keyed  {good.name}" in lines
    skipped = {line.split(": ", 1)[0].split()[-1]: line for line in lines if "skipped" in line}
    assert "open in another copy of hyvinvointi" in skipped[locked.name]
    assert "another course (OT spring 2025)" in skipped[other_course.name]
    assert "damaged" in skipped[damaged.name]
    assert "this key cannot open it" in skipped[strangers.name]
    assert "its session file is missing" in skipped[orphan.name]
    assert lines[-1].startswith("1 re-keyed, 5 skipped (")
    reasons = ["open in the app", "of another course", "damaged", "this key cannot open it"]
    for reason in [*reasons, "its session file is missing"]:
        assert f"1 {reason}" in lines[-1]
    assert captured.err == "" and "Traceback" not in captured.out
    assert all(path.read_bytes() == data for path, data in before.items())


def test_rekey_refuses_in_one_line_what_it_cannot_do(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],  # noqa: F811
    home: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rekey"]) == 1  # no course joined: no teacher would be left
    assert "names no teacher" in capsys.readouterr().err
    _join(tmp_path, teachers)
    capsys.readouterr()
    assert main(["rekey", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [")
    argv = ["rekey", "--identity", str(teachers[0][0]), "--course", str(bad)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "not a course file" in err and len(err.strip().splitlines()) == 1


def test_a_rekey_that_would_shut_out_its_own_key_leaves_the_file(
    tmp_path: Path,
    teachers: list[tuple[Path, str]],  # noqa: F811
    home: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _join(tmp_path, teachers)
    path = _save(home)
    before = path.read_bytes()
    course = tmp_path / "other.toml"
    stranger = str(x25519.Identity.generate().to_public())
    assert (
        main(
            ["course", "new", "--name", "OT autumn 2026", "--teacher", stranger, "-o", str(course)]
        )
        == 0
    )
    capsys.readouterr()
    argv = ["rekey", str(path.parent), "--identity", str(teachers[0][0]), "--course", str(course)]
    assert main(argv) == 1
    assert "would shut out the key that runs this" in capsys.readouterr().out
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "document",
    [
        b'schema_version = 2\n[other]\nrecipients = ["a"]\n',  # no [session]
        b'[session]\nid = "a"\n[session]\nid = "b"\n',  # not TOML (and two)
        b'[session]\nid = "a"\nrecipients = "age1"\n[session.recipients]\n',  # not a list
        b'session.recipients = ["a"]\n[session]\nid = "a"\n',  # not where a save puts it
    ],
)
def test_a_session_table_that_cannot_be_edited_alone_is_refused(document: bytes) -> None:
    with pytest.raises(Invalid):
        with_recipients(document, ["age1new"])


def test_only_the_recipients_change_in_a_document_edited() -> None:
    document = (
        b'schema_version = 2\nevents = [\n]\n\n[session]\nid = "a"\n'
        b'recipients = [\n    "old",\n]\n\n[state]\nx = "recipients = [1]"\n'
    )
    assert with_recipients(document, ["new1", "new2"]) == document.replace(
        b'    "old",\n', b'    "new1",\n    "new2",\n'
    )
    missing = b'[session]\nid = "a"\n\n[state]\nx = 1\n'
    assert with_recipients(missing, ["k"]) == (
        b'[session]\nid = "a"\nrecipients = [\n    "k",\n]\n\n[state]\nx = 1\n'
    )

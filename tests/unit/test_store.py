"""Keys, encrypted session files and atomic saving: nothing lost, nothing leaked."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from hyvinvointi_tui.core.model.course import Teacher
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import atomic, keys, session_document, session_file, session_store
from hyvinvointi_tui.store import course as course_file
from hyvinvointi_tui.store.paths import identity_path
from tests.helpers import consent_to_notes

from .. import session_saving
from ..conftest import FakeClock

PASSPHRASE = "kolme pientä porsasta"
CANARY = "CANARY-7f3e-tiikeri"


@pytest.fixture(scope="session")
def student_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One student key for the whole run: scrypt takes a couple of seconds each time."""
    home = tmp_path_factory.mktemp("home")
    keys.create_student_identity(home, PASSPHRASE)
    return home


@pytest.fixture(scope="session")
def student(student_home: Path) -> x25519.Identity:
    return keys.unlock_student_identity(student_home, PASSPHRASE)


def test_student_key_pair_is_stored_encrypted(student_home: Path, student: x25519.Identity) -> None:
    secret = identity_path(student_home).read_bytes()
    assert secret.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert str(student).encode() not in secret
    public = (student_home / "identity.pub").read_text().strip()
    assert public == str(student.to_public())
    if os.name == "posix":
        assert identity_path(student_home).stat().st_mode & 0o777 == 0o600


def test_wrong_passphrase_says_so_and_changes_nothing(student_home: Path) -> None:
    before = identity_path(student_home).read_bytes()
    with pytest.raises(keys.WrongPassphrase, match="wrong passphrase"):
        keys.unlock_student_identity(student_home, "not it")
    assert identity_path(student_home).read_bytes() == before


@pytest.mark.parametrize("factor", [22, 40])
def test_an_identity_demanding_too_much_work_is_refused_before_trying(
    tmp_path: Path, student_home: Path, monkeypatch: pytest.MonkeyPatch, factor: int
) -> None:
    """22 is age's own cap: 4 GiB and half a minute here before "wrong passphrase"."""
    data = identity_path(student_home).read_bytes()
    written = keys._scrypt_work_factor(data)
    assert written is not None and written <= keys.MAX_WORK_FACTOR, "ours always opens"
    header, _, rest = data.partition(b"\n-> scrypt ")
    salt, factor_and_tail = rest.split(b" ", 1)
    _, tail = factor_and_tail.split(b"\n", 1)
    crafted = header + b"\n-> scrypt " + salt + f" {factor}\n".encode() + tail
    (tmp_path / "identity.age").write_bytes(crafted)

    def never(*args: object) -> bytes:
        raise AssertionError("scrypt was run")

    monkeypatch.setattr(age_passphrase, "decrypt", never)
    with pytest.raises(keys.KeyProblem, match=f"work factor {factor}"):
        keys.unlock_student_identity(tmp_path, PASSPHRASE)


def _busy_for(monkeypatch: pytest.MonkeyPatch, refusals: int | None) -> list[int]:
    """rage refuses the key's work factor `refusals` times (None: always), as it does when
    its one-millisecond measurement of this computer's speed comes at a busy moment."""
    real = age_passphrase.decrypt
    tried = []

    def decrypt(data: bytes, passphrase: str) -> bytes:
        tried.append(1)
        if refusals is None or len(tried) <= refusals:
            raise pyrage.DecryptError("Excessive work parameter for passphrase.")
        opened: bytes = real(data, passphrase)
        return opened

    monkeypatch.setattr(age_passphrase, "decrypt", decrypt)
    monkeypatch.setattr(keys, "BUSY_PAUSE_SECONDS", 0.01)
    return tried


def test_a_sound_key_refused_for_a_busy_moment_opens(
    student_home: Path, student: x25519.Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found under load: "identity.age is damaged (Excessive work parameter…)", for a key
    the same computer had made and opened."""
    tried = _busy_for(monkeypatch, refusals=5)
    assert str(keys.unlock_student_identity(student_home, PASSPHRASE)) == str(student)
    assert len(tried) == 6


def test_a_computer_busy_all_along_is_told_so_never_that_the_key_is_damaged(
    student_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_for(monkeypatch, refusals=None)
    monkeypatch.setattr(keys, "BUSY_RETRY_SECONDS", 0.2)
    with pytest.raises(keys.ComputerBusy) as refused:
        keys.unlock_student_identity(student_home, PASSPHRASE)
    assert "too busy" in str(refused.value)
    assert "damaged" not in str(refused.value)


def test_no_key_yet_points_to_init(tmp_path: Path) -> None:
    with pytest.raises(keys.NoIdentity, match="hyvinvointi init"):
        keys.unlock_student_identity(tmp_path, PASSPHRASE)


def test_teacher_identity_file_in_age_keygen_format(tmp_path: Path) -> None:
    path = tmp_path / "teacher.key"
    public = keys.write_identity_file(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# created: ")
    assert lines[1] == f"# public key: {public}"
    assert lines[2].startswith("AGE-SECRET-KEY-1")
    (identity,) = keys.read_identity_file(path)
    assert str(identity.to_public()) == public
    with pytest.raises(keys.KeyProblem, match="not overwritten"):
        keys.write_identity_file(path)


@pytest.mark.skipif(shutil.which("age-keygen") is None, reason="age-keygen not installed")
def test_identity_files_made_by_age_keygen_are_read(tmp_path: Path) -> None:
    path = tmp_path / "made-by-age.key"
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    (identity,) = keys.read_identity_file(path)
    assert f"# public key: {identity.to_public()}" in path.read_text()


def test_bad_identity_files(tmp_path: Path) -> None:
    path = tmp_path / "bad.key"
    path.write_text("# only a comment\n")
    with pytest.raises(keys.KeyProblem, match="holds no age secret key"):
        keys.read_identity_file(path)
    path.write_text("# comment\nAGE-SECRET-KEY-1NOTAKEY\n")
    with pytest.raises(keys.KeyProblem, match="line 2: not an age secret key"):
        keys.read_identity_file(path)


def test_course_teachers(tmp_path: Path) -> None:
    public = str(x25519.Identity.generate().to_public())
    assert course_file.read_course(tmp_path).teachers == []
    assert course_file.add_teacher(tmp_path, public, "Lehtori L")
    assert not course_file.add_teacher(tmp_path, public)
    assert course_file.read_course(tmp_path).teachers == [
        Teacher(recipient=public, name="Lehtori L")
    ]
    with pytest.raises(keys.KeyProblem, match="not an age public key"):
        course_file.add_teacher(tmp_path, "age1notakey")


def test_a_corrupt_course_file_gets_a_clear_message_and_is_left_alone(tmp_path: Path) -> None:
    course = tmp_path / "course.toml"
    course.write_text("[[teachers]\nrecipient = ")
    with pytest.raises(keys.KeyProblem, match=r"course\.toml is damaged"):
        course_file.read_course(tmp_path)
    with pytest.raises(keys.KeyProblem):
        course_file.add_teacher(tmp_path, str(x25519.Identity.generate().to_public()))
    assert course.read_text() == "[[teachers]\nrecipient = "


# --- session files ------------------------------------------------------------------------


@pytest.fixture
def session(protocol: Protocol, clock: FakeClock) -> Session:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-014", lang="fi", students=["AB"]))
    consent_to_notes(session)
    clock.advance(30)
    session.edit_text(notes_key("orientation"), f"asiakas tiesi {CANARY}")
    session.record(StressRated(step="stress", value=4))
    return session


@pytest.fixture
def teacher() -> x25519.Identity:
    return x25519.Identity.generate()


def saved(tmp_path: Path, session: Session, *recipients: x25519.Recipient) -> Path:
    path = tmp_path / session_file.file_name(
        session.created, session.state.setup.client_code, session.session_id
    )
    session_saving.save(
        path, session_saving.session_document(session, saved_t=session.now()), recipients
    )
    return path


def test_session_file_round_trip_for_student_and_teacher(
    tmp_path: Path, session: Session, student: x25519.Identity, teacher: x25519.Identity
) -> None:
    path = saved(tmp_path, session, student.to_public(), teacher.to_public())
    assert path.name.endswith(f"_K-014_{session.session_id}.age")
    data = path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert CANARY.encode() not in data
    for identity in (student, teacher):
        loaded = session_document.load(path, [identity])
        assert loaded.events == session.events
        assert loaded.doc["state"]["texts"][notes_key("orientation")].endswith(CANARY)
        assert loaded.doc["protocol"]["sha256"] == session.protocol.sha256
        assert loaded.meta.client_code == "K-014"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command is not installed")
@pytest.mark.parametrize("who", ["teacher", "student"])
def test_the_real_age_command_decrypts_with_either_key(
    tmp_path: Path, session: Session, student: x25519.Identity, teacher: x25519.Identity, who: str
) -> None:
    path = saved(tmp_path, session, student.to_public(), teacher.to_public())
    key = tmp_path / f"{who}.key"
    key.write_text(f"# {who}\n{teacher if who == 'teacher' else student}\n")
    result = subprocess.run(
        ["age", "-d", "-i", str(key), str(path)], capture_output=True, check=True, text=True
    )
    assert "schema_version = 2" in result.stdout and CANARY in result.stdout


def _bad_inputs(path: Path, other: x25519.Identity) -> dict[str, bytes | None]:
    good = path.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x01
    return {
        "truncated": good[: len(good) * 2 // 3],
        "flipped byte": bytes(flipped),
        "empty": b"",
        "plaintext TOML": b'schema_version = 1\n[session]\nid = "x"\n',
        "other recipient": None,
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("truncated", "damaged"),
        ("flipped byte", "damaged"),
        ("empty", "the file is empty"),
        ("plaintext TOML", "not an encrypted session file"),
        ("other recipient", "this key cannot open it"),
    ],
)
def test_bad_session_files_get_one_clear_message(
    tmp_path: Path, session: Session, student: x25519.Identity, case: str, message: str
) -> None:
    other = x25519.Identity.generate()
    path = saved(
        tmp_path, session, other.to_public() if case == "other recipient" else student.to_public()
    )
    content = _bad_inputs(path, other)[case]
    if content is not None:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(session_file.SessionFileError, match=message) as caught:
        session_document.load(path, [student])
    assert "Traceback" not in str(caught.value)
    assert path.read_bytes() == before, "a damaged file is never changed"


# --- atomic writes --------------------------------------------------------------------------


def test_a_failed_replace_keeps_the_last_good_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.age"
    atomic.write_atomic(target, b"good")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)  # as store/atomic.py calls it
    with pytest.raises(OSError, match="No space"):
        atomic.write_atomic(target, b"newer")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["s.age"]


def test_a_failed_write_keeps_the_last_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.age"
    atomic.write_atomic(target, b"good")
    real_write = os.write

    def short_then_full(fd: int, data: bytes) -> int:
        if len(data) > 2:
            real_write(fd, bytes(data[:2]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", short_then_full)  # as store/atomic.py calls it
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"newer and longer")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["s.age"]


def test_stale_temps_from_a_crash_are_removed(tmp_path: Path) -> None:
    (tmp_path / "s.age").write_bytes(b"good")
    (tmp_path / "s.age.tmp-999999999").write_bytes(b"half")
    live = tmp_path / f"t.age.tmp-{os.getppid()}"
    live.write_bytes(b"another copy is writing this")
    removed = atomic.remove_stale_temps(tmp_path)
    assert [p.name for p in removed] == ["s.age.tmp-999999999"]
    assert live.exists() and (tmp_path / "s.age").exists()


# --- a file replaced under the store ------------------------------------------------------


def test_a_file_replaced_the_instant_after_a_save_is_still_noticed_at_the_next(
    tmp_path: Path, session: Session, student: x25519.Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program may put its copy in place between the store's rename and anything
    the store does next: the store knows its file by the file it wrote, not by what is at
    the path by then, so the next save leaves the copy and saves beside it."""
    store = session_store.SessionStore(tmp_path, [student.to_public()])

    def save() -> bool:
        return store.save(
            session.protocol,
            session_id=session.session_id,
            created=session.created,
            events=list(session.events),
            saved_t=session.now(),
        )

    real_write = atomic.write_atomic  # as session_store imported it

    def and_replaced_at_once(target: Path, data: bytes) -> os.stat_result:
        written = real_write(target, data)
        copy = target.with_name("copy.tmp")
        copy.write_bytes(target.read_bytes())
        os.replace(copy, target)  # a sync puts its copy back, the same bytes
        return written

    monkeypatch.setattr(session_store, "write_atomic", and_replaced_at_once)
    assert save()
    original = store.path
    assert original is not None
    left = original.read_bytes()
    monkeypatch.setattr(session_store, "write_atomic", real_write)
    assert save()
    assert store.path != original and store.path is not None
    assert store.path.name.startswith(original.name.removesuffix(".age") + "-ours-")
    assert original.read_bytes() == left, "the copy put in place is left as it was"
    assert store.take_kept() == (original.name, store.path.name)

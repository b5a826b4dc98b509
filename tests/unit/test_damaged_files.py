"""Damaged files: every truncation and many bit flips of real session and key files, and the
age format's community test vectors (C2SP CCTV), all through the code that opens them.

Each is refused with one clear line, never a traceback, and the file is never changed.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.untrusted import MAX_SESSION_BYTES
from hyvinvointi_tui.store import keys, session_document, session_file
from hyvinvointi_tui.store.keys import KeyProblem, WrongPassphrase
from hyvinvointi_tui.store.session_file import SessionFileError
from hyvinvointi_tui.store.student import Student, reopen_or_reason

from .. import session_saving
from ..helpers import tiny_protocol

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
VECTORS = Path(__file__).resolve().parents[1] / "data" / "cctv-age"
PASSPHRASE = "rikki-menee-mutta-ei-hajoa"


@dataclass
class Vector:
    name: str
    expect: str
    body: bytes
    payload: str = ""
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    armored: bool = False


def read_vector(path: Path) -> Vector:
    head, _, body = path.read_bytes().partition(b"\n\n")
    vector = Vector(path.name, "", body)
    for line in head.decode().splitlines():
        key, _, value = line.partition(": ")
        if key == "expect":
            vector.expect = value
        elif key == "payload":
            vector.payload = value
        elif key == "identity":
            vector.identities.append(value)
        elif key == "passphrase":
            vector.passphrases.append(value)
        elif key == "armored":
            vector.armored = value == "yes"
        elif key == "compressed":
            assert value == "zlib"
            vector.body = zlib.decompress(body)
    return vector


ALL_VECTORS = sorted(p.name for p in VECTORS.iterdir() if p.name == p.name.lower())


def one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message, message


def test_the_vendored_vectors_are_all_there() -> None:
    assert len(ALL_VECTORS) == 124
    assert (VECTORS / "LICENSE").read_text().count("Zero-Clause BSD") == 1


@pytest.mark.parametrize("name", ALL_VECTORS)
def test_cctv_vector(name: str, tmp_path: Path) -> None:
    """X25519 vectors through the session file loader, scrypt vectors through the key file
    loader. We never write ASCII armor, so our loaders refuse armored files outright."""
    vector = read_vector(VECTORS / name)
    path = tmp_path / "file.age"
    path.write_bytes(vector.body)
    outcome: bytes | Exception
    if vector.passphrases:
        try:
            outcome = keys.decrypt_key_file(path, vector.passphrases[0])
        except KeyProblem as exc:
            outcome = exc
    else:
        identities = [x25519.Identity.from_str(text) for text in vector.identities]
        if not identities:  # `empty` and `armor_empty`: any key at all
            identities = [x25519.Identity.generate()]
        try:
            outcome = session_file.decrypt(path, identities)
        except SessionFileError as exc:
            outcome = exc
    assert path.read_bytes() == vector.body, "a file that is read is never changed"
    if len(vector.body) > MAX_SESSION_BYTES and not vector.passphrases:
        # Larger than any session file (the promise: under 1 MB): refused before it is decrypted.
        assert isinstance(outcome, SessionFileError)
        assert "too large" in str(outcome)
        return
    if vector.expect == "success" and not vector.armored:
        assert isinstance(outcome, bytes), outcome
        assert hashlib.sha256(outcome).hexdigest() == vector.payload
        return
    if name in LAX_PYRAGE:
        # Authenticated by the header MAC all the same, so no damage can produce these.
        assert outcome == b"age", "pyrage is strict now: drop the name from LAX_PYRAGE"
        return
    assert isinstance(outcome, Exception), f"{name} ({vector.expect}) was accepted"
    one_line(str(outcome))
    if vector.armored:
        assert "not in the age format" in str(outcome) or "not an age-encrypted" in str(outcome)
    elif vector.expect == "no match" and vector.passphrases and "scrypt" in str(vector.body):
        assert isinstance(outcome, WrongPassphrase)
    elif vector.expect == "no match":
        assert re.search("cannot open it|not protected by a passphrase", str(outcome)), outcome
    else:
        assert re.search(CLEAR_REFUSAL, str(outcome)), outcome


# The messages a damaged or foreign file gets (the path comes first).
CLEAR_REFUSAL = (
    "is damaged|the file is empty|not in the age format|not an age-encrypted|refused|"
    "not protected by a passphrase"
)
# Two header failures that rage (and so pyrage 1.4) accepts: a stanza without the short
# last line its body must end with. The header MAC still covers them.
LAX_PYRAGE = {"stanza_missing_body", "stanza_missing_final_line"}


# --- session files as the app saves them ----------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> tuple[bytes, list[x25519.Identity]]:
    """The demo session (94 minutes, 43 KiB with its protocol) and the demo teacher key."""
    data = (DEMO / "demo-session.age").read_bytes()
    teacher = keys.read_identity_file(DEMO / "demo-teacher.key")
    assert session_document.load(DEMO / "demo-session.age", teacher).events
    return data, teacher


@pytest.fixture(scope="module")
def short() -> tuple[bytes, list[x25519.Identity]]:
    """The first minutes of a session, for two recipients (3 KiB: every position is cheap)."""
    student, teacher = x25519.Identity.generate(), x25519.Identity.generate()
    session = Session(tiny_protocol())  # the file carries it: a small one keeps it 3 KiB
    session.start(SetupChanged(client_code="K-404", lang="fi"))
    session.edit_text(notes_key("orientation"), "asiakas kertoi viikostaan")
    session.record(StressRated(step="stress", value=4))
    doc = session_saving.session_document(session, saved_t=session.now())
    data = session_saving.encode(doc, [student.to_public(), teacher.to_public()])
    return data, [teacher]


def refused(path: Path, data: bytes, identities: list[x25519.Identity]) -> str:
    path.write_bytes(data)
    with pytest.raises(SessionFileError) as caught:
        session_document.load(path, identities)
    message = str(caught.value)
    one_line(message)
    assert path.read_bytes() == data
    return message


def test_every_truncation_of_a_session_file_is_refused(
    short: tuple[bytes, list[x25519.Identity]], tmp_path: Path
) -> None:
    data, teacher = short
    path = tmp_path / "cut.age"
    messages = set()
    for cut in range(len(data)):
        message = refused(path, data[:cut], teacher)
        messages.add(message.split(": ", 1)[1].split(" (")[0])
    assert messages == {
        "the file is empty",
        "not an encrypted session file",
        "the file is damaged",
    }, messages


def test_every_byte_of_a_session_file_flipped_is_refused(
    short: tuple[bytes, list[x25519.Identity]], tmp_path: Path
) -> None:
    """One bit flipped in each byte in turn (which bit depends on the position)."""
    data, teacher = short
    path = tmp_path / "flipped.age"
    for position in range(len(data)):
        flipped = bytearray(data)
        flipped[position] ^= 1 << (position % 8)
        refused(path, bytes(flipped), teacher)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, 20_000),
    flips=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 7)), max_size=8),
)
def test_cuts_and_bit_flips_anywhere_in_a_long_session_file_are_refused(
    demo: tuple[bytes, list[x25519.Identity]],
    tmp_path: Path,
    cut: int,
    flips: list[tuple[int, int]],
) -> None:
    data, teacher = demo
    damaged = bytearray(data[: cut % (len(data) + 1)])
    for position, bit in flips:
        if damaged:
            damaged[position % len(damaged)] ^= 1 << bit
    if bytes(damaged) != data:
        refused(tmp_path / "damaged.age", bytes(damaged), teacher)


def test_a_damaged_session_file_through_the_commands(
    demo: tuple[bytes, list[x25519.Identity]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export` and `replay` say it in one line; going on with it (`resume`) refuses
    before anything could be written over it."""
    data, teacher = demo
    broken = tmp_path / "broken.age"
    damaged = data[: len(data) // 2]
    broken.write_bytes(damaged)
    for command in ("export", "replay"):
        code = main([command, str(broken), "--identity", str(DEMO / "demo-teacher.key")])
        err = capsys.readouterr().err
        assert code == 1 and "damaged" in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1, err
    student = Student(tmp_path, teacher[0], [])
    reason = reopen_or_reason(student, broken)
    assert isinstance(reason, str) and "damaged" in reason
    assert broken.read_bytes() == damaged
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob("*.tmp-*"))


# --- key files ------------------------------------------------------------------------------


def test_every_truncation_and_flip_of_a_teacher_key_file(tmp_path: Path) -> None:
    """`age-keygen`'s format: the key itself is checksummed (bech32), so any damage to it is
    caught; damage to a comment or the last line break leaves the same key, which is fine."""
    key_file = tmp_path / "teacher.key"
    keys.write_identity_file(key_file)
    data = key_file.read_bytes()
    (good,) = keys.read_identity_file(key_file)
    variants = [data[:cut] for cut in range(len(data))]
    for position in range(len(data)):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[position] ^= 1 << bit
            variants.append(bytes(flipped))
    start = data.index(b"AGE-SECRET-KEY-1")
    end = data.index(b"\n", start)
    path = tmp_path / "damaged.key"
    for index, variant in enumerate(variants):
        # Which byte this variant damaged: the cut, or the flipped position.
        where = index if index < len(data) else (index - len(data)) // 8
        path.write_bytes(variant)
        try:
            loaded = keys.read_identity_file(path)
        except KeyProblem as exc:
            one_line(str(exc))
        else:
            assert not start <= where < end, f"damage to the key at {where} went unseen"
            assert [str(key) for key in loaded] == [str(good)], variant


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    home = tmp_path_factory.mktemp("key-home")
    keys.create_student_identity(home, PASSPHRASE)
    return (home / "identity.age").read_bytes()


def header_length(data: bytes) -> int:
    return data.index(b"\n---") + len(data.split(b"\n---", 1)[1].split(b"\n", 1)[0]) + 5


def test_every_truncation_of_the_student_key_header_is_refused(
    key_file: bytes, tmp_path: Path
) -> None:
    """Cut anywhere in the header: refused before the (slow) scrypt is even run. A cut in
    the body costs a full scrypt each (2.5 s here): bench/damage.py runs all of those."""
    home = tmp_path
    path = home / "identity.age"
    for cut in range(header_length(key_file)):
        path.write_bytes(key_file[:cut])
        with pytest.raises(KeyProblem) as caught:
            keys.unlock_student_identity(home, PASSPHRASE)
        one_line(str(caught.value))
        assert not isinstance(caught.value, WrongPassphrase), cut
        assert path.read_bytes() == key_file[:cut]


@pytest.mark.parametrize("where", ["mac", "payload", "cut body"])
def test_damage_to_the_student_key_body_is_refused(
    key_file: bytes, tmp_path: Path, where: str
) -> None:
    header = header_length(key_file)
    damaged = bytearray(key_file)
    if where == "cut body":
        damaged = damaged[: header + 40]
    else:
        position = {"mac": header - 10, "payload": header + 40}[where]
        damaged[position] ^= 0x10
    path = tmp_path / "identity.age"
    path.write_bytes(bytes(damaged))
    with pytest.raises(KeyProblem, match="damaged") as caught:
        keys.unlock_student_identity(tmp_path, PASSPHRASE)
    one_line(str(caught.value))
    assert path.read_bytes() == bytes(damaged)

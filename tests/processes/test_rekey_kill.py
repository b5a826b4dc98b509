"""kill -9 in the middle of `hyvinvointi rekey` over 30 sessions and their debrief comments:
every file still opens, each either as it was (the removed teacher's key opens it) or
re-keyed (it does not), the plaintext is unchanged but for the recipients it names, nothing
on disk is plaintext, and running rekey again finishes the job."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.debrief.comments import Comment
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.atomic import TEMP_MARK
from hyvinvointi_tui.store.debrief import comment_saver
from hyvinvointi_tui.store.session_document import load
from hyvinvointi_tui.store.session_file import AGE_MAGIC, DEBRIEF_SUFFIX, NotForThisKey, decrypt
from hyvinvointi_tui.store.session_store import SessionStore

from ..helpers import save_session, tiny_protocol

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

SESSIONS = 30
TRIALS = 4
COMMENT = "Canary-comment-7f3a: hyvä yhteenveto"


class Archive:
    """30 sessions, each with teacher 2's comments, encrypted to the student and both
    teachers; and the course file after teacher 2 left it."""

    def __init__(self, base: Path) -> None:
        self.student = x25519.Identity.generate()
        self.key_files = [base / "teacher1.key", base / "teacher2.key"]
        publics = [keys.write_identity_file(path) for path in self.key_files]
        self.teachers = [keys.read_identity_file(path)[0] for path in self.key_files]
        self.old = [str(self.student.to_public()), *publics]
        self.new = self.old[:2]
        self.folder = base / "template"
        self.folder.mkdir()
        recipients = [keys.parse_recipient(key) for key in self.old]
        for number in range(SESSIONS):
            store = SessionStore(self.folder, recipients)
            session = Session(tiny_protocol())  # a small file: the kills are the point
            session.start(SetupChanged(client_code=f"K-{number:03d}", lang="fi"))
            save_session(store, session)
            store.close()
            assert store.path is not None
            meta = load(store.path, [self.teachers[1]]).meta
            comments = [Comment(t=1.0, step="orientation", text=COMMENT)]
            assert comment_saver(store.path, meta, self.teachers[1])(comments) == ""
        self.plaintexts = {
            path.name: decrypt(path, [self.student]) for path in self.folder.iterdir()
        }
        self.course = base / "course.toml"
        argv = ["course", "new", "--name", "OT", "--teacher", publics[0], "-o", str(self.course)]
        assert main(argv) == 0

    def command(self, folder: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "hyvinvointi_tui.cli",
            "rekey",
            str(folder),
            "--identity",
            str(self.key_files[0]),
            "--course",
            str(self.course),
        ]

    def check(self, folder: Path) -> tuple[int, int]:
        """Every file opens with the student's key and teacher 1's, as it was (teacher 2's
        key opens it too) or re-keyed (it does not); (how many old, how many new)."""
        counts = [0, 0]
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            assert b"schema_version" not in data and COMMENT.encode() not in data, path.name
            if path.name.endswith(".lock") or TEMP_MARK in path.name:
                continue  # a lock, or the temp file of a write cut short (ciphertext)
            assert data.startswith(AGE_MAGIC), path.name
            plaintext = decrypt(path, [self.student])
            assert decrypt(path, [self.teachers[0]]) == plaintext
            is_new = not self._opens(path, self.teachers[1])
            if path.name.endswith(DEBRIEF_SUFFIX):
                assert plaintext == self.plaintexts[path.name]
            else:  # the same document, but for the keys it names
                named = self.new if is_new else self.old
                assert _without(plaintext, named) == _without(self.plaintexts[path.name], self.old)
            counts[is_new] += 1
        assert sum(counts) == 2 * SESSIONS
        return counts[0], counts[1]

    @staticmethod
    def _opens(path: Path, identity: x25519.Identity) -> bool:
        try:
            decrypt(path, [identity])
        except NotForThisKey:
            return False
        return True


def _without(plaintext: bytes, recipients: list[str]) -> bytes:
    listed = "".join(f'    "{key}",\n' for key in recipients)
    block = f"recipients = [\n{listed}]\n".encode()
    assert plaintext.count(block) == 1
    return plaintext.replace(block, b"")


def test_a_kill_9_in_the_middle_of_rekey_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    assert archive.check(archive.folder) == (2 * SESSIONS, 0)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HYVINVOINTI_HOME": str(tmp_path / "home")}
    chance = random.Random(29)
    mixed = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial}"
        shutil.copytree(archive.folder, folder)
        child = subprocess.Popen(
            archive.command(folder),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # the kill reaches it alone, never the test runner
        )
        assert child.stdout is not None
        # Killed after a random number of files are done, a random moment later: within
        # the first half, as the child may write its lines well ahead of this reading them.
        wanted = chance.randint(1, SESSIONS)
        done = 0
        while done < wanted:
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else ""
            done += line.startswith(b"re-keyed")
        time.sleep(chance.uniform(0, 0.02))  # about two files
        child.send_signal(signal.SIGKILL)
        child.wait()
        old, new = archive.check(folder)
        mixed += bool(old and new)
        cut = [p.name for p in folder.iterdir() if TEMP_MARK in p.name]
        print(f"trial {trial}: killed after {wanted} files: {old} old, {new} new, {cut} cut")
        # Run again, it finishes the job: every file re-keyed, nothing left behind.
        again = subprocess.run(archive.command(folder), capture_output=True, env=env)
        assert again.returncode == 0, again.stdout + again.stderr
        assert f"{2 * SESSIONS} re-keyed, 0 skipped".encode() in again.stdout
        assert archive.check(folder) == (0, 2 * SESSIONS)
        assert not [p for p in folder.iterdir() if TEMP_MARK in p.name or p.suffix == ".lock"]
    assert mixed >= 1, "a kill came in the middle of the run"

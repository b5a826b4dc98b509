"""The five bugs of issue 23, put back one at a time: each must make a test fail.

    .venv/bin/python tests/mutants.py

Prints, for each bug, the tests that failed (none would mean a promise no test pins down).
Not collected by pytest (its name does not start with test_); it restores every file."""

from __future__ import annotations

import pathlib
import subprocess

# (what the bug breaks, file, the right text, the bug)
M = [
    (
        "1 recipients: only the student",
        "hyvinvointi_tui/store/student.py",
        "return [self.identity.to_public()] + [parse_recipient(t.recipient) for t in self.t"
        "eachers]",
        "return [self.identity.to_public()]",
    ),
    (
        "2 crisis >= becomes >",
        "hyvinvointi_tui/core/model/steps.py",
        "return rating is not None and rating >= self.crisis_from",
        "return rating is not None and rating > self.crisis_from",
    ),
    (
        "3 century signs -+A only",
        "hyvinvointi_tui/core/model/client_code.py",
        r'_HETU = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", re.IGNORECASE)',
        r'_HETU = re.compile(r"\d{6}[-+A]\d{3}[0-9A-Y]", re.IGNORECASE)',
    ),
    (
        "4 another host's lock taken over",
        "hyvinvointi_tui/store/session_store.py",
        '                if owner.get("host") not in (None, "", _HOST):\n'
        "                    raise SessionLocked(self._message(owner, elsewhere=True))",
        "                pass",
    ),
    (
        "5 a step deferred twice kept twice",
        "hyvinvointi_tui/core/model/state.py",
        "self.deferred += [step for step in event.steps if step not in self.deferred]",
        "self.deferred += list(event.steps)",
    ),
]


def main() -> None:
    for name, path, old, new in M:
        p = pathlib.Path(path)
        src = p.read_text()
        assert src.count(old) == 1, name
        p.write_text(src.replace(old, new))
        try:
            r = subprocess.run(
                [
                    ".venv/bin/python",
                    "-m",
                    "pytest",
                    "-q",
                    "-n",
                    "auto",
                    "-p",
                    "no:randomly",
                    "tests/unit",
                    "tests/processes/test_locks.py",
                    "tests/app/test_replay.py",
                ],
                capture_output=True,
                text=True,
            )
            failed = [x.split(" ")[1] for x in r.stdout.splitlines() if x.startswith("FAILED")]
            print(f"{name}: {len(failed)} failed")
            for test in failed:
                print("   ", test)
        finally:
            p.write_text(src)


if __name__ == "__main__":
    main()

"""The commands of a session's end of life: `sessions` (what is kept, until when, what is
due) and `delete` (a session or a client's chain, for good, after asking)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model.course import DEFAULT_RETENTION_DAYS
from ..core.untrusted import visible_line
from ..store.deletion import DeletionRefused, listing, plan_deletion
from ..store.deletion import delete as delete_plan
from ..store.keys import KeyProblem
from ..store.paths import home, sessions_dir
from .common import confirmed, fail
from .opening import opening_keys

if TYPE_CHECKING:
    from ..core.privacy.retention import Listed, Plan


def line(session: Listed, today: dt.date) -> str:
    """One session as `sessions` prints it: date, client code, open or closed, keep-until
    and "due for deletion" when it has passed, and the file's name."""
    name = visible_line(session.path.name)
    kept = session.kept
    if kept is None:
        return visible_line(f"{name}: cannot be opened ({session.problem})")
    state = "closed" if kept.closed else "open"
    until = f"keep until {kept.until.isoformat()}" if kept.until else "open: no date yet"
    due = "  DUE FOR DELETION" if kept.due(today) else ""
    code = visible_line(kept.client_code)
    return f"{kept.created:%Y-%m-%d %H:%M}  {code:<10} {state:<6} {until}{due}  {name}"


def sessions(args: argparse.Namespace) -> int:
    folder = sessions_dir(home())
    try:
        identities = opening_keys(argparse.Namespace(identity=None))
    except KeyProblem as exc:
        return fail(str(exc))
    listed = listing(folder, identities)
    today = dt.date.today()
    print(
        f"Sessions in {folder}: a closed session is kept for its course's days after it "
        f"closed ({DEFAULT_RETENTION_DAYS} when the course gives none)."
    )
    if not listed:
        print("No sessions.")
    for session in listed:
        print(line(session, today))
    due = sum(1 for session in listed if session.kept and session.kept.due(today))
    if due:
        print(
            f"{due} due for deletion: hyvinvointi delete FILE "
            "(--chain: the client's first session and its follow-ups)"
        )
    return 0


def describe(plan: Plan, today: dt.date) -> str:
    """What a deletion takes, file by file, for the question before it."""
    lines = ["This deletes for good:"]
    for session in plan.sessions:
        lines.append("  " + line(session, today))
    lines += [visible_line(f"    {path}") for path in plan.files]
    if plan.copies:
        lines.append("  and the plaintext copies written of it:")
        lines += [visible_line(f"    {copy}") for copy in plan.copies]
    return "\n".join(lines)


def delete(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        return fail(f"{path}: no such file")
    base = home()
    try:
        identities = opening_keys(argparse.Namespace(identity=None))
        plan = plan_deletion(path, identities, base, chain=args.chain)
    except (KeyProblem, DeletionRefused) as exc:
        return fail(str(exc))
    print(describe(plan, dt.date.today()))
    count = len(plan.files) + len(plan.copies)
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("not deleted: give --yes to delete without being asked")
        if not confirmed(f"Delete these {count} files? This cannot be undone."):
            return fail("not deleted")
    try:
        done = delete_plan(plan, base)
    except DeletionRefused as exc:
        return fail(str(exc))

    for failed, reason in done.failed:
        print(visible_line(f"not removed: {failed} ({reason})"), file=sys.stderr)
    sessions = "session" if len(done.ids) == 1 else "sessions"
    print(f"Deleted {len(done.ids)} {sessions}; the deletion log in {base} notes the ids.")
    return 1 if done.failed else 0

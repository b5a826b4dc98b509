"""The course figures (`hyvinvointi stats`): a folder of session files read on every core,
a summary on the terminal, and the figures as CSV and as a printable report with charts."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyrage import x25519

from ..core.debrief import stats as session_stats
from ..core.model.events import events_adapter
from ..core.untrusted import visible_line
from ..i18n import system_language
from ..store.copies import record_copy
from ..store.course import CourseProblem, read_course_file
from ..store.course_figures import read_figures
from ..store.keys import KeyProblem
from ..store.paths import home
from ..store.session_file import DEBRIEF_SUFFIX, SUFFIX
from ..store.typed_path import TypedPathProblem, write_output
from .common import fail
from .opening import opening_keys
from .progress import FolderProgress

if TYPE_CHECKING:
    from ..core.debrief.course_report import CourseTally


@dataclass
class FolderFigures:
    """What the files of a folder gave: the figures, and the files that gave none."""

    tally: session_stats.Tally = field(default_factory=session_stats.Tally)
    # The report's figures, taken only when a report is asked for (--html): they cost the
    # command more than everything else it does beside the workers (0.15 of 0.17 ms a row).
    charts: CourseTally | None = None
    table: session_stats.FiguresCsv = field(default_factory=session_stats.FiguresCsv)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    read: int = 0
    no_consent: int = 0  # read, but the client did not agree to their use in course figures


def stats(args: argparse.Namespace) -> int:
    try:
        return _stats(args)
    finally:
        # Off while it started (cli/__init__.py), and what it froze (`_started`) let go:
        # whichever way it ends, and whoever called it.
        gc.unfreeze()
        gc.enable()


def _stats(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        return fail(f"{folder}: no such folder")
    try:
        identities = opening_keys(args)
    except KeyProblem as exc:
        return fail(str(exc))
    # The same hash for a client in every run with this key (CSVs of a course can be joined);
    # derived from the secret key, so it is never written and cannot be had without it. With
    # the course file, the course's salt: the same hashes for every teacher of the course.
    salt = session_stats.key_salt(str(identities[0]))
    course_name = folder.resolve().name
    if args.course:
        try:
            course = read_course_file(Path(args.course))
        except CourseProblem as exc:
            return fail(str(exc))
        if not course.salt:
            return fail(f"{args.course}: the course has no salt (write it with 'course new')")
        salt = bytes.fromhex(course.salt)
        course_name = course.name or course_name
    lang = args.lang or system_language()  # the teacher's
    files = sorted(
        (p for p in folder.glob(f"*{SUFFIX}") if not p.name.endswith(DEBRIEF_SUFFIX)),
        key=lambda path: path.name,  # one folder: by name, as paths sort, 20 times as fast
    )
    figures = FolderFigures(charts=_course_tally() if args.html else None)
    _started()
    try:
        _read(figures, files, identities, salt, args.processes, lang)
    except BrokenProcessPool:
        return fail("a process reading the files ended unexpectedly (out of memory?)")
    except KeyboardInterrupt:
        return fail("stats: interrupted; nothing was written")
    _print_summary(figures, len(files))
    rows = f"{len(figures.table)} rows"
    if args.csv and not _write(args.csv, "--csv", figures.table.text(), "csv", rows):
        return 1
    if figures.charts is not None:
        # lazy: the course report and its charts (leather), 17 ms, only for a report
        from ..core.debrief import course_report

        page = course_report.to_html(
            figures.charts,
            lang,
            course=course_name,
            date=dt.date.today().isoformat(),
            sessions=len(figures.table),
        )
        if not _write(args.html, "--html", page, "html", "the course report"):
            return 1
    return 0


def _started() -> None:
    """The command starts with the collector off (cli/__init__.py): the modules and the
    events' validator, built here before the workers that read the files are forked with
    it, live as long as the command. Frozen out of the collector's reach, here and in the
    workers, it runs again. The command for one file took 0.37 s, now 0.30: the collector
    had walked them while they were made and again at the file's first full collection."""
    events_adapter()
    gc.freeze()
    gc.enable()


def _course_tally() -> CourseTally:
    # lazy: the course report and its charts (leather), 17 ms, only for a report
    from ..core.debrief.course_report import CourseTally

    return CourseTally()


def _read(
    figures: FolderFigures,
    files: list[Path],
    identities: list[x25519.Identity],
    salt: bytes,
    processes: int | None,
    lang: str,
) -> None:
    """The files read on every core; the rows come back in the files' order."""
    with FolderProgress(len(files)) as progress:
        for chunk in read_figures(files, identities, salt, processes, lang):
            for one in chunk:
                if one.kind == "unreadable":
                    figures.unreadable.append((one.name, one.problem))
                    continue
                figures.read += 1
                if one.kind == "no_consent":
                    figures.no_consent += 1
                    continue
                figures.tally.add(one.row)
                figures.table.add(one.row)
                if figures.charts is not None:
                    figures.charts.add(one.row, one.legend)
            progress.advance(len(chunk))


def _print_summary(figures: FolderFigures, files: int) -> None:
    summary = figures.tally.summary()
    stress = ", ".join(f"{level}: {count}" for level, count in summary.stress.items())
    print(f"sessions read: {figures.read} of {files}")
    if figures.no_consent:
        print(f"left out, no consent to their use in course figures: {figures.no_consent}")
    if summary.unfinished:
        print(f"unfinished, left out of the figures below: {summary.unfinished}")
    print(f"closed sessions: {summary.sessions}")
    print(f"median duration: {summary.median_minutes} min")
    print(f"stress ratings: {stress}")
    if figures.unreadable:
        print(f"not read: {len(figures.unreadable)}")
        for name, reason in figures.unreadable:
            print(visible_line(f"  {name}: {reason}"))


def _write(given: str, option: str, text: str, kind: str, what: str) -> bool:
    """The CSV or the report written where the teacher said; False (said) when it cannot be."""
    try:
        path = write_output(Path(given), text.encode("utf-8"))
    except TypedPathProblem as exc:
        fail(f"{option}: {exc}")
        return False
    record_copy(home(), path, "", kind)  # a course's figures: of no one session
    print(visible_line(f"wrote {what} to {path}"))
    return True

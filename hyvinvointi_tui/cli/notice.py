"""`hyvinvointi notice`: the client's privacy notice, written for printing."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.client.notice import missing_facts
from ..core.model.course import Course
from ..i18n import system_language
from ..store.course import CourseProblem, read_course, read_course_file
from ..store.notice import NoticeProblem, notice_path, write_notice
from ..store.paths import home
from ..store.preferences import read_preferences
from .common import fail


def write(args: argparse.Namespace) -> int:
    """Write the notice (HTML) with the facts of the course (the one joined, or --course
    FILE) to -o OUT or to HOME/notices/, and print where; a fact the course leaves out is
    said on the sheet to be missing, and named here."""
    base = home()
    lang = args.lang or read_preferences(base).lang or system_language()
    try:
        course: Course = read_course_file(Path(args.course)) if args.course else read_course(base)
    except CourseProblem as exc:
        return fail(f"{exc}: no notice was written")
    try:
        target = Path(args.output) if args.output else notice_path(base, lang)
        written = write_notice(target, course.privacy, lang)
    except NoticeProblem as exc:
        return fail(str(exc))
    print(f"{written}")
    missing = missing_facts(course.privacy, "en")
    if missing:
        if args.course:
            where = f"the course file {args.course}"
        elif course == Course():
            where = "the notice: you have joined no course"
        else:
            where = "your course"
        print(
            f"Missing from {where} (the notice says so and tells the client to ask the "
            f"supervising teacher): {missing}"
        )
    print("Open it in a browser and print it (one A4 page) for the client.")
    return 0

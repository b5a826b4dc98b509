"""The course commands: a teacher writes the course file (new); a student joins it, shows it,
and adds or removes a teacher."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model.course import Privacy, Teacher, fingerprint
from ..core.untrusted import visible_line
from ..store.course import (
    CourseProblem,
    course_to_join,
    course_toml,
    new_course,
    read_course,
)
from ..store.course import join as join_course
from ..store.course import (
    remove_teacher as remove_course_teacher,
)
from ..store.keys import KeyProblem, parse_recipient
from ..store.paths import home
from ..store.typed_path import TypedPathProblem, write_output
from .common import confirmed, fail

if TYPE_CHECKING:
    from ..core.model.course import Course


def describe(course: Course) -> str:
    """The course as the student checks it: each teacher with a short form of their key to
    compare with what the teacher shows in class."""
    lines = [f"Course: {course.name or '(no name)'}"]
    if course.teachers:
        lines.append("Teachers (new sessions are encrypted to each):")
        for teacher in course.teachers:
            who = " · ".join(part for part in (teacher.name, teacher.contact) if part)
            lines.append(f"  {fingerprint(teacher.recipient)}  {who}".rstrip())
    else:
        lines.append("Teachers: none (a teacher cannot open the sessions)")
    protocol = course.protocol
    if protocol.source:
        lines.append(f"Protocol: the course's own (sha256 {protocol.sha256[:12]}…)")
    else:
        lines.append(f"Protocol: {protocol.name or 'hyvinvointikeskustelu'} (shipped)")
    if course.place:
        lines.append(f"Place: {course.place}")
    if course.appointments:
        lines.append(f"To cancel or move an appointment: {course.appointments}")
    else:
        lines.append(
            "To cancel or move an appointment: not given (the client's page asks the client "
            "to settle it with the students)"
        )
    if course.help_contacts:
        names = ", ".join(contact.name("en") for contact in course.help_contacts)
        lines.append(f"Help contacts: {names}")
    if course.services:
        names = ", ".join(service.name("en") for service in course.services)
        lines.append(f"Services: {names}")
    lines += privacy_lines(course)
    return "\n".join(visible_line(line) for line in lines)


PRIVACY_FACTS = {
    "controller": "Controller of the clients' data",
    "contact": "Data-protection contact",
    "purpose": "Purpose and legal basis",
    "retention_days": "Kept after a session closes",
    "supervisor_phone": "Supervising teacher's phone",
}


def privacy_lines(course: Course) -> list[str]:
    """The clients' data as the course describes it, and plainly what it leaves out."""
    privacy = course.privacy
    given = {
        "controller": privacy.controller,
        "contact": privacy.contact,
        "purpose": privacy.purpose,
        "retention_days": f"{privacy.retention_days} days" if privacy.retention_days else "",
        "supervisor_phone": privacy.supervisor_phone,
    }
    lines = [f"{PRIVACY_FACTS[name]}: {value}" for name, value in given.items() if value]
    missing = [PRIVACY_FACTS[name].lower() for name in privacy.missing()]
    if missing:
        lines.append(
            "Missing (the client's privacy notice cannot name them): " + "; ".join(missing)
        )
    return lines


def new(args: argparse.Namespace) -> int:
    for recipient in args.teacher:
        try:
            parse_recipient(recipient)
        except KeyProblem as exc:
            return fail(f"--teacher: {exc}")
    names, contacts = args.teacher_name or [], args.contact or []
    if len(names) > len(args.teacher) or len(contacts) > len(args.teacher):
        return fail("give --teacher-name and --contact after the --teacher they belong to")
    try:
        teachers = [
            Teacher(
                recipient=recipient.strip(),
                name=names[number] if number < len(names) else "",
                contact=contacts[number] if number < len(contacts) else "",
            )
            for number, recipient in enumerate(args.teacher)
        ]
        course = new_course(
            args.name,
            teachers,
            protocol=args.protocol or "",
            place=args.place or "",
            appointments=args.appointments or "",
            help_contacts=Path(args.help_contacts) if args.help_contacts else None,
            privacy=Privacy(
                controller=args.controller or "",
                contact=args.privacy_contact or "",
                purpose=args.purpose or "",
                retention_days=args.retention_days or 0,
                supervisor_phone=args.supervisor_phone or "",
            ),
        )
        written = write_output(Path(args.output), course_toml(course).encode())
    except ValueError as exc:  # a field over its bounds (a name too long, a key's form)
        return fail(f"the course cannot be written: {exc}")
    except (CourseProblem, KeyProblem) as exc:
        return fail(str(exc))
    except TypedPathProblem as exc:
        return fail(f"--output: {exc}")
    print(describe(course))
    join = "hyvinvointi course join FILE"
    print(visible_line(f"Written to {written}: hand it to the students ('{join}')."))
    return 0


def join(args: argparse.Namespace) -> int:
    try:
        course = course_to_join(Path(args.file))
    except CourseProblem as exc:
        return fail(f"{exc}: nothing was joined")
    print(describe(course))
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("not joined: give --yes to join without being asked")
        if not confirmed("Do the keys match what your teacher shows? Join this course?"):
            return fail("not joined")
    base = home()
    try:
        before = read_course(base)
    except CourseProblem:
        before = None  # a damaged copy is replaced by the course file
    try:
        join_course(base, course)
    except OSError as exc:
        return fail(f"{base}: the course could not be saved ({exc.strerror}): nothing was joined")
    updated = before is not None and before.name == course.name and bool(before.teachers)
    print("The course is updated." if updated else "You have joined the course.")
    return 0


def show(args: argparse.Namespace) -> int:
    try:
        course = read_course(home())
    except CourseProblem as exc:
        return fail(str(exc))
    print(describe(course))
    return 0


def remove_teacher(args: argparse.Namespace) -> int:
    short = fingerprint(args.recipient.strip())
    try:
        removed = remove_course_teacher(home(), args.recipient)
    except CourseProblem as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"the course could not be saved ({exc.strerror}): nothing was changed")
    if not removed:
        return fail(f"no teacher {short} in the course")
    print(
        f"Teacher {short} removed: new sessions are no longer encrypted to this key. "
        "Sessions saved before stay readable with it until you run 'hyvinvointi rekey'."
    )
    return 0

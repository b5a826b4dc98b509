"""Course files: the one a teacher writes and hands out, and the student's copy of the course
they joined (`course.toml` in the data folder, the same format). Every course file is
untrusted: read within a size limit, validated whole (pydantic against `core/model/course.py`),
each teacher's key checked, a carried protocol checked against its sha256 and validated; a
file that fails says why in one line and changes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

import tomli_w

from ..core.model.course import Course, CourseProtocol, Privacy, Teacher, course_adapter
from ..core.model.help_contacts import HelpContact, Service
from ..core.model.protocol import ProtocolError, load_protocol, parse_protocol, shipped_protocol
from ..core.untrusted import (
    MAX_PROTOCOL_BYTES,
    NotToml,
    Refused,
    parse_toml,
    read_regular,
    visible_line,
    visible_strings,
)
from .atomic import write_atomic
from .keys import KeyProblem, parse_recipient
from .paths import course_path

# A course file carries a protocol's whole text: it may be that large, and a little more.
MAX_COURSE_BYTES = MAX_PROTOCOL_BYTES + 256 * 1024


class CourseProblem(KeyProblem):
    """A course file that cannot be used; the message says why, in one line, whatever the
    file's keys and values it names hold (a line break in a key would print a line of the
    file's choosing)."""

    def __init__(self, message: str) -> None:
        super().__init__(visible_line(message))


def read_course_file(path: Path) -> Course:
    """A course file, checked whole (CourseProblem otherwise)."""
    try:
        raw = read_regular(path, MAX_COURSE_BYTES)
    except FileNotFoundError:
        raise CourseProblem(f"{path}: no such file") from None
    except Refused as exc:
        raise CourseProblem(f"{path}: not a course file: {exc}") from None
    except OSError as exc:
        raise CourseProblem(f"{path}: cannot read it ({exc.strerror})") from None
    return parse_course(raw, str(path))


def parse_course(raw: bytes, source: str) -> Course:
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import ValidationError

    try:
        data = visible_strings(parse_toml(raw.decode("utf-8")))
    except UnicodeDecodeError:
        raise CourseProblem(f"{source}: not a course file (it is not UTF-8 text)") from None
    except (NotToml, Refused) as exc:
        raise CourseProblem(f"{source}: not a course file ({exc})") from None
    try:
        # A string is no yes or number ("emergency = \"yes\"" is refused, not read as true:
        # those fields are strict), so the file means what it says.
        course = course_adapter().validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"]) or "the file"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise CourseProblem(f"{source}: {place}: {message}") from None
    for number, teacher in enumerate(course.teachers, 1):
        try:
            parse_recipient(teacher.recipient)
        except KeyProblem as exc:
            raise CourseProblem(f"{source}: teacher {number}: {exc}") from None
    course_protocol_problem = _protocol_problem(course.protocol)
    if course_protocol_problem:
        raise CourseProblem(f"{source}: {course_protocol_problem}")
    return course


def _protocol_problem(protocol: CourseProtocol) -> str:
    if protocol.name and shipped_protocol(protocol.name) is None:
        return f"protocol: no shipped protocol is called {protocol.name!r}"
    if protocol.source:
        if hashlib.sha256(protocol.source.encode()).hexdigest() != protocol.sha256:
            return "protocol: its text does not match its sha256 (the file was altered)"
        try:
            parse_protocol(protocol.source.encode(), "protocol")
        except ProtocolError as exc:
            return f"protocol: {exc.problems[0]}"
    return ""


def course_toml(course: Course) -> str:
    """A course as its file holds it (empty values left out)."""

    def plain(value: Any) -> Any:
        if hasattr(value, "fields"):
            return {k: plain(v) for k, v in value.fields().items() if v not in ("", [], {})}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    return tomli_w.dumps(plain(course))


def write_course(path: Path, course: Course) -> None:
    write_atomic(path, course_toml(course).encode())


def read_course(home: Path) -> Course:
    """The course the student joined (an empty one when there is none)."""
    path = course_path(home)
    if not path.exists():
        return Course()
    try:
        return read_course_file(path)
    except CourseProblem as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        raise CourseProblem(
            f"{path} is damaged ({reason}); join the course again or remove the file"
        ) from None


def course_to_join(path: Path) -> Course:
    """A course file a teacher handed out, to join: read_course_file, and it names at least
    one teacher (an empty file is no course: joined, it would leave the sessions to the
    student's key alone). CourseProblem otherwise."""
    course = read_course_file(path)
    if not course.teachers:
        raise CourseProblem(f"{path}: not a course file: it names no teacher")
    return course


def join(home: Path, course: Course) -> None:
    """Make `course` the student's course (a newer file of the same course replaces it)."""
    write_course(course_path(home), course)


def add_teacher(home: Path, recipient: str, name: str = "", contact: str = "") -> bool:
    """Add a teacher to the student's course; False if the key was there already."""
    recipient = recipient.strip()
    parse_recipient(recipient)
    course = read_course(home)
    if any(teacher.recipient == recipient for teacher in course.teachers):
        return False
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter, ValidationError

    try:  # a name or contact over its bounds
        teacher = TypeAdapter(Teacher).validate_python(
            {"recipient": recipient, "name": name, "contact": contact}
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"])
        raise CourseProblem(f"the teacher cannot be added: {place}: {error['msg']}") from None
    write_course(course_path(home), course.replace(teachers=[*course.teachers, teacher]))
    return True


def remove_teacher(home: Path, recipient: str) -> bool:
    """Take a teacher out of the student's course (new sessions are no longer encrypted to
    their key); False if no such teacher."""
    recipient = recipient.strip()
    course = read_course(home)
    kept = [teacher for teacher in course.teachers if teacher.recipient != recipient]
    if len(kept) == len(course.teachers):
        return False
    write_course(course_path(home), course.replace(teachers=kept))
    return True


def new_course(
    name: str,
    teachers: list[Teacher],
    *,
    protocol: str = "",
    place: str = "",
    appointments: str = "",
    help_contacts: Path | None = None,
    privacy: Privacy | None = None,
) -> Course:
    """The course file a teacher writes: `protocol` a shipped name or a protocol file's path
    (its text goes into the course, with its sha256); `help_contacts` a TOML file of the
    region's [[help_contacts]] and [[services]] tables, as a protocol has them.
    CourseProblem if any part is wrong."""
    for teacher in teachers:
        parse_recipient(teacher.recipient)
    chosen = CourseProtocol()
    if protocol and shipped_protocol(protocol) is not None and not protocol.endswith(".toml"):
        chosen = CourseProtocol(name=protocol)
    elif protocol:
        try:
            loaded = load_protocol(Path(protocol))
        except ProtocolError as exc:
            raise CourseProblem(exc.report().splitlines()[0] + " " + exc.problems[0]) from None
        chosen = CourseProtocol(source=loaded.source, sha256=loaded.sha256)
    contacts, services = _regional(help_contacts) if help_contacts is not None else ([], [])
    course = Course(
        name=name,
        teachers=teachers,
        protocol=chosen,
        place=place,
        appointments=appointments,
        help_contacts=contacts,
        services=services,
        privacy=privacy or Privacy(),
        salt=secrets.token_hex(16),
    )
    # What a student's join will check, checked now, before the file is handed out.
    return parse_course(course_toml(course).encode(), "the course")


def _regional(path: Path) -> tuple[list[HelpContact], list[Service]]:
    """The region's help contacts and services from a TOML file of [[help_contacts]] and
    [[services]] tables."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter, ValidationError

    try:
        data = visible_strings(parse_toml(read_regular(path, MAX_COURSE_BYTES).decode("utf-8")))
    except (OSError, Refused, UnicodeDecodeError, NotToml) as exc:
        raise CourseProblem(f"{path}: not a file of help contacts and services ({exc})") from None
    unknown = set(data) - {"help_contacts", "services"}
    if unknown:
        raise CourseProblem(f"{path}: {', '.join(sorted(unknown))}: not a known table")
    try:
        contacts = TypeAdapter(list[HelpContact]).validate_python(data.get("help_contacts", []))
        services = TypeAdapter(list[Service]).validate_python(data.get("services", []))
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise CourseProblem(f"{path}: {place}: {message}") from None
    return contacts, services

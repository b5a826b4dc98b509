"""The client's privacy notice written for printing: one HTML file, in the data folder's
own folder (HOME/notices) or where the user says. It holds no client data, so it is not
encrypted; it is written 0600 all the same, and never in place of anything but a regular
file (a link, a FIFO or a folder at the path is refused)."""

from __future__ import annotations

from pathlib import Path

from ..core.client import notice
from ..core.model.course import Privacy
from ..i18n import t
from .paths import notices_dir
from .typed_path import TypedPathProblem, write_output


class NoticeProblem(Exception):
    """The notice cannot be written there; the message says why, in one line."""


def notice_path(home: Path, lang: str) -> Path:
    """Where the notice in `lang` goes by default: HOME/notices/tietosuojaseloste.html
    (named in its language); the folder is made (0700). NoticeProblem if it cannot be."""
    try:
        folder = notices_dir(home)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise NoticeProblem(f"{home / 'notices'}: the folder cannot be made ({reason})") from None
    return folder / f"{t(lang, 'notice.file')}.html"


def write_notice(target: Path, privacy: Privacy, lang: str) -> Path:
    """Write the notice in `lang` to `target` (0600, atomically); returns where it went.
    NoticeProblem if `target` is anything but a regular file or cannot be written."""
    page = notice.to_html(notice.build(privacy, lang))
    try:
        return write_output(target, page.encode())
    except TypedPathProblem as exc:
        raise NoticeProblem(str(exc)) from None

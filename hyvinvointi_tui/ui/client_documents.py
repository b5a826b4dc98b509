"""What the student prints for the client from a session: the client's page (ctrl+t) and
the privacy notice (ctrl+f), each written as html and opened in the system's browser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import t
from ..store.client_page import (
    client_page_paths,
    documents_folder,
    remove_print_copy,
    write_client_page,
    write_print_copy,
)
from ..store.copies import record_copy, remove_temporary_copies
from ..store.notice import NoticeProblem, notice_path, write_notice
from ..store.paths import DataFolderError, home
from ..store.typed_path import TypedPathProblem, folder_or_reason, led_to, reason
from .app_host import SessionHost

if TYPE_CHECKING:
    from .screens.client_page import PrintOnly


class ClientDocuments:
    """The documents written for the client, and the pages printed without a copy (removed
    as the app quits)."""

    def __init__(self, app: SessionHost) -> None:
        self.app = app
        # The client's pages written for printing only: removed as the app quits.
        self.print_copies: list[Path] = []

    def ask_for_client_page(self) -> None:
        """Write the client's page (html and md) into a folder the student chooses and open
        the html in the system's browser, for printing."""
        self.app.flush_texts()

        def chosen(folder: Path | PrintOnly | None) -> None:
            if folder is not None:
                self.write_client_page(folder)

        # lazy: the session's dialogs, 2.5 ms together before the first screen
        # (docs/ARCHITECTURE.md)
        from .screens.client_page import ClientPageModal

        lang = self.app.session_lang
        modal = ClientPageModal(
            lang,
            documents_folder(),
            choose_folder=lambda typed: folder_or_reason(typed, lang),
            through_link=led_to,
        )
        self.app.push_screen(modal, chosen)

    def _ask_to_replace(self, folder: Path, there: Path) -> None:
        """A page of the same name is in the folder: replaced only after a yes."""
        # lazy: the modal screens, 2 ms before the first screen (docs/ARCHITECTURE.md)
        from .screens.modals import ConfirmModal

        app = self.app

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_client_page(folder, replace=True)
            else:
                said = app.tr("page.not_replaced", folder=str(folder))
                app.notify(said, timeout=8, markup=False)

        modal = ConfirmModal(
            app.tr("page.replace_heading"),
            app.tr("page.replace", path=str(there)),
            cancel=app.tr("page.replace_keep"),
            confirm=app.tr("page.replace_confirm"),
        )
        app.push_screen(modal, answered)

    def write_client_page(self, folder: Path | PrintOnly, *, replace: bool = False) -> None:
        """Write the page where chosen (PRINT_ONLY: into a private temp folder, removed as
        the app quits), record the plaintext copies and open the html for printing. A page
        of the same name in the folder is replaced only after a yes."""
        # lazy: the client's page, 4 ms before the first screen
        from ..core.client import takeaway

        app = self.app
        session, lang = app.session, app.session_lang
        stem, code = t(lang, "page.file"), session.state.setup.client_code
        printing = not isinstance(folder, Path)
        if isinstance(folder, Path) and not replace:
            paths = client_page_paths(folder, stem, code, session.created)
            there = [path for path in paths if os.path.lexists(path)]
            if there:
                self._ask_to_replace(folder, there[0])
                return
        page = takeaway.build(app.protocol, session.state, session.created)
        try:
            if isinstance(folder, Path):
                html_path = write_client_page(folder, page, stem, code, session.created)
                written = [html_path, html_path.with_suffix(".md")]
            else:
                html_path = write_print_copy(page, stem, code, session.created)
                written = [html_path]
        except (OSError, TypedPathProblem) as exc:
            why = reason(exc, lang) if isinstance(exc, TypedPathProblem) else exc.strerror
            why = why or type(exc).__name__
            app.notify(app.tr("page.failed", reason=why), severity="error", markup=False)
            return
        self.print_copies += written if printing else []
        if app.student is not None:
            for path in written:
                kind = "print" if printing else "page"
                record_copy(app.student.home, path, session.session_id, kind, temporary=printing)
        said = app.tr("page.print_written") if printing else None
        said = said or app.tr("page.written", path=str(html_path))
        app.notify(said, timeout=12, markup=False)
        open_in_browser(html_path)

    def write_privacy_notice(self) -> None:
        """Write the client's privacy notice in the session's language, with the course's
        facts as the session recorded them, into the data folder's notices/ and open it in
        the system's browser for printing (it holds no client data: no folder is asked)."""
        app = self.app
        lang = app.session_lang
        try:
            base = app.student.home if app.student is not None else home()
            html_path = write_notice(notice_path(base, lang), app.session.state.privacy, lang)
        except (NoticeProblem, DataFolderError) as exc:  # the demo's data folder: home()
            app.notify(app.tr("notice.failed", reason=str(exc)), severity="error", markup=False)
            return
        app.notify(app.tr("notice.written", path=str(html_path)), timeout=12, markup=False)
        open_in_browser(html_path)

    def remove_print_copies(self, *, quitting: bool) -> None:
        """The pages printed without a copy go as the app quits (a crash leaves them to
        the next start, which finds them recorded: `quitting=False`)."""
        if quitting:
            for path in self.print_copies:
                remove_print_copy(path)
            self.print_copies = []
        if self.app.student is not None:
            remove_temporary_copies(self.app.student.home, quitting=quitting)


def open_in_browser(page: Path) -> None:
    """Open a page the app wrote in the system's browser, for printing: a local file, so
    nothing leaves the machine."""
    # lazy: with the session's dialogs, 2.5 ms together before the first screen
    # (docs/ARCHITECTURE.md)
    import webbrowser

    webbrowser.open(page.as_uri())

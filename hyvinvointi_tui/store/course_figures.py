"""Course figures over a folder of session files, read on every core.

Reading a file is the work (decrypt, parse, check, fold: some 9 ms on one core, most of it
the TOML parse); the figures of a file are a few numbers. So the files are read in chunks by
worker processes (`concurrent.futures`), each of which returns only the figures: a document
lives in one worker for the time of its own file, and the caller holds rows, never documents.
At most a few chunks per worker are in flight, so memory does not grow with the folder.

Every file of a course carries the same protocol (some 34 KB of its 55 KB): each worker
parses that line once (`CarriedSources`), and the protocol once per digest
(`session_document._carried`).
"""

from __future__ import annotations

import functools
import gc
import os
import secrets
import signal
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import field
from pathlib import Path
from typing import Any, Literal

from pyrage import x25519

from ..core.debrief import stats
from ..core.model.events import events_adapter
from ..core.model.protocol import shipped_by_digest
from ..core.record import Record, record
from ..core.untrusted import NotToml, Refused
from .session_document import load
from .session_file import SessionFileError
from .session_meta import read_toml

# How a file this program wrote starts its protocol's text (session_document.to_toml).
_SOURCE_LINE = '\nsource = "'
# Lines of carried protocols remembered by a worker (a course has one; an archive a few).
_KEPT_SOURCES = 8


class CarriedSources:
    """`read_toml`, with the protocol's text read once per process.

    The line `source = "…"` of a file is looked for where this program writes it; when it
    is one this reader has parsed before (alone, as TOML), the file is parsed with a short
    stand-in in its place and the text put back. The stand-in is random for each reader, so
    the result is the same as reading the whole file: if the stand-in is not what the
    document's `[protocol].source` reads (the line stood somewhere else, say inside another
    string), or the shorter text fails, the whole file is read as it is."""

    def __init__(self) -> None:
        self._stand_in = f"carried-{secrets.token_hex(16)}"
        self._sources: OrderedDict[str, str] = OrderedDict()

    def __call__(self, text: str) -> dict[str, Any]:
        start = text.find(_SOURCE_LINE) + 1
        end = text.find("\n", start) + 1
        source = self._source(text, start, end) if start and end else None
        if source is None:
            return read_toml(text)
        # The limits are checked on the text that is parsed (the shorter one, by read_toml)
        # and not on the whole: a line that ends a multi-line string around it makes the
        # two texts' strings end in different places, so the whole text's scan would not
        # cover what the parser reads. Where the line stands as this program writes it,
        # both scans see the same; any other failure reads the whole text as it is.
        try:
            doc = read_toml(f'{text[:start]}source = "{self._stand_in}"\n{text[end:]}')
        except (NotToml, Refused):
            return read_toml(text)
        table = doc.get("protocol")
        if not isinstance(table, dict) or table.get("source") != self._stand_in:
            return read_toml(text)
        table["source"] = source
        return doc

    def _source(self, text: str, start: int, end: int) -> str | None:
        """The string the line `text[start:end]` (`source = "…"`) sets, as read_toml reads
        it. A line read before is compared where it stands in the text, not looked up: the
        hash of a copy of its 34 KB took 0.02 ms a file."""
        for line, known in self._sources.items():
            if len(line) == end - start and text.startswith(line, start):
                self._sources.move_to_end(line)
                return known
        line = text[start:end]
        try:
            alone = read_toml(line)
        except (NotToml, Refused):
            return None
        value = alone.get("source")
        if list(alone) != ["source"] or not isinstance(value, str):
            return None
        self._sources[line] = value
        if len(self._sources) > _KEPT_SOURCES:
            self._sources.popitem(last=False)
        return value


@record
class FileFigures(Record):
    """What one file gave: its row, or why it gave none."""

    name: str
    kind: Literal["row", "no_consent", "unreadable"]
    row: dict[str, object] = field(default_factory=dict)
    problem: str = ""  # why it was not read (one line, its path left out)
    # The words of the row's protocol, with the first row of each protocol in a chunk.
    legend: stats.Legend | None = None


@record
class _Chunk(Record):
    paths: list[str]
    identities: tuple[str, ...]  # the secret keys, as text (to a worker of this machine)
    salt: bytes
    lang: str  # of the protocols' words in the legends


@functools.cache
def _reader(identities: tuple[str, ...]) -> tuple[list[x25519.Identity], CarriedSources]:
    """A worker's keys and reader, made once per process."""
    return [x25519.Identity.from_str(key) for key in identities], CarriedSources()


def _read_chunk(chunk: _Chunk) -> list[FileFigures]:
    identities, read = _reader(chunk.identities)
    told: set[str] = set()  # the protocols whose legend this chunk has given
    return [
        _figures(Path(path), identities, chunk.salt, read, chunk.lang, told) for path in chunk.paths
    ]


def _figures(
    path: Path,
    identities: list[x25519.Identity],
    salt: bytes,
    read: CarriedSources,
    lang: str,
    told: set[str],
) -> FileFigures:
    try:
        loaded = load(path, identities, read)
    except SessionFileError as exc:
        return FileFigures(
            name=path.name, kind="unreadable", problem=str(exc).removeprefix(f"{path}: ")
        )
    state = loaded.state  # folded once, by the parse; the row reads the same fold
    if state.consent.get("figures") is not True:
        return FileFigures(name=path.name, kind="no_consent")
    row = stats.row(loaded.protocol, loaded.events, loaded.meta.facts(), salt, state)
    name = str(row["protocol"])
    legend = None if name in told else stats.legend(loaded.protocol, lang)
    told.add(name)
    return FileFigures(name=path.name, kind="row", row=row, legend=legend)


def _worker_started() -> None:
    """ctrl+c is the command's to answer (in one line): a worker just stops with it. What
    the worker was forked with (the modules, the validators) lives as long as it does: out
    of the cycle collector's reach, which would otherwise walk it at each full collection
    while the worker makes and drops a file's objects (0.10 -> 0.04 ms a file). A file's
    objects are freed by their counts when it is done, so the collector need not look at
    the newest every 700 made (a file makes some 2,000 at once): every 10,000 still bounds
    what cycles could hold (2.31 -> 2.25 ms a file, the file's own work)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.set_threshold(10_000)


def workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunk_size(files: int, processes: int) -> int:
    """Small enough that each worker gets several (the load evens out, the bar moves),
    large enough that a chunk's round trip costs little beside its files."""
    return max(4, min(32, -(-files // (processes * 8))))


def read_figures(
    files: Sequence[Path],
    identities: Sequence[x25519.Identity],
    salt: bytes,
    processes: int | None = None,
    lang: str = "fi",
) -> Iterator[list[FileFigures]]:
    """The figures of each file, a chunk at a time, in the order of `files`. `processes`:
    worker processes (default: one a core); 1 reads in this process. `lang`: of the words
    in the protocols' legends."""
    processes = processes or workers()
    size = chunk_size(len(files), processes)
    keys = tuple(str(identity) for identity in identities)
    chunks = [
        _Chunk(
            paths=[str(path) for path in files[at : at + size]],
            identities=keys,
            salt=salt,
            lang=lang,
        )
        for at in range(0, len(files), size)
    ]
    if processes == 1 or len(chunks) < 2:
        for chunk in chunks:
            yield _read_chunk(chunk)
        return
    # What every worker needs and builds once (the events' validator takes 0.15 s), built
    # here before the workers are forked, so that none builds it again.
    events_adapter()
    shipped_by_digest("")
    with ProcessPoolExecutor(min(processes, len(chunks)), initializer=_worker_started) as pool:
        pending: deque[Future[list[FileFigures]]] = deque()
        waiting = iter(chunks)
        try:
            for chunk in waiting:  # a few chunks a worker in flight, no more
                pending.append(pool.submit(_read_chunk, chunk))
                if len(pending) >= processes * 3:
                    break
            while pending:
                done = pending.popleft().result()
                for chunk in waiting:
                    pending.append(pool.submit(_read_chunk, chunk))
                    break
                yield done
        except BaseException:  # interrupted, or the caller stopped reading: no more chunks
            pool.shutdown(cancel_futures=True)
            raise

"""The app's timers as one value: given to the app when it is made (`HyvinvointiApp(...,
timings=...)`), so that a test can run the real app on short timers and a reader finds every
delay, and why it is what it is, in one place."""

from __future__ import annotations

from ..core.record import Record, record


@record
class Timings(Record):
    """How long the app waits before each thing it does later, in seconds."""

    # Typing is reported this long after the first keystroke not yet reported, however the
    # student types: with autosave a crash loses at most REPORT + AUTOSAVE of typing, and a
    # session records at most one text event per field and window (a 90-minute session
    # typed through stays a few thousand events, which keeps saving and replay fast).
    report: float = 0.9
    # A change is on disk within this long: the first change after a save starts the
    # countdown, later ones ride along.
    autosave: float = 0.5
    # A failed save (a full disk) keeps the last good file and is tried again this much later.
    retry: float = 2.0
    # After a step change the save waits until the new screen has been drawn: serialising
    # holds the GIL, and the student is looking at the screen.
    step_save: float = 0.25
    # Hours typed in the time circle, and a named activity with its hours, are recorded once
    # the student has stopped typing this long (or settles them sooner): within the 2 s a
    # crash may lose, and one event per value settled on ("10" never first recorded as "1").
    settle: float = 0.9
    # The session clock on the screen is brought up to date this often.
    tick: float = 1.0
    # The next step's screen is built this long after a step is shown (after its save).
    prepare: float = 0.3
    # A screen built ahead is laid out this long after it was made (its widgets have mounted
    # by then), and painted unseen as long again after that.
    paint: float = 0.1


# Today's figures: what the app runs with unless told otherwise.
TIMINGS = Timings()

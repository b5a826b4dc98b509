"""Goals: actions as a list, and where a goal came from."""

from __future__ import annotations

from ...i18n import t
from ..model.protocol import Protocol
from ..model.steps import OsaStep


def split_actions(text: str) -> list[str]:
    """ "walk on Monday; call Anna" → ["walk on Monday", "call Anna"]."""
    return [part.strip() for part in text.split(";") if part.strip()]


def sources(protocol: Protocol, lang: str) -> list[tuple[str, str]]:
    """Every source a goal can link to, as (label, value): the talk, each instrument, each
    OSA item."""
    kinds = {step.kind for step in protocol.steps}
    found = [(t(lang, "goals.source_talk"), "talk")]
    for kind in ("stress", "time_circle"):
        if kind in kinds:
            found.append((t(lang, f"goals.source_{kind}"), kind))
    for step in protocol.steps:
        if isinstance(step, OsaStep):
            found += [
                (
                    t(lang, "goals.source_osa", number=i.number, label=i.label(lang)),
                    f"osa:{i.number}",
                )
                for i in step.items
            ]
    return found


def source_label(protocol: Protocol, source: str, lang: str) -> str:
    return dict((value, label) for label, value in sources(protocol, lang)).get(source, source)

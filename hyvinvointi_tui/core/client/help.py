"""Where the client can get help, on their page: the emergency number first, each contact
with its number and hours in the client's language — the whole list in a crisis, one line
on every other page."""

from __future__ import annotations

from ...i18n import t
from ..model.help_contacts import ALWAYS_OPEN, HelpContact
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..page import Section


def help_section(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """Where to get help, the emergency number first, each with its number and hours for
    the client's language; a contact without a number in this language is named all the
    same (the organisation adds its number). Where a line keeps limited hours, the numbers
    that answer at every hour are said once more."""
    section = Section(t(lang, "takeaway.help"), whole=True)
    contacts = sorted(state.help_contacts(protocol), key=lambda contact: not contact.emergency)
    for contact in contacts:
        called = contact.called(lang, " ") + _hours_note(contact, lang)
        section.lines.append(f"{called} — {contact.purpose(lang)}")
    if not any(contact.emergency for contact in contacts):
        section.lines.insert(0, t(lang, "takeaway.help_112"))
    if always := _always_open(contacts, lang):
        section.lines.append(always)
    return section


def _hours_note(contact: HelpContact, lang: str) -> str:
    """ " (open at all hours)", " (open Fridays 9 am – 1 pm only)", or "" where the service
    publishes no hours."""
    hours = contact.hours_for(lang)
    if not hours:
        return ""
    if hours == ALWAYS_OPEN:
        return f" ({t(lang, 'takeaway.always_open')})"
    return f" ({t(lang, 'takeaway.open_only', hours=hours)})"


def _always_open(contacts: list[HelpContact], lang: str) -> str:
    """ "Open at all hours: 112, 116117." when some line in this language keeps limited hours
    ("" otherwise, or when no number is known to answer at every hour)."""
    limited = any(c.hours_for(lang) not in ("", ALWAYS_OPEN) for c in contacts)
    numbers = [c.phone(lang) for c in contacts if c.always_open and c.phone(lang)]
    if not limited or not numbers:
        return ""
    return t(lang, "takeaway.always_open_numbers", numbers=", ".join(numbers))


def if_worse(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """One line on every page: what to do if things get worse."""
    contacts = state.help_contacts(protocol)
    others = [
        contact.called(lang) + _hours_note(contact, lang)
        for contact in contacts
        if not contact.emergency
    ]
    line = t(lang, "takeaway.worse_112")
    if others:
        line += " " + t(lang, "takeaway.worse_others", contacts=", ".join(others))
    if always := _always_open(contacts, lang):
        line += " " + always
    return Section(t(lang, "takeaway.worse"), [line], whole=True)

"""The client's copy of their data (`hyvinvointi access`): everything a session file keeps
about the client, as it stands after corrections, escaped, 0600 and recorded as a
plaintext copy."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.client import access_copy, access_html
from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.model.client_events import ConsentRecorded, FeedbackGiven
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import NoteAppended, SessionClosed, SetupChanged
from hyvinvointi_tui.core.model.step_events import GoalAdded, GoalEdited, GoalReviewed, StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key, review_note_key
from hyvinvointi_tui.i18n import Lang, t
from hyvinvointi_tui.store.copies import recorded_copies
from hyvinvointi_tui.store.session_store import SessionStore

from ..conftest import FakeClock
from ..helpers import consent_to_notes, save_session

DEMO = Path(__file__).parents[2] / "sessions" / "demo"
TEACHER_KEY = DEMO / "demo-teacher.key"


@pytest.fixture(autouse=True)
def helsinki(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The dates on the page are local: the tests read them in Finland's time, with a
    data folder of their own for the record of copies."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path / "home"))
    yield
    monkeypatch.undo()
    time.tzset()


def html_of(session: Session) -> str:
    kept = access_copy.Kept(
        protocol=session.protocol,
        state=session.state,
        created=session.created,
        session_id=session.session_id,
    )
    return access_html.to_html(access_copy.build([kept]))


def run_access(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["access", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_demo_sessions_copy_holds_notes_ratings_goals_and_consent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy.html"
    code, said, err = run_access(
        capsys, str(DEMO / "demo-session.age"), "--identity", str(TEACHER_KEY), "-o", str(out)
    )
    assert code == 0, err
    assert str(out) in said
    page = out.read_text(encoding="utf-8")
    assert "Tämä on kopio sinusta kirjatuista tiedoista" in page
    # What it leaves out is said, never "everything": the teacher's feedback comes apart.
    assert "Opettajan opiskelijoille antama palaute ei ole tässä" in page
    # The students' notes of each step, as they stand.
    assert "Lomautettu syyskuussa, päivät venyvät." in page
    assert "Talous ja epävarmuus kuormittavat." in page
    assert escape("Opiskelijoiden muistiinpanot") in page
    # The ratings: stress, the time circle's variants and activities, the OSA, feedback.
    assert "Stressitasosi: 3/5 — kohtalainen" in page
    assert "Ihanne: tuottava 6 h, vapaa-aika 6 h" in page
    assert "työnhaku (tuottava): nyt 2 h, ennen 0 h, ihanne 4 h" in page
    assert "14. Päivärytmi: suoriutuminen 1/4, tärkeys 4/4" in page
    assert "1. Päivärytmi" in page
    assert "Tulin kuulluksi: 4/4 (täysin)" in page
    # The answers: orientation, consent with its date, summary, goals and actions, closing.
    assert "Tiesit etukäteen osittain keskustelun tarkoituksen" in page
    assert (
        "Muistiinpanot saa tallentaa läpikäyntiä varten: Kyllä (vastasit 16.11.2026 klo 11.02)"
        in (page)
    )
    assert "Koit koonnin oikeaksi kuvaksi tilanteestasi." in page
    assert "Tavoite: Herään arkisin kahdeksalta (7.12.2026 mennessä)" in page
    assert "Keino: Aamukävely koiran kanssa" in page
    assert "Seuraava tapaaminen: 7.12.2026 klo 10.00" in page
    assert "Suositeltu palvelu: Työllisyyspalvelut" in page
    # The dates and the students as recorded; their preparation and reflection.
    assert "Alkoi 16.11.2026 klo 10.45" in page and "Päättyi 16.11.2026" in page
    assert "Opiskelijat: Opiskelija A, Opiskelija B" in page
    assert "Ohjattu työllisyyspalveluista" in page and "Sisko tukena; toimeentulo" in page
    # For the students on the screen, never on paper; no script, nothing fetched.
    assert '<aside class="for-students">' in page
    assert "@media print { .for-students { display: none; } }" in page
    assert "<script" not in page and "http" not in page.split("<body>")[1]
    # Printed at 12 pt: the body type is never smaller.
    assert "font-size: 12pt" in page


def test_a_corrected_answer_shows_only_the_correction(protocol: Protocol, clock: FakeClock) -> None:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-5", lang="en", students=["Aino", "Ben"]))
    consent_to_notes(session)
    session.record(StressRated(step="stress", value=2))
    clock.advance(60)
    session.record(StressRated(step="stress", value=3))  # rectified
    session.record(GoalAdded(step="goals", goal_id="g", text="Walk daily", actions=["mornings"]))
    session.record(GoalEdited(step="goals", goal_id="g", text="Swim weekly", actions=["Tuesdays"]))
    session.edit_text(notes_key("wellbeing"), "Lives in Espoo")
    session.edit_text(notes_key("wellbeing"), "Lives nearby")  # the first words, deleted
    session.record(ConsentRecorded(step="orientation", item="contact", given=True))
    clock.advance(60)
    session.record(ConsentRecorded(step="orientation", item="contact", given=False))
    page = html_of(session)
    assert "Your stress level: 3/5" in page and "2/5" not in page
    assert "Goal: Swim weekly" in page and "Walk daily" not in page and "mornings" not in page
    assert "Lives nearby" in page and "Espoo" not in page
    assert f"{escape(t('en', 'consent.contact'))}: No (your answer, " in page
    assert f"{escape(t('en', 'consent.contact'))}: Yes" not in page


OFFICE = {
    "fi": "Tietosuojavaltuutetun toimisto",
    "sv": "Dataombudsmannens byrå",
    "en": "Office of the Data Protection Ombudsman",
}
# A goal's action by the word the goals screen uses ("Keinot", "Åtgärder", "Actions").
ACTION = {"fi": "Keino", "sv": "Åtgärd", "en": "Action"}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_copy_names_the_authoritys_office_and_an_action_as_the_app_does(
    protocol: Protocol, clock: FakeClock, lang: Lang
) -> None:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-7", lang=lang, students=["Aino"]))
    session.record(GoalAdded(step="goals", goal_id="g", text="Walk", actions=["mornings"]))
    page = html_of(session)
    assert escape(OFFICE[lang]) in page and "tietosuoja.fi" in page
    assert f"{ACTION[lang]}: mornings" in page
    assert t(lang, "goals.actions").startswith(ACTION[lang])


def test_hostile_texts_are_escaped_and_their_controls_shown(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = Session(protocol, clock=clock)
    hostile = '<script>alert("x")</script><img src=http://evil/ onerror=x>\x1b[31m'
    session.start(SetupChanged(client_code="K-6", lang="fi", students=["<b>A</b>"]))
    consent_to_notes(session)
    session.edit_text(notes_key("wellbeing"), hostile)
    session.record(GoalAdded(step="goals", goal_id="g", text=hostile, actions=[hostile]))
    session.record(SessionClosed(step="closing"))
    session.record(NoteAppended(step="stress", text=hostile))
    page = html_of(session)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "\x1b" not in page
    assert page.count("&lt;script&gt;") == 4 and "␛[31m" in page
    assert "Opiskelijoiden merkintä, lisätty keskustelun jälkeen" in page


def test_the_file_is_private_and_recorded_as_a_plaintext_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new" / "folder" / "copy.html"
    code, _, err = run_access(
        capsys, str(DEMO / "demo-session.age"), "--identity", str(TEACHER_KEY), "-o", str(out)
    )
    assert code == 0, err
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(out.parent.parent.stat().st_mode) == 0o700
    (copy,) = recorded_copies(tmp_path / "home")
    assert (copy.path, copy.session_id, copy.kind) == (out, "demo00000001", "access")


def saved_chain(tmp_path: Path) -> tuple[Path, Path, x25519.Identity]:
    """A first session and its follow-up, saved beside each other for a teacher."""
    teacher = x25519.Identity.generate()
    folder = tmp_path / "sessions"
    folder.mkdir()
    protocol = resolve_protocol()
    first = Session(protocol, clock=FakeClock(), created="2026-11-02T09:00:00+02:00")
    first.start(SetupChanged(client_code="K-21", lang="en", students=["Aino", "Ben"]))
    consent_to_notes(first)
    first.record(StressRated(step="stress", value=2))
    first.record(GoalAdded(step="goals", goal_id="g1", text="Sleep by eleven"))
    first.edit_text(notes_key("wellbeing"), "First meeting's note")
    first.record(FeedbackGiven(step="closing", question="heard", value=4))
    first.record(SessionClosed(step="closing"))
    store = SessionStore(folder, [teacher.to_public()])
    save_session(store, first)
    store.close()
    follow_protocol = resolve_protocol("seurantakeskustelu")
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    second = Session(follow_protocol, clock=FakeClock(), created="2026-11-30T09:00:00+02:00")
    second.start(SetupChanged(client_code="K-21", lang="en", follow_up=True), previous)
    consent_to_notes(second, second.protocol.steps[0].id)
    review = next(step.id for step in follow_protocol.steps if step.kind == "review")
    second.record(GoalReviewed(step=review, goal_id="g1", progress="partly"))
    second.edit_text(review_note_key(review, "g1"), "Most nights")
    store = SessionStore(folder, [teacher.to_public()])
    save_session(store, second)
    store.close()
    (first_path,) = folder.glob(f"*_{first.session_id}.age")
    (second_path,) = folder.glob(f"*_{second.session_id}.age")
    key = tmp_path / "teacher.key"
    key.write_text(str(teacher) + "\n")
    return first_path, second_path, teacher


def test_a_chain_shows_every_session_and_records_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, _teacher = saved_chain(tmp_path)
    key = str(tmp_path / "teacher.key")
    out = tmp_path / "chain.html"
    code, _, err = run_access(capsys, str(second), "--chain", "--identity", key, "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "Wellbeing conversation, 2 November 2026" in page
    assert "2026, 30 November 2026" not in page and "30 November 2026" in page
    assert escape("First meeting's note") in page and "Your stress level: 2/5" in page
    assert "Goal “Sleep by eleven”: partly" in page and "Most nights" in page
    assert "Each meeting starts on a page of its own." in page
    # The earlier session is on the page itself: the follow-up's copy of it is not repeated.
    assert "Copied here from the previous meeting" not in page
    ids = {copy.session_id for copy in recorded_copies(tmp_path / "home")}
    assert ids == {path.name.removesuffix(".age").rsplit("_", 1)[1] for path in (first, second)}

    # Without --chain, the follow-up alone, with what it copied from the first.
    code, _, err = run_access(capsys, str(second), "--identity", key, "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert escape("First meeting's note") not in page
    assert "Copied here from the previous meeting (2 November 2026)" in page
    assert "Goal: Sleep by eleven" in page
    assert f"{escape(t('en', 'feedback.heard'))}: 4/4" in page  # copied, as it is kept


def test_a_chain_whose_first_session_is_gone_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, _teacher = saved_chain(tmp_path)
    first.unlink()
    out = tmp_path / "chain.html"
    key = str(tmp_path / "teacher.key")
    code, _, err = run_access(capsys, str(second), "--chain", "--identity", key, "-o", str(out))
    assert code == 0
    assert "was not found beside" in err and len(err.strip().splitlines()) == 1
    assert "Copied here from the previous meeting" in out.read_text(encoding="utf-8")


def test_the_commands_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = str(DEMO / "demo-session.age")
    teacher = str(TEACHER_KEY)
    stranger = tmp_path / "stranger.key"
    stranger.write_text(str(x25519.Identity.generate()) + "\n")
    damaged = tmp_path / "damaged.age"
    damaged.write_bytes((DEMO / "demo-session.age").read_bytes()[:-40])
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    cases = [
        ([session, "--identity", str(stranger), "-o", str(tmp_path / "a.html")], "cannot open"),
        ([str(damaged), "--identity", teacher, "-o", str(tmp_path / "a.html")], "damaged"),
        ([session, "--identity", teacher, "-o", str(tmp_path)], "it is a folder"),
        ([session, "--identity", teacher, "-o", str(link)], "symbolic link"),
        ([str(tmp_path / "missing.age"), "--identity", teacher], "no such file"),
    ]
    for args, reason in cases:
        code, out, err = run_access(capsys, *args)
        assert code == 1 and out == ""
        assert reason in err and len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
    assert not (tmp_path / "elsewhere.html").exists() and not (tmp_path / "a.html").exists()
    assert recorded_copies(tmp_path / "home") == []


@pytest.mark.slow
def test_the_student_opens_their_own_session_with_the_passphrase(
    protocol: Protocol,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hyvinvointi_tui.store import keys
    from hyvinvointi_tui.store.paths import private_dir, sessions_dir

    home = private_dir(tmp_path / "home")
    public = keys.create_student_identity(home, "oikea-salasana-1")
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-9", lang="sv", students=["Ella"]))
    consent_to_notes(session)
    session.edit_text(notes_key("wellbeing"), "Sover dåligt")
    store = SessionStore(sessions_dir(home), [x25519.Recipient.from_str(public)])
    save_session(store, session)
    store.close()
    (path,) = sessions_dir(home).glob("*.age")
    out = tmp_path / "kopia.html"
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "fel-lösenord-1")
    code, _, err = run_access(capsys, str(path), "-o", str(out))
    assert code == 1 and len(err.strip().splitlines()) == 1 and not out.exists()
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "oikea-salasana-1")
    code, _, err = run_access(capsys, str(path), "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "Uppgifter som antecknats om dig" in page and "Sover dåligt" in page
    assert '<html lang="sv">' in page
